// write_file_atomically: regular files replaced whole, FIFOs written in place (never renamed
// over, the bug that once turned /dev/null into a regular file), symbolic links followed.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <stdexcept>

#include "importers/atomic_output.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using nanoscope::importers::write_file_atomically;

namespace {

std::size_t entries(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST_CASE("atomic output: a regular file is replaced whole and keeps its permissions") {
  const auto dir = nanoscope::test::fresh_temp_dir("atomic-regular");
  const auto file = dir / "out.txt";
  std::ofstream(file) << "old";
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  write_file_atomically(file.string(), [](std::ostream& out) { out << "new"; });
  CHECK(nanoscope::test::read_text(file.string()) == "new");
  CHECK(fs::status(file).permissions() == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  CHECK_THROWS_AS(write_file_atomically(file.string(), [](std::ostream& out) {
                    out << "half";
                    throw std::runtime_error("writer failed");
                  }),
                  std::runtime_error);
  CHECK(nanoscope::test::read_text(file.string()) == "new");
  CHECK(entries(dir) == 1);  // no temporary file left
  CHECK_THROWS_WITH(write_file_atomically(dir.string(), [](std::ostream&) {}), (dir.string() + ": is a directory").c_str());
  fs::remove_all(dir);
}

TEST_CASE("atomic output: a FIFO is written in place and stays a FIFO") {
  const auto dir = nanoscope::test::fresh_temp_dir("atomic-fifo");
  const auto fifo = dir / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // The reader opens the FIFO's other end; the writer's open waits for it.
  auto reader = std::async(std::launch::async, [&] {
    std::ifstream in(fifo, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  });
  write_file_atomically(fifo.string(), [](std::ostream& out) { out << "through the pipe\n"; });
  CHECK(reader.get() == "through the pipe\n");
  CHECK(fs::is_fifo(fs::symlink_status(fifo)));
  CHECK(entries(dir) == 1);
  fs::remove_all(dir);
}

TEST_CASE("atomic output: a symbolic link is followed; the link stays, its target is replaced") {
  const auto dir = nanoscope::test::fresh_temp_dir("atomic-link");
  fs::create_directories(dir / "real");
  std::ofstream(dir / "real" / "target.json") << "old";
  fs::create_symlink("real/target.json", dir / "link.json");  // relative to the link's folder
  write_file_atomically((dir / "link.json").string(), [](std::ostream& out) { out << "new"; });
  CHECK(fs::is_symlink(fs::symlink_status(dir / "link.json")));
  CHECK(nanoscope::test::read_text((dir / "real" / "target.json").string()) == "new");
  // A dangling link names the file to create.
  fs::create_symlink(dir / "real" / "made.json", dir / "dangling.json");
  write_file_atomically((dir / "dangling.json").string(), [](std::ostream& out) { out << "made"; });
  CHECK(fs::is_symlink(fs::symlink_status(dir / "dangling.json")));
  CHECK(nanoscope::test::read_text((dir / "real" / "made.json").string()) == "made");
  // A link to a FIFO writes into the FIFO.
  REQUIRE(::mkfifo((dir / "real" / "pipe").c_str(), 0600) == 0);
  fs::create_symlink(dir / "real" / "pipe", dir / "pipe-link");
  auto reader = std::async(std::launch::async, [&] {
    std::ifstream in(dir / "real" / "pipe", std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  });
  write_file_atomically((dir / "pipe-link").string(), [](std::ostream& out) { out << "piped"; });
  CHECK(reader.get() == "piped");
  CHECK(fs::is_fifo(fs::symlink_status(dir / "real" / "pipe")));
  fs::remove_all(dir);
}
