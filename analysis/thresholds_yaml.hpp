// Reads detector thresholds from the `analysis:` section of a scenario YAML file, so a team
// can keep its thresholds beside its simulation and economics parameters.
#pragma once

#include <string>

#include "analysis/thresholds.hpp"

namespace nanoscope::analysis {

/// Applies `analysis: {thresholds: {name: value, ...}}` from the scenario file at `path` on
/// top of `thresholds`. Other top-level sections belong to other libraries and are left alone;
/// a file without an `analysis:` section changes nothing. Throws std::runtime_error
/// "FILE:LINE:COL: message" for syntax errors, unknown names, or values that are not
/// non-negative numbers.
void apply_thresholds_yaml(Thresholds& thresholds, const std::string& path);

/// The same, from YAML text; `name` is used in error messages.
void apply_thresholds_yaml_text(Thresholds& thresholds, const std::string& text, const std::string& name);

}  // namespace nanoscope::analysis
