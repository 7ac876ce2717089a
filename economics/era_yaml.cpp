// Reading an era file: the economics: section here, the simulation: section through the
// simulator's own reader, so both sections report errors the same way (FILE:LINE:COLUMN).
#include "economics/era.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "sim/scenario_yaml.hpp"
#include "model/yaml_error.hpp"

namespace nanoscope::economics {
namespace {

[[noreturn]] void fail(const std::string& source, const YAML::Mark& mark, const std::string& message) {
  throw EraError(model::yaml_error(source, mark, message));
}

double number(const std::string& source, const YAML::Node& node, const std::string& path) {
  if (!node.IsScalar()) fail(source, node.Mark(), path + ": expected a number");
  double v = 0.0;
  try {
    v = node.as<double>();
  } catch (const YAML::Exception&) {
    fail(source, node.Mark(), path + ": expected a number, got '" + node.Scalar() + "'");
  }
  if (!std::isfinite(v)) fail(source, node.Mark(), path + ": expected a finite number");
  return v;
}

Range read_range(const std::string& source, const YAML::Node& node, const std::string& path) {
  if (node.IsScalar()) {
    const double v = number(source, node, path);
    return {v, v};
  }
  if (!node.IsSequence() || node.size() != 2)
    fail(source, node.Mark(), path + ": expected a number or a range [low, high]");
  Range r{number(source, node[0], path + "[0]"), number(source, node[1], path + "[1]")};
  if (r.low > r.high) fail(source, node.Mark(), path + ": range low is above high");
  return r;
}

std::string stem_of(const std::string& source) {
  return std::filesystem::path(source).stem().string();
}

}  // namespace

Era parse_era_yaml(std::string_view text, const std::string& source) {
  Era era;
  era.source = source;
  era.name = source.empty() ? "default" : stem_of(source);
  try {
    era.simulation = sim::parse_scenario_yaml(text, source);
  } catch (const sim::ScenarioError& e) {
    throw EraError(e.what());
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    fail(source, e.mark, "invalid YAML: " + e.msg);
  }
  if (!root.IsMap()) return era;
  const YAML::Node econ = root["economics"];
  if (!econ || econ.IsNull()) return era;
  if (!econ.IsMap()) fail(source, econ.Mark(), "economics: expected a mapping");
  for (const auto& kv : econ) {
    const std::string key = kv.first.Scalar();
    const YAML::Node& value = kv.second;
    if (key == "era") {
      if (!value.IsScalar()) fail(source, value.Mark(), "economics.era: expected a name");
      era.name = value.Scalar();
    } else if (key == "description") {
      if (!value.IsScalar()) fail(source, value.Mark(), "economics.description: expected text");
      era.description = value.Scalar();
    } else if (key == "samples") {
      const double v = number(source, value, "economics.samples");
      if (v < 1 || v > 100000 || v != std::floor(v))
        fail(source, value.Mark(), "economics.samples: expected a whole number in [1, 100000]");
      era.samples = static_cast<std::uint32_t>(v);
    } else if (key == "seed") {
      const double v = number(source, value, "economics.seed");
      if (v < 0 || v != std::floor(v)) fail(source, value.Mark(), "economics.seed: expected a whole number >= 0");
      era.seed = static_cast<std::uint64_t>(v);
    } else if (key == "parameters") {
      if (!value.IsMap()) fail(source, value.Mark(), "economics.parameters: expected a mapping");
      for (const auto& p : value) {
        const std::string name = p.first.Scalar();
        const auto param = parse_param(name);
        if (!param) fail(source, p.first.Mark(), "unknown economic parameter '" + name + "' (see docs/economics.md)");
        Range r = read_range(source, p.second, "economics.parameters." + name);
        if (r.low < 0) fail(source, p.second.Mark(), "economics.parameters." + name + ": must not be negative");
        era.params[*param] = r;
        era.set_in_file.push_back(*param);
      }
    } else {
      fail(source, kv.first.Mark(),
           "unknown key '" + key + "' in economics (known: era, description, samples, seed, parameters)");
    }
  }
  return era;
}

Era load_era_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw EraError(path + ": cannot open scenario file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_era_yaml(buffer.str(), path);
}

std::vector<Era> load_bundled_eras(const std::string& root) {
  std::vector<Era> eras;
  for (const char* name : {"soa-2012", "microservices-2016", "ai-native-2026"})
    eras.push_back(load_era_file((std::filesystem::path(root) / "scenarios" / "eras" / (std::string(name) + ".yaml")).string()));
  return eras;
}

}  // namespace nanoscope::economics
