// The acceptance test of per-system analysis: analysing two unrelated corpus inputs together
// gives, system by system, exactly the report of each alone (findings, metrics, matrix), also
// for the shape (a large dependency-links file next to a one-span trace).
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "analysis/system_analysis.hpp"
#include "importers/import_set.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
namespace fs = std::filesystem;

namespace {

std::string json_of(const analysis::AnalysisReport& report) {
  std::ostringstream out;
  analysis::write_json_report(out, report);
  return out.str();
}

struct Alone {
  std::set<std::string> services;
  std::string report;  // JSON report of the file analysed on its own
  std::size_t findings = 0;
};

Alone analyse_alone(const std::string& path) {
  const auto r = importers::import_inputs({path});
  Alone a;
  for (const auto& s : r.graph.services()) a.services.insert(s.name);
  const auto report = analysis::analyze(r.graph);
  a.report = json_of(report);
  a.findings = report.findings.size();
  REQUIRE(model::split_systems(r.graph).size() == 1);
  return a;
}

bool disjoint(const std::set<std::string>& a, const std::set<std::string>& b) {
  for (const auto& name : a)
    if (b.count(name)) return false;
  return true;
}

// Analyses the inputs together, per system, and checks each system's report equals the report
// of its single input analysed alone. Returns the number of systems.
std::size_t check_together(const std::vector<std::string>& paths, const std::map<std::string, Alone>& alone) {
  const auto together = importers::import_inputs(paths);
  const auto systems = model::split_systems(together.graph);
  const auto reports = analysis::analyze_systems(together.graph, systems);
  REQUIRE(reports.size() == systems.size());
  for (const auto& r : reports) {
    REQUIRE(r.inputs.size() == 1);
    CAPTURE(r.inputs[0].path);
    CHECK(r.system.inputs.size() == 1);
    const auto& expected = alone.at(r.inputs[0].path);
    CHECK(r.report.findings.size() == expected.findings);
    CHECK(json_of(r.report) == expected.report);
  }
  return systems.size();
}

}  // namespace

TEST_CASE("system analysis: two unrelated corpus inputs together give each one's findings") {
  std::map<std::string, Alone> alone;
  std::vector<std::string> paths;
  for (const auto& name : test::corpus_trace_inputs()) {
    paths.push_back(test::corpus_path(name));
    alone[paths.back()] = analyse_alone(paths.back());
  }
  REQUIRE(paths.size() >= 15);
  std::size_t pairs = 0;
  for (std::size_t i = 0; i < paths.size(); ++i)
    for (std::size_t j = i + 1; j < paths.size(); ++j) {
      // Unrelated: no service in common (a file and the CSV derived from it are one system).
      if (!disjoint(alone[paths[i]].services, alone[paths[j]].services)) continue;
      CAPTURE(paths[i]);
      CAPTURE(paths[j]);
      CHECK(check_together({paths[i], paths[j]}, alone) == 2);
      ++pairs;
    }
  MESSAGE(pairs << " unrelated pairs compared");
  CHECK(pairs >= 30);
}

TEST_CASE("system analysis: a large dependency-links file and an unrelated one-span file") {
  // The shape: dependency links carry calls but no entry requests; a one-span trace
  // brings entries. Merged, the links' calls were divided by the other file's requests.
  const fs::path dir = fs::temp_directory_path() / ("nanoscope-systems-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string links = (dir / "dependencies.json").string();
  {
    std::ofstream out(links);
    out << "[";
    constexpr int kServices = 400;
    bool first = true;
    for (int i = 0; i < kServices; ++i)
      for (const int step : {1, 7, 31}) {
        const int to = (i * 3 + step) % kServices;
        if (to == i) continue;
        out << (first ? "" : ",") << "{\"parent\":\"svc-" << i << "\",\"child\":\"svc-" << to
            << "\",\"callCount\":" << (1000 + 37 * i + step) << "}";
        first = false;
      }
    out << "]\n";
  }
  const std::string span = test::corpus_path("zipkin-benchmark-client.json");
  std::map<std::string, Alone> alone{{links, analyse_alone(links)}, {span, analyse_alone(span)}};
  REQUIRE(disjoint(alone[links].services, alone[span].services));
  CHECK(check_together({links, span}, alone) == 2);

  const auto together = importers::import_inputs({links, span});
  const auto merged = analysis::analyze(together.graph).findings.size();
  MESSAGE("findings: links alone " << alone[links].findings << ", span alone " << alone[span].findings
                                   << ", merged into one graph " << merged);
  model::Diagnostics diagnostics;
  model::report_systems(together.graph, model::split_systems(together.graph), diagnostics);
  CHECK(diagnostics.count("several-systems") == 1);
  fs::remove_all(dir);
}

TEST_CASE("system analysis: the report of one system is the plain report; several get sections") {
  const auto one = importers::import_inputs({test::corpus_path("zipkin-yelp.json")});
  const auto single = analysis::analyze_systems(one.graph, model::split_systems(one.graph));
  REQUIRE(single.size() == 1);
  for (const auto format : {analysis::ReportFormat::Text, analysis::ReportFormat::Json, analysis::ReportFormat::Markdown}) {
    std::ostringstream plain, systems;
    analysis::write_report(plain, analysis::analyze(one.graph), format);
    analysis::write_systems_report(systems, single, format);
    CHECK(plain.str() == systems.str());
  }

  const auto two = importers::import_inputs(
      {test::corpus_path("zipkin-yelp.json"), test::corpus_path("jaeger-ui-petclinic-trace.json")});
  const auto reports = analysis::analyze_systems(two.graph, model::split_systems(two.graph));
  REQUIRE(reports.size() == 2);
  std::ostringstream json;
  analysis::write_systems_report(json, reports, analysis::ReportFormat::Json);
  const auto parsed = nlohmann::json::parse(json.str());
  REQUIRE(parsed["systems"].size() == 2);
  for (std::size_t k = 0; k < 2; ++k) {
    const auto& s = parsed["systems"][k];
    CHECK(s["index"] == k + 1);
    CHECK(s["name"] == reports[k].system.name);
    CHECK(s["inputs"].size() == 1);
    CHECK(s["inputs"][0]["path"] == reports[k].inputs[0].path);
    CHECK(s["window"].contains("start_us"));
    CHECK(s["report"] == nlohmann::json::parse(json_of(reports[k].report)));
  }
  std::ostringstream text;
  analysis::write_systems_report(text, reports, analysis::ReportFormat::Text);
  CHECK(text.str().find("=== System 1 of 2: ") == 0);
  CHECK(text.str().find("=== System 2 of 2: ") != std::string::npos);
  std::ostringstream markdown;
  analysis::write_systems_report(markdown, reports, analysis::ReportFormat::Markdown);
  CHECK(markdown.str().find("# System 2 of 2: ") != std::string::npos);
}
