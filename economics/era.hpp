// An era: the platform and people of a time (SOA 2012, microservices 2016, AI-native 2026 or
// the user's own) as one scenario file: a `simulation:` section (sim/scenario_yaml.hpp) and an
// `economics:` section with a [low, high] range per economic parameter. Schema: docs/economics.md.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "economics/parameters.hpp"
#include "sim/scenario.hpp"

namespace nanoscope::economics {

/// A scenario file that cannot be used; what() is "FILE:LINE:COLUMN: message".
class EraError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Everything an economic evaluation needs besides the graph.
struct Era {
  std::string name = "default";   ///< economics.era, else the file name without extension
  std::string description;
  std::string source;             ///< file it came from ("" when built in code)
  sim::Scenario simulation;       ///< the file's simulation: section
  ParamRanges params;             ///< economics.parameters
  std::uint32_t samples = 200;    ///< Monte-Carlo samples of the ranges
  std::uint64_t seed = 1;         ///< seed of those samples
  /// Parameters the file set (in file order); the rest keep the table defaults.
  std::vector<Param> set_in_file;
};

/// Parses scenario YAML text; `source` names it in messages and gives the default name.
/// Unknown parameters, malformed ranges (low > high, not numbers) and a bad simulation
/// section throw EraError naming the position.
[[nodiscard]] Era parse_era_yaml(std::string_view text, const std::string& source);

/// Reads and parses an era file. Throws EraError.
[[nodiscard]] Era load_era_file(const std::string& path);

/// The bundled eras (scenarios/eras/*.yaml) in chronological order, found under `root`
/// (the repository root). Throws EraError when one is missing.
[[nodiscard]] std::vector<Era> load_bundled_eras(const std::string& root);

}  // namespace nanoscope::economics
