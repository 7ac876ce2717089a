// session::locate_scenarios: the environment wins, then the install prefix, then the source tree.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "session/scenario_locator.hpp"

namespace fs = std::filesystem;
using nanoscope::session::locate_scenarios;

namespace {

// A throw-away folder laid out as an installed prefix: bin/nanoscope and share/nanoscope/scenarios.
struct FakePrefix {
  fs::path root = fs::temp_directory_path() / fs::path("nanoscope-locator-" + std::to_string(::getpid()));
  FakePrefix() {
    fs::create_directories(root / "bin");
    fs::create_directories(root / "share" / "nanoscope" / "scenarios" / "eras");
    std::ofstream(root / "share" / "nanoscope" / "scenarios" / "eras" / "soa-2012.yaml") << "name: x\n";
  }
  ~FakePrefix() { fs::remove_all(root); }
};

}  // namespace

TEST_CASE("scenario lookup: an installed binary finds share/nanoscope beside its bin folder") {
  FakePrefix prefix;
  const auto lookup = locate_scenarios(nullptr, prefix.root / "bin" / "nanoscope");
  CHECK(fs::equivalent(lookup.found, prefix.root / "share" / "nanoscope"));
}

TEST_CASE("scenario lookup: NANOSCOPE_ROOT is tried first, the source tree last") {
  FakePrefix prefix;
  const auto lookup = locate_scenarios(NANOSCOPE_SOURCE_DIR, prefix.root / "bin" / "nanoscope");
  REQUIRE(lookup.tried.size() == 3);
  CHECK(lookup.found == fs::path(NANOSCOPE_SOURCE_DIR));
  // A root without the eras is skipped, not an error.
  const auto skipped = locate_scenarios("/nonexistent/nanoscope", "/nonexistent/bin/nanoscope");
  CHECK(skipped.tried.front() == fs::path("/nonexistent/nanoscope"));
  CHECK(skipped.found == fs::path(NANOSCOPE_SOURCE_DIR));  // the build's own source tree
}

TEST_CASE("scenario lookup: a build tree binary falls back to its source tree") {
  const auto lookup = locate_scenarios("", fs::path(NANOSCOPE_SOURCE_DIR) / "build" / "nanoscope");
  CHECK(lookup.tried.size() == 2);  // an empty variable is not a candidate
  CHECK(lookup.found == fs::path(NANOSCOPE_SOURCE_DIR));
}
