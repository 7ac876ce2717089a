// The one way YAML readers say where a problem is: "FILE:LINE:COL: message" from a yaml-cpp
// mark (1-based line and column), or "FILE: message" when the mark is unknown. Used by every
// YAML reader (eras, scenarios, thresholds, partition files, manifests) so their errors read alike.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>

namespace nanoscope::model {

/// A 1-based position in a YAML text; the column is unknown for some marks.
struct YamlPosition {
  std::uint64_t line = 0;
  std::optional<std::uint64_t> column;
};

/// The position of `mark`, or nullopt for a null mark (yaml-cpp's "no position").
[[nodiscard]] std::optional<YamlPosition> yaml_position(const YAML::Mark& mark);

/// "FILE:LINE:COL: message" ("FILE:LINE: message" without a column, "FILE: message" without a position).
[[nodiscard]] std::string yaml_error(std::string_view file, const YAML::Mark& mark, std::string_view message);

/// A yaml-cpp parse error as "FILE:LINE:COL: PREFIXmessage" (its message, without yaml-cpp's own position).
[[nodiscard]] std::string yaml_error(std::string_view file, const YAML::Exception& error, std::string_view prefix = {});

}  // namespace nanoscope::model
