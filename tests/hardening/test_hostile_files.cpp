// Hostile file-system inputs: a FIFO, /dev/zero, an empty file, unreadable files in a folder
// (as nobody when the tests run as root), inputs that fail for root too (a symbolic-link loop,
// a path too long, a directory for a file), a file truncated while it is mapped (the message
// names it), and the size limits.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <string>

#include "hardening/hostile_support.hpp"
#include "importers/csv_reader.hpp"
#include "importers/interrupt_cleanup.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using namespace nanoscope::test::hostile;

TEST_CASE("hostile files: a FIFO or a device given as input is refused at once, never read") {
  auto dir = scratch("fifo");
  const auto fifo = (dir / "traces.json").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // Without a writer, opening the FIFO for reading would block forever: the error must come first.
  CHECK(try_import({fifo}) == fifo + ": not a regular file (a pipe, socket or device)");
  CHECK(try_import({"/dev/zero"}) == "/dev/zero: not a regular file (a pipe, socket or device)");
  CHECK(import_error([&] { (void)importers::InputFile::read(fifo); }) == fifo + ": not a regular file");
  // A FIFO inside a folder is not an input; the folder's files are imported.
  write_file(dir / "z.json", test::read_text(test::corpus_path("zipkin-messaging.json")));
  importers::ImportResult r;
  CHECK(try_import({dir.string()}, &r) == "");
  CHECK(r.files.size() == 1);
  CHECK(r.spans > 0);
}

TEST_CASE("hostile files: an empty or blank file is a warning and an empty graph") {
  auto dir = scratch("empty");
  write_file(dir / "empty.json", "");
  write_file(dir / "blank.yaml", " \n\r\n\t\n");
  for (const char* name : {"empty.json", "blank.yaml"}) {
    CAPTURE(name);
    importers::ImportResult r;
    CHECK(try_import({(dir / name).string()}, &r) == "");
    CHECK(r.diagnostics.count("empty-file") == 1);
    CHECK(r.graph.service_count() == 0);
  }
  // The library imports nothing with a warning; the CLI refuses the empty result (exit 1).
  auto cli = run_cli("import " + (dir / "empty.json").string());
  CHECK(cli.code == 1);
  CHECK(cli.out == "nanoscope: error: nothing imported: " + (dir / "empty.json").string() + ": empty file\n");
}

namespace {

/// Runs `observe` as an unprivileged user and returns what it wrote. Root reads mode-000 files,
/// so as root (CI) a forked child drops to nobody (setgid, setgroups, setuid) first; a child
/// that cannot answers "cannot drop privileges". Not root: runs in this process.
std::string as_unprivileged(const std::function<std::string()>& observe) {
  if (::geteuid() != 0) return observe();
  int out[2];
  REQUIRE(::pipe(out) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(out[0]);
    std::string text = "cannot drop privileges";
    const ::gid_t nogroup = 65534;
    if (::setgroups(0, nullptr) == 0 && ::setgid(nogroup) == 0 && ::setuid(65534) == 0 && ::geteuid() != 0) {
      try {
        text = observe();
      } catch (const std::exception& e) {
        text = std::string("exception: ") + e.what();
      }
    }
    for (std::size_t done = 0; done < text.size();) {
      const ::ssize_t n = ::write(out[1], text.data() + done, text.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    ::_exit(0);
  }
  ::close(out[1]);
  std::string text;
  char buf[512];
  for (::ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  ::close(out[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(WIFEXITED(status));
  return text;
}

/// A folder nobody else may write but everyone may enter (the scratch folders are root's when
/// the tests run as root, and the unprivileged child must reach the files in them).
fs::path open_scratch(const std::string& name) {
  auto dir = scratch(name);
  // scratch() made TMP/nanoscope-hostile-PID/NAME: open both levels.
  for (const auto& p : {dir, dir.parent_path()})
    fs::permissions(p, fs::perms::others_read | fs::perms::others_exec | fs::perms::group_read |
                           fs::perms::group_exec, fs::perm_options::add);
  return dir;
}

}  // namespace

TEST_CASE("hostile files: unreadable files in a folder are skipped with a warning; named, an error") {
  auto dir = open_scratch("unreadable");
  write_file(dir / "a.json", test::read_text(test::corpus_path("zipkin-messaging.json")));
  write_file(dir / "locked.json", test::read_text(test::corpus_path("zipkin-messaging.json")));
  fs::create_directories(dir / "locked-dir");
  write_file(dir / "locked-dir" / "b.json", "[]");
  fs::create_directories(dir / "out");
  fs::permissions(dir / "out", fs::perms::all);  // the unprivileged CLI may write here
  ::chmod((dir / "locked.json").c_str(), 0);
  ::chmod((dir / "locked-dir").c_str(), 0);
  const auto locked = (dir / "locked.json").string();
  const auto out = (dir / "out" / "graph.json").string();
  // Each observation on its own line, as the unprivileged process saw it.
  const std::string seen = as_unprivileged([&] {
    importers::ImportResult r;
    std::string lines = try_import({dir.string()}, &r) + "\n";
    lines += std::to_string(r.diagnostics.count("unreadable-file")) + " " +
             std::to_string(r.diagnostics.count("unreadable-directory")) + " " + std::to_string(r.files.size()) + "\n";
    lines += try_import({locked}) + "\n";
    const auto cli = run_cli("import " + locked + " -o " + out);
    lines += std::to_string(cli.code) + "\n" + cli.out;
    lines += fs::exists(out) ? "output written\n" : "no output\n";
    return lines;
  });
  ::chmod((dir / "locked-dir").c_str(), 0700);
  CHECK(seen == "\n"                                              // the folder imports
                "1 1 1\n"                                         // one file, one folder skipped; a.json read
                + locked + ": cannot open: Permission denied\n"   // named, an error
                "1\n"                                             // the CLI: exit 1, one line, no output
                "nanoscope: error: " + locked + ": cannot open: Permission denied\n"
                "no output\n");
}

TEST_CASE("hostile files: inputs that fail for every user, root included, are one-line errors naming them") {
  auto dir = scratch("for-everyone");
  const auto out = (dir / "graph.json").string();
  // A loop of symbolic links: no file at the end of it.
  const auto loop = (dir / "loop.json").string();
  fs::create_symlink(dir / "loop-b.json", loop);
  fs::create_symlink(loop, dir / "loop-b.json");
  // A path longer than PATH_MAX.
  std::string long_path = dir.string();
  while (long_path.size() < 5000) long_path += "/" + std::string(200, 'x');
  // A directory where a file is expected.
  fs::create_directories(dir / "folder.json");
  const auto folder = (dir / "folder.json").string();
  CHECK(try_import({loop}) == loop + ": cannot read: Too many levels of symbolic links");
  CHECK(try_import({long_path}) == long_path + ": cannot read: File name too long");
  CHECK(import_error([&] { (void)importers::InputFile::read(loop); }) ==
        loop + ": cannot open: Too many levels of symbolic links");
  CHECK(import_error([&] { (void)importers::InputFile::read(folder); }) == folder + ": is a directory");
  for (const auto& input : {loop, long_path}) {
    auto cli = run_cli("import " + input + " -o " + out);
    CHECK(cli.code == 1);
    CHECK(one_line(cli.out));
    CHECK(cli.out.starts_with("nanoscope: error: " + input + ": "));
    CHECK(!fs::exists(out));
  }
  // The FIFO, opened by the CLI: refused before any read, so no writer is ever waited for.
  const auto fifo = (dir / "traces.json").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto cli = run_cli("import " + fifo + " -o " + out);
  CHECK(cli.code == 1);
  CHECK(cli.out == "nanoscope: error: " + fifo + ": not a regular file (a pipe, socket or device)\n");
  CHECK(!fs::exists(out));
  // An output path that is a directory: the input is fine, nothing is written in its place.
  const auto input = (dir / "z.json").string();
  write_file(input, test::read_text(test::corpus_path("zipkin-messaging.json")));
  cli = run_cli("import " + input + " -o " + folder);
  CHECK(cli.code != 0);
  CHECK(one_line(cli.out));
  CHECK(cli.out.find(folder) != std::string::npos);
  CHECK(fs::is_directory(folder));
  CHECK(fs::is_empty(folder));
  // A folder holding a symbolic-link loop: its real file is imported; the loop is no input.
  fs::create_directories(dir / "tree");
  write_file(dir / "tree" / "z.json", test::read_text(test::corpus_path("zipkin-messaging.json")));
  fs::create_directory_symlink(dir / "tree", dir / "tree" / "self");
  importers::ImportResult r;
  CHECK(try_import({(dir / "tree").string()}, &r) == "");
  CHECK(r.files.size() == 1);
}

namespace {

/// In a child process with the CLI's handlers: maps `path` with `read` (which must then touch
/// every page), after truncating it. Returns the child's stderr; `status` gets its exit status.
std::string run_truncated(const std::string& path, const std::function<void()>& read, int& status) {
  int err[2];
  REQUIRE(::pipe(err) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::dup2(err[1], STDERR_FILENO);
    try {
      importers::install_interrupt_cleanup();
      read();
    } catch (...) {
      ::_exit(4);
    }
    ::_exit(2);  // not reached when the file was mapped
  }
  ::close(err[1]);
  std::string message;
  char buf[512];
  for (::ssize_t n; (n = ::read(err[0], buf, sizeof buf)) > 0;) message.append(buf, static_cast<std::size_t>(n));
  ::close(err[0]);
  int wait_status = 0;
  ::waitpid(child, &wait_status, 0);
  status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
  return message;
}

}  // namespace

TEST_CASE("hostile files: a mapped input truncated while it is read ends with a one-line error naming it") {
  // The handlers installed by the CLI turn the SIGBUS of reading past the new end of a mapped
  // file into a message naming the file, and exit status 1.
  auto dir = scratch("shrinking");
  const auto path = (dir / "big.json").string();
  const std::string tail =
      ": the file shrank while it was being read (changed by another process?); nothing was written\n";
  write_file(path, std::string(4u << 20, ' '));
  int status = 0;
  auto message = run_truncated(path, [&] {
    const auto file = importers::InputFile::read(path);
    if (::truncate(path.c_str(), 0) != 0) ::_exit(3);
    volatile char sink = 0;
    for (std::size_t i = 0; i < file.size(); i += 4096) sink = static_cast<char>(sink + file.data()[i]);
  }, status);
  CHECK(status == 1);
  CHECK(message == "nanoscope: error: " + path + tail);

  // The streaming CSV reader maps large files too.
  const auto csv = (dir / "calls.csv").string();
  std::string rows = "timestamp,traceid,rpcid,um,rpctype,interface,dm,rt\n";
  while (rows.size() < (4u << 20)) rows += "1,t1,0,USER,http,home,front,5\n";
  write_file(csv, rows);
  message = run_truncated(csv, [&] {
    importers::detail::CsvReader reader(csv);
    if (::truncate(csv.c_str(), 0) != 0) ::_exit(3);
    while (reader.next()) {
    }
  }, status);
  CHECK(status == 1);
  CHECK(message == "nanoscope: error: " + csv + tail);

  // A mapping nobody registered still gets the one-line message, without a name.
  message = run_truncated(path, [&] {
    write_file(path, std::string(1u << 20, ' '));
    const int fd = ::open(path.c_str(), O_RDONLY);
    void* p = ::mmap(nullptr, 1u << 20, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED || ::truncate(path.c_str(), 0) != 0) ::_exit(3);
    volatile char sink = static_cast<const char*>(p)[4096];
    (void)sink;
  }, status);
  CHECK(status == 1);
  CHECK(message == "nanoscope: error: an input file shrank while it was being read (changed by another process?); "
                   "nothing was written\n");
}

TEST_CASE("hostile files: a file that grows while it is read is taken as it was when opened") {
  auto dir = scratch("growing");
  const auto path = (dir / "z.json").string();
  const std::string text = test::read_text(test::corpus_path("zipkin-messaging.json"));
  write_file(path, text);
  const auto file = importers::InputFile::read(path);
  {
    std::FILE* f = std::fopen(path.c_str(), "ab");
    REQUIRE(f);
    std::fputs("garbage appended later", f);
    std::fclose(f);
  }
  CHECK(file.text() == text);
}

TEST_CASE("hostile files: size limits are configurable, and exceeding one names the file and the option") {
  auto dir = scratch("limits");
  const auto json = (dir / "z.json").string();
  write_file(json, test::read_text(test::corpus_path("zipkin-messaging.json")));
  const auto size = fs::file_size(json);
  importers::ImportOptions options;
  options.limits.max_file_bytes = size - 1;
  CHECK(try_import({json}, nullptr, options) == json + ": file is " + std::to_string(size) +
                                                    " bytes, more than the limit of " + std::to_string(size - 1) +
                                                    " bytes (raise it with --limit input-size=BYTES)");
  options.limits.max_file_bytes = size;
  CHECK(try_import({json}, nullptr, options) == "");
  const auto yaml = test::corpus_path("k8s-sock-shop.yaml");
  options.limits.max_file_bytes = 0;
  options.limits.max_manifest_bytes = 1000;
  CHECK(try_import({yaml}, nullptr, options).ends_with("more than the limit of 1000 bytes (raise it with --limit "
                                                       "manifest-size=BYTES)"));
  auto cli = run_cli("import --limit manifest-size=1000 " + yaml);
  CHECK(cli.code == 1);
  CHECK(cli.out.starts_with("nanoscope: error: " + yaml + ": file is "));
  CHECK(one_line(cli.out));
  CHECK(run_cli("import --limit input-size=100M " + yaml).code == 0);
}
