// The configurable limits of an import (docs/limits.md): one struct, one name per limit, and
// "NAME=VALUE" settings as the CLI's `--limit` option takes them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nanoscope::importers {

/// Deepest YAML nesting yaml-cpp 0.7 reads (its own DepthGuard); yaml-depth cannot go higher.
inline constexpr std::uint64_t kYamlCppMaxDepth = 2000;

/// Limits of an import; exceeding one is an ImportError naming the file (and the position
/// where there is one) and the `--limit NAME=VALUE` that raises it.
struct ImportLimits {
  /// `input-size`: largest input file in bytes; 0: no limit.
  std::uint64_t max_file_bytes = 0;
  /// `manifest-size`: largest YAML manifest or .env file in bytes (they are parsed into a
  /// tree in memory); 0: no limit.
  std::uint64_t max_manifest_bytes = std::uint64_t{64} << 20;
  /// `csv-row`: longest call-graph CSV row (quoted line breaks included) in bytes; at least 1.
  std::uint64_t max_csv_row_bytes = std::uint64_t{64} << 20;
  /// `yaml-depth`: deepest nesting of YAML collections in a manifest; 1 to kYamlCppMaxDepth.
  std::uint64_t max_yaml_depth = kYamlCppMaxDepth;
};

/// One limit's name (as in `--limit NAME=VALUE`), unit and meaning, for help and errors.
struct LimitInfo {
  std::string_view name;
  std::string_view unit;  ///< "bytes" (K, M, G suffixes accepted: KiB, MiB, GiB) or "levels"
  std::string_view meaning;
  std::uint64_t value;    ///< the value in the ImportLimits described
};

/// Every limit, in a fixed order, with its value in `limits`.
[[nodiscard]] std::vector<LimitInfo> describe(const ImportLimits& limits);

/// Applies one "NAME=VALUE" setting (e.g. "csv-row=1M", "yaml-depth=100"). Throws
/// std::invalid_argument with a one-line message for a malformed setting, an unknown name
/// (the message lists the valid ones) or a value out of the limit's range.
void apply_limit_setting(ImportLimits& limits, std::string_view setting);

/// Limits with every setting applied in order (later settings of a name win).
[[nodiscard]] ImportLimits parse_limit_settings(const std::vector<std::string>& settings,
                                                ImportLimits limits = {});

/// A size for messages: "64 MiB", "3 KiB", "1000 bytes" (whole KiB/MiB/GiB when exact).
[[nodiscard]] std::string describe_bytes(std::uint64_t bytes);

/// The end of an exceeded limit's message: "(raise it with --limit NAME=BYTES)" (or =LEVELS).
[[nodiscard]] std::string limit_hint(std::string_view name);

}  // namespace nanoscope::importers
