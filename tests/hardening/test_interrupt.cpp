// No lost work: an output written through write_file_atomically() and interrupted (SIGINT)
// leaves the previous file as it was and no temporary file behind, in-process and end to end.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "hardening/hostile_support.hpp"
#include "importers/atomic_output.hpp"
#include "importers/interrupt_cleanup.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using namespace nanoscope::test::hostile;

namespace {

/// Files in `dir` whose name holds ".tmp." (what write_file_atomically() writes first).
int temporary_files(const fs::path& dir) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.path().filename().string().find(".tmp.") != std::string::npos;
  return n;
}

/// A DeathStarBench-style call-graph CSV with many distinct operations, so that both the
/// import and the writing of its graph take a noticeable time.
std::string generated_csv(std::size_t rows) {
  std::string out =
      "traceId,traceTime,startTime,endTime,parentId,childId,childOperation,parentOperation,childMS,childPod,"
      "parentMS,parentPod,parentDuration,childDuration\n";
  std::uint64_t x = 88172645463325252ull;  // xorshift: deterministic
  auto next = [&] { return x ^= x << 13, x ^= x >> 7, x ^= x << 17; };
  for (std::size_t i = 0; i < rows; ++i) {
    const auto parent = next() % 60, child = next() % 60, op = next() % 10;
    const std::string t = std::to_string(i / 8), ts = std::to_string(1695943858153000 + i);
    out += "t" + t + "," + ts + "," + ts + "," + ts + ",p" + std::to_string(i) + ",c" + std::to_string(i) + ",op" +
           std::to_string(op) + ",op" + std::to_string(op + 1) + ",svc" + std::to_string(child) + ",pod,svc" +
           std::to_string(parent) + ",pod,757,518\n";
  }
  return out;
}

/// Starts `nanoscope import -q INPUT -o OUTPUT`, sends SIGINT after `delay` (never when
/// negative); the wait status.
int import_and_interrupt(const std::string& input, const std::string& output, double delay) {
  const pid_t child = ::fork();
  if (child == 0) {
    ::execl(NANOSCOPE_BINARY, NANOSCOPE_BINARY, "import", "-q", input.c_str(), "-o", output.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  if (delay >= 0) {
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
    ::kill(child, SIGINT);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return status;
}

}  // namespace

TEST_CASE("interrupt: SIGINT while an output is written removes the temporary file, keeps the old one") {
  auto dir = scratch("interrupt-inprocess");
  const auto target = (dir / "graph.json").string();
  write_file(target, "OLD CONTENT\n");
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    importers::install_interrupt_cleanup();
    try {
      importers::write_file_atomically(target, [](std::ostream& out) {
        out << std::string(1 << 20, 'x');
        out.flush();
        ::raise(SIGINT);  // the handler removes the temporary file and ends the process
      });
    } catch (...) {
    }
    ::_exit(0);  // not reached
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGINT);
  CHECK(test::read_text(target) == "OLD CONTENT\n");
  CHECK(temporary_files(dir) == 0);
}

TEST_CASE("interrupt: `nanoscope import -o` interrupted at any moment leaves the old file or a whole new one") {
  auto dir = scratch("interrupt-cli");
  const auto input = (dir / "calls.csv").string();
  const auto output = (dir / "graph.json").string();
  write_file(input, generated_csv(60000));
  // How long an uninterrupted run takes here (sanitizer builds are slower): the interrupts
  // below land at fractions of it, in the import and in the writing of the graph.
  const auto t0 = std::chrono::steady_clock::now();
  const int full = import_and_interrupt(input, output, -1);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE(WIFEXITED(full));
  REQUIRE(WEXITSTATUS(full) == 0);
  const std::string complete = test::read_text(output);
  REQUIRE(complete.size() > 1000);
  int interrupted = 0;
  for (double fraction : {0.2, 0.5, 0.8, 0.9, 0.95}) {
    CAPTURE(fraction);
    write_file(output, "OLD CONTENT\n");
    const int status = import_and_interrupt(input, output, fraction * seconds);
    const std::string now = test::read_text(output);
    if (WIFSIGNALED(status)) {
      CHECK(WTERMSIG(status) == SIGINT);
      // Before the rename: the old file; after it (the signal came while exiting): the new one.
      CHECK((now == "OLD CONTENT\n" || now == complete));
      interrupted += now == "OLD CONTENT\n";
    } else {
      CHECK(WEXITSTATUS(status) == 0);  // finished before the signal: the whole new graph
      CHECK(now == complete);
    }
    CHECK(temporary_files(dir) == 0);
  }
  CHECK(interrupted > 0);
}
