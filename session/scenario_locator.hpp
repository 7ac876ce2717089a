// Where the bundled scenarios (scenarios/eras/*.yaml, scenarios/examples) live, for every front
// end: one lookup so the CLI and the GUI agree and a moved or installed binary still finds them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace nanoscope::session {

/// The places a scenarios root is looked for, in order, and which one holds the bundled eras.
struct ScenarioLookup {
  std::vector<std::filesystem::path> tried;  ///< candidate roots in the order they were tried
  std::filesystem::path found;               ///< the first that holds scenarios/eras; empty if none
};

/// Candidate roots, in order: $NANOSCOPE_ROOT when set (an explicit choice wins); the install
/// prefix relative to the running executable (<prefix>/bin/x -> <prefix>/share/nanoscope); the
/// source tree the binary was built from. `environment_root` and `executable` are parameters so
/// tests need not touch the process environment; pass std::getenv / running_executable().
[[nodiscard]] ScenarioLookup locate_scenarios(const char* environment_root,
                                              const std::filesystem::path& executable);

/// The root holding scenarios/eras for this process (environment, executable, source tree).
/// Throws std::runtime_error naming every place tried when none holds them.
[[nodiscard]] std::filesystem::path scenarios_root();

/// The path of the running executable (/proc/self/exe); empty when it cannot be read.
[[nodiscard]] std::filesystem::path running_executable();

}  // namespace nanoscope::session
