// A parser for the Prometheus text exposition format (version 0.0.4, plus the OpenMetrics
// text details that show up in scrapes: `# EOF`, exemplars after ` # `).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importers/input_file.hpp"

namespace nanoscope::importers::detail {

/// One label of a sample, its value unescaped.
struct PromLabel {
  std::string name;
  std::string value;
};

/// One sample line: `name{labels} value [timestamp]`.
struct PromSample {
  std::string_view name;
  std::vector<PromLabel> labels;  ///< in the order written
  double value = 0;               ///< may be NaN or +-Inf
  std::optional<std::int64_t> timestamp_ms;
  std::uint64_t offset = 0;       ///< byte offset of the line (for messages)

  /// Value of label `name`, or nullptr.
  [[nodiscard]] const std::string* label(std::string_view label_name) const;
};

/// Reads samples one line at a time; `# HELP`, `# TYPE`, other comments and blank lines are
/// skipped. Malformed lines throw ImportError with line and column.
class PromTextParser {
 public:
  explicit PromTextParser(const InputFile& file) : file_(file) {}
  /// Reads the next sample into `sample`; false at the end of the input.
  bool next(PromSample& sample);

 private:
  void parse_line(std::size_t begin, std::size_t end, PromSample& sample);
  [[noreturn]] void fail(std::size_t offset, const std::string& message) const { file_.fail_at(offset, message); }

  const InputFile& file_;
  std::size_t pos_ = 0;
};

/// Parses a sample value: a decimal or exponent number, NaN, +Inf, -Inf, Inf.
[[nodiscard]] bool parse_prom_value(std::string_view text, double& out);

}  // namespace nanoscope::importers::detail
