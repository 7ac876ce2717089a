// Excluding infrastructure before analysis, on the OpenTelemetry demo compose file: the
// collector and the feature-flag service no longer make knots, and findings name none of the
// excluded services.
#include <doctest/doctest.h>

#include <algorithm>

#include "analysis/analysis.hpp"
#include "importers/import_set.hpp"
#include "model/service_filter.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;

namespace {

std::size_t count_kind(const analysis::AnalysisReport& report, analysis::FindingKind kind) {
  return static_cast<std::size_t>(
      std::count_if(report.findings.begin(), report.findings.end(), [&](const auto& f) { return f.kind == kind; }));
}

}  // namespace

TEST_CASE("infrastructure exclusion: the OpenTelemetry demo's findings without collector and flags") {
  const auto imported = importers::import_inputs({test::corpus_path("compose-opentelemetry-demo.yaml")});
  const auto all = analysis::analyze(imported.graph);
  const auto [graph, summary] = model::exclude_services(imported.graph, model::exclusion_predicate({}));
  const auto kept = analysis::analyze(graph);
  MESSAGE("opentelemetry demo compose: " << all.findings.size() << " findings, "
                                         << count_kind(all, analysis::FindingKind::Knot) << " knots, "
                                         << all.knots << " strongly connected sets; after exclusion "
                                         << kept.findings.size() << " findings, "
                                         << count_kind(kept, analysis::FindingKind::Knot) << " knots, " << kept.knots
                                         << " strongly connected sets; " << model::describe_exclusion(summary));
  for (const char* name : {"otel-collector", "flagd", "frontend-proxy"})
    CHECK(std::find(summary.infrastructure.begin(), summary.infrastructure.end(), name) !=
          summary.infrastructure.end());
  CHECK(graph.service_count() + summary.infrastructure.size() == imported.graph.service_count());
  // Measured: 7 findings (2 knots) with infrastructure, none without it.
  CHECK(count_kind(all, analysis::FindingKind::Knot) >= 1);
  CHECK(count_kind(kept, analysis::FindingKind::Knot) == 0);
  CHECK(kept.findings.size() < all.findings.size());
  CHECK(summary.dropped_edges > 0);
  for (const auto& f : kept.findings)
    for (const auto& s : f.services) CHECK(std::find(summary.infrastructure.begin(), summary.infrastructure.end(), s) ==
                                           summary.infrastructure.end());
}
