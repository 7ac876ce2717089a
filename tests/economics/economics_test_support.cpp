// Shared builders of the economics tests.
#include "economics/economics_test_support.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <nlohmann/json.hpp>

#include "importers/graph_writers.hpp"
#include "importers/import_set.hpp"

namespace nanoscope::test {

model::CallGraph social_network_graph() {
  return importers::import_inputs({std::string(NANOSCOPE_SOURCE_DIR) + "/scenarios/examples/social-network"}).graph;
}

std::vector<economics::Era> bundled_eras() { return economics::load_bundled_eras(NANOSCOPE_SOURCE_DIR); }

std::vector<economics::Era> quick_eras(std::uint32_t samples) {
  auto eras = bundled_eras();
  for (auto& e : eras) e.samples = samples;
  return eras;
}

model::CallGraph disjoint_copies(const model::CallGraph& graph, int copies) {
  std::ostringstream text;
  importers::write_graph_json(text, graph, nullptr);
  const auto one = nlohmann::json::parse(text.str());
  nlohmann::json all = one;
  all["services"] = nlohmann::json::array();
  all["edges"] = nlohmann::json::array();
  all["operation_edges"] = nlohmann::json::array();
  all["diagnostics"] = nlohmann::json::array();
  for (int k = 1; k <= copies; ++k) {
    auto rename = [k](const std::string& name) { return k == 1 ? name : name + "~" + std::to_string(k); };
    for (auto s : one["services"]) {
      s["name"] = rename(s["name"].get<std::string>());
      all["services"].push_back(s);
    }
    for (auto e : one["edges"]) {
      e["from"] = rename(e["from"].get<std::string>());
      e["to"] = rename(e["to"].get<std::string>());
      all["edges"].push_back(e);
    }
    for (auto e : one["operation_edges"]) {
      e["from"]["service"] = rename(e["from"]["service"].get<std::string>());
      e["to"]["service"] = rename(e["to"]["service"].get<std::string>());
      all["operation_edges"].push_back(e);
    }
  }
  const auto path = std::filesystem::temp_directory_path() /
                    ("nanoscope-copies-" + std::to_string(copies) + "-" + std::to_string(::getpid()) + ".graph.json");
  std::ofstream(path) << all.dump();
  auto imported = importers::import_inputs({path.string()}).graph;
  std::filesystem::remove(path);
  return imported;
}

economics::MeasureContext measure_context(const model::CallGraph& graph, const economics::Era& era, double load_scale) {
  const auto& rate = era.params[economics::Param::ProductionRatePerS];
  return economics::make_measure_context(graph, era.simulation, load_scale * rate.low, load_scale * rate.high,
                                         load_scale * rate.mid());
}

}  // namespace nanoscope::test
