// "FILE:LINE:COL: message" from yaml-cpp marks.
#include "model/yaml_error.hpp"

namespace nanoscope::model {

std::optional<YamlPosition> yaml_position(const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0) return std::nullopt;
  YamlPosition p;
  p.line = static_cast<std::uint64_t>(mark.line) + 1;
  if (mark.column >= 0) p.column = static_cast<std::uint64_t>(mark.column) + 1;
  return p;
}

std::string yaml_error(std::string_view file, const YAML::Mark& mark, std::string_view message) {
  std::string out(file);
  if (const auto p = yaml_position(mark)) {
    out += ":" + std::to_string(p->line);
    if (p->column) out += ":" + std::to_string(*p->column);
  }
  return out.append(": ").append(message);
}

std::string yaml_error(std::string_view file, const YAML::Exception& error, std::string_view prefix) {
  return yaml_error(file, error.mark, std::string(prefix) + error.msg);
}

}  // namespace nanoscope::model
