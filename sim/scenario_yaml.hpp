// Reading the `simulation:` section of a scenario YAML file into a Scenario. Every field is
// optional with the default of sim/scenario.hpp; unknown keys and wrong types are errors
// naming FILE:LINE:COLUMN. Other top-level sections (economics:, analysis:, ...) belong to
// other libraries and are ignored here. Schema: docs/scenarios.md, section "simulation".
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/scenario.hpp"

namespace nanoscope::sim {

/// A scenario file that cannot be used; what() is "FILE:LINE:COLUMN: message".
class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses scenario YAML text; `source` names it in error messages. A document without a
/// `simulation:` key (or an empty one) gives the defaults. Throws ScenarioError.
[[nodiscard]] Scenario parse_scenario_yaml(std::string_view text, const std::string& source);

/// Reads and parses a scenario file. Throws ScenarioError (also when it cannot be read).
[[nodiscard]] Scenario load_scenario_file(const std::string& path);

/// Name of an encoding or protocol as written in scenario files ("json", "http2", ...).
[[nodiscard]] std::string_view to_string(Encoding encoding);
[[nodiscard]] std::string_view to_string(Protocol protocol);
[[nodiscard]] std::string_view to_string(Arrivals arrivals);
[[nodiscard]] std::string_view to_string(Concurrency concurrency);
[[nodiscard]] std::string_view to_string(CapacityPolicy policy);

}  // namespace nanoscope::sim
