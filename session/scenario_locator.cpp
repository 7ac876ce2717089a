// Finds the bundled scenarios: environment, then the install prefix, then the source tree.
#include "session/scenario_locator.hpp"

#include <cstdlib>
#include <stdexcept>
#include <system_error>

#ifndef NANOSCOPE_SOURCE_DIR
#define NANOSCOPE_SOURCE_DIR ""
#endif
#ifndef NANOSCOPE_INSTALL_DATADIR
#define NANOSCOPE_INSTALL_DATADIR "share/nanoscope"
#endif

namespace nanoscope::session {
namespace {

bool holds_eras(const std::filesystem::path& root) {
  std::error_code ec;
  return std::filesystem::is_regular_file(root / "scenarios" / "eras" / "soa-2012.yaml", ec);
}

}  // namespace

ScenarioLookup locate_scenarios(const char* environment_root, const std::filesystem::path& executable) {
  ScenarioLookup lookup;
  if (environment_root && *environment_root) lookup.tried.emplace_back(environment_root);
  if (!executable.empty()) {
    // <prefix>/bin/nanoscope -> <prefix>/share/nanoscope; a build tree has no such folder.
    const auto prefix = executable.parent_path().parent_path();
    lookup.tried.push_back(prefix / NANOSCOPE_INSTALL_DATADIR);
  }
  if (*NANOSCOPE_SOURCE_DIR) lookup.tried.emplace_back(NANOSCOPE_SOURCE_DIR);
  for (const auto& root : lookup.tried)
    if (holds_eras(root)) {
      lookup.found = root;
      break;
    }
  return lookup;
}

std::filesystem::path running_executable() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path{} : path;
}

std::filesystem::path scenarios_root() {
  const auto lookup = locate_scenarios(std::getenv("NANOSCOPE_ROOT"), running_executable());
  if (!lookup.found.empty()) return lookup.found;
  std::string places;
  for (const auto& root : lookup.tried) places += (places.empty() ? "" : ", ") + root.string();
  throw std::runtime_error("bundled scenarios not found (scenarios/eras/soa-2012.yaml under: " +
                           (places.empty() ? std::string("no candidate") : places) +
                           "); set NANOSCOPE_ROOT or pass --scenario");
}

}  // namespace nanoscope::session
