// Scenario-file thresholds: the `analysis.thresholds` mapping, validated name by name with the
// same rules as `--threshold name=value`, errors pointing at the offending line and column.
#include "analysis/thresholds_yaml.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

#include "model/yaml_error.hpp"

namespace nanoscope::analysis {
namespace {

[[noreturn]] void fail(const std::string& name, const YAML::Mark& mark, const std::string& message) {
  throw std::runtime_error(model::yaml_error(name, mark, message));
}

}  // namespace

void apply_thresholds_yaml_text(Thresholds& thresholds, const std::string& text, const std::string& name) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    fail(name, e.mark, e.msg);
  }
  if (!root || root.IsNull()) return;
  if (!root.IsMap()) fail(name, root.Mark(), "a scenario file is a mapping of sections (simulation:, analysis:, ...)");
  const YAML::Node section = root["analysis"];
  if (!section || section.IsNull()) return;
  if (!section.IsMap()) fail(name, section.Mark(), "'analysis' must be a mapping");
  for (const auto& item : section) {
    const auto key = item.first.as<std::string>();
    if (key != "thresholds") fail(name, item.first.Mark(), "unknown key 'analysis." + key + "' (expected 'thresholds')");
    const YAML::Node table = item.second;
    if (table.IsNull()) continue;
    if (!table.IsMap()) fail(name, table.Mark(), "'analysis.thresholds' must be a mapping of name: value");
    for (const auto& setting : table) {
      const auto threshold = setting.first.as<std::string>();
      if (!setting.second.IsScalar()) fail(name, setting.second.Mark(), "threshold " + threshold + " needs a number");
      const std::string error =
          apply_threshold_setting(thresholds, threshold + "=" + setting.second.as<std::string>());
      if (!error.empty()) fail(name, setting.first.Mark(), error);
    }
  }
}

void apply_thresholds_yaml(Thresholds& thresholds, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open scenario file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw std::runtime_error(path + ": cannot read scenario file");
  apply_thresholds_yaml_text(thresholds, text.str(), path);
}

}  // namespace nanoscope::analysis
