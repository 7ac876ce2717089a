// Hostile file-system inputs: a FIFO, /dev/zero, an empty file, unreadable files in a folder,
// a file truncated while it is mapped (the message names it), and the size limits.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
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

TEST_CASE("hostile files: unreadable files in a folder are skipped with a warning; named, an error") {
  if (::geteuid() == 0) {
    // root reads mode-000 files anyway, so permissions cannot be tested here: say so.
    MESSAGE("running as root: permission checks do not apply; unreadable-file test skipped");
    return;
  }
  auto dir = scratch("unreadable");
  write_file(dir / "a.json", test::read_text(test::corpus_path("zipkin-messaging.json")));
  write_file(dir / "locked.json", test::read_text(test::corpus_path("zipkin-messaging.json")));
  fs::create_directories(dir / "locked-dir");
  write_file(dir / "locked-dir" / "b.json", "[]");
  ::chmod((dir / "locked.json").c_str(), 0);
  ::chmod((dir / "locked-dir").c_str(), 0);
  importers::ImportResult r;
  CHECK(try_import({dir.string()}, &r) == "");
  CHECK(r.diagnostics.count("unreadable-file") == 1);
  CHECK(r.diagnostics.count("unreadable-directory") == 1);
  CHECK(r.files.size() == 1);
  CHECK(try_import({(dir / "locked.json").string()}) ==
        (dir / "locked.json").string() + ": cannot open: Permission denied");
  ::chmod((dir / "locked-dir").c_str(), 0700);
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
