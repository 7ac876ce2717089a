// Corpus systems analysed end to end (DeathStarBench social network, SmartThings Zipkin
// trace), pinned as golden text and JSON reports (UPDATE_GOLDEN=1 rewrites them for review).
#include <doctest/doctest.h>

#include <sstream>

#include "analysis/analysis.hpp"
#include "analysis/report_writers.hpp"
#include "importers/import_set.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;

namespace {

std::string render(const analysis::AnalysisReport& report, analysis::ReportFormat format) {
  std::ostringstream out;
  analysis::write_report(out, report, format);
  return out.str();
}

analysis::AnalysisReport analyse_corpus(const char* name) {
  const auto result = importers::import_inputs({test::corpus_path(name)});
  return analysis::analyze(result.graph);
}

}  // namespace

TEST_CASE("analysis golden: DeathStarBench social network traces") {
  const auto report = analyse_corpus("jaeger-deathstarbench-social-20traces.json");
  CHECK(report.entry_requests == 20);
  CHECK(test::check_golden("analysis/jaeger-deathstarbench-social-20traces.txt", render(report, analysis::ReportFormat::Text)) == "");
  CHECK(test::check_golden("analysis/jaeger-deathstarbench-social-20traces.json", render(report, analysis::ReportFormat::Json)) == "");
  CHECK(test::check_golden("analysis/jaeger-deathstarbench-social-20traces.md", render(report, analysis::ReportFormat::Markdown)) == "");
}

TEST_CASE("analysis golden: SmartThings OAuth authorization trace") {
  const auto report = analyse_corpus("zipkin-smartthings-oauth-authorization.json");
  CHECK(report.entry_requests == 1);
  CHECK(test::check_golden("analysis/zipkin-smartthings-oauth-authorization.txt", render(report, analysis::ReportFormat::Text)) == "");
  CHECK(test::check_golden("analysis/zipkin-smartthings-oauth-authorization.json", render(report, analysis::ReportFormat::Json)) == "");
}
