// What changed between two graphs of one system (`nanoscope diff`, and the GUI's diff view):
// services and operations added and removed, service-level edges added and removed, per-edge
// changes in call rate, error rate and latency percentiles with their significance, findings
// that appeared or resolved (a knot that formed is the headline), and -- when priced -- each
// side's overhead bill in each era. Plain data computed without I/O; the writers are
// diff_writers.hpp, the statistics diff_statistics.hpp, the schema and the tests docs/diff.md.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "analysis/finding.hpp"
#include "analysis/thresholds.hpp"
#include "economics/era.hpp"
#include "economics/sweep.hpp"
#include "model/call_graph.hpp"
#include "model/cancellation.hpp"

namespace nanoscope::session {

/// What each side's counts are divided by to compare them as rates.
enum class ExposureKind {
  Requests,  ///< entry requests on both sides: calls per request
  Seconds,   ///< no requests on a side but both windows known: calls per second
  None,      ///< neither: raw counts, as if both sides covered the same stretch
};
/// "requests", "seconds", "none".
[[nodiscard]] const char* to_string(ExposureKind kind);

/// One side's summary.
struct DiffSide {
  std::string label;                    ///< what the side was read from (inputs, or "before TIME")
  std::size_t services = 0, operations = 0, edges = 0;  ///< service-level edges
  std::uint64_t requests = 0;           ///< entry requests
  std::uint64_t traces = 0;
  std::optional<std::int64_t> window_start_us, window_end_us;
  double exposure = 1.0;                ///< requests, seconds or 1 (DiffResult::exposure)
};

/// A service-level edge present on one side only.
struct EdgePresence {
  std::string from, to;
  std::uint64_t calls = 0;  ///< on the side where it exists
  double rate = 0.0;        ///< calls / that side's exposure
};

/// An operation present on one side only.
struct OperationName {
  std::string service, operation;
  bool operator==(const OperationName&) const = default;
};

/// One side of a service-level edge held by both sides.
struct EdgeFigures {
  std::uint64_t calls = 0, errors = 0;
  double rate = 0.0;        ///< calls / exposure
  double error_rate = 0.0;  ///< errors / calls
  std::uint64_t latency_samples = 0;
  double p50_us = 0.0, p90_us = 0.0, p99_us = 0.0;
};

/// A latency percentile before and after and whether the histograms support the change.
struct PercentileChange {
  double q = 0.5;
  double before_us = 0.0, after_us = 0.0;
  bool significant = false;
};

/// A service-level edge held by both sides, compared.
struct EdgeChange {
  std::string from, to;
  EdgeFigures before, after;
  double rate_ratio = 1.0;      ///< after.rate / before.rate
  /// poisson_rate_p_value of the calls over the exposures; NaN (not tested) when the rate moved
  /// less than DiffOptions::min_rate_change, which is never flagged.
  double rate_p_value = std::numeric_limits<double>::quiet_NaN();
  bool rate_significant = false;
  double error_p_value = 1.0;   ///< two_proportion_p_value of the errors over the calls
  bool error_significant = false;
  std::vector<PercentileChange> latency;  ///< p50, p90, p99
  /// Any change flagged (rate, error rate or a percentile).
  [[nodiscard]] bool changed() const;
  /// |log2(rate_ratio)|: how far the rate moved, for ordering and colouring.
  [[nodiscard]] double magnitude() const;
};

/// A finding on one side only, with the key that matched it.
struct FindingChange {
  std::string key;  ///< finding_key
  analysis::Finding finding;
};

/// Each side's overhead bill in one era, with the paired difference (same Monte-Carlo samples).
struct EraBill {
  std::string era;
  economics::LevelResult before, after;  ///< the observed services of each side priced
  economics::Band overhead_change, net_change;  ///< after minus before, sample by sample (USD/year)
};

/// How to compare.
struct DiffOptions {
  /// Family-wise error rate of each measure: a change is flagged when its p-value is below
  /// alpha / (edges compared) (Bonferroni), so with no real change nothing is flagged in 95%
  /// of diffs however many edges there are.
  double alpha = 0.05;
  /// A significant rate change smaller than this (relative) is not flagged: with millions of
  /// calls a 1% drift is "significant" and still noise to an architect.
  double min_rate_change = 0.10;
  /// ... nor an error-rate change smaller than this many percentage points (0.5 = 0.5%).
  double min_error_rate_points = 0.5;
  /// Latency percentiles are compared only with this many samples on each side.
  std::uint64_t min_latency_samples = 30;
  analysis::Thresholds thresholds;  ///< the findings' detectors
  /// Checked between the stages: throws model::Cancelled.
  model::CancelToken cancel;
};

/// Everything a diff found. Every list is sorted by name (edges by from, then to).
struct DiffResult {
  DiffSide before, after;
  ExposureKind exposure = ExposureKind::None;
  std::vector<std::string> services_added, services_removed;
  std::vector<std::string> services_common;  ///< on both sides (the GUI draws the union)
  std::vector<OperationName> operations_added, operations_removed;
  std::vector<EdgePresence> edges_added, edges_removed;
  /// Every edge both sides hold, flagged or not (the GUI colours them by magnitude).
  std::vector<EdgeChange> edges_common;
  std::vector<FindingChange> findings_appeared, findings_resolved;
  std::size_t findings_kept = 0;  ///< findings on both sides
  std::vector<EraBill> bills;     ///< empty unless priced (price_bills)
  DiffOptions options;            ///< the ones used

  /// The common edges with a flagged change, biggest magnitude first (ties by name).
  [[nodiscard]] std::vector<const EdgeChange*> changed_edges() const;
  /// Knots among the appeared findings: the headline.
  [[nodiscard]] std::vector<const FindingChange*> knots_formed() const;
  [[nodiscard]] std::vector<const FindingChange*> knots_dissolved() const;
};

/// The identity of a finding across two graphs: its kind and its services (sorted, or the path
/// of a cycle or chain), e.g. "knot:a,b,c". Severity, rule and traffic may change; the key not.
[[nodiscard]] std::string finding_key(const analysis::Finding& finding);

/// Compares `before` and `after` (each analysed on its observed services). `before_label` and
/// `after_label` name the sides in the output.
[[nodiscard]] DiffResult diff_graphs(const model::CallGraph& before, const model::CallGraph& after,
                                     const DiffOptions& options = {}, const std::string& before_label = "before",
                                     const std::string& after_label = "after");

/// Prices each side's observed services in every era with economics' pricing (the same
/// measure_level / price_level as `nanoscope report` and `whatif`, analytic load curve) and
/// fills result.bills. Throws std::invalid_argument when a side has no business operation.
void price_bills(DiffResult& result, const model::CallGraph& before, const model::CallGraph& after,
                 const std::vector<economics::Era>& eras, unsigned threads = 0, const model::CancelToken& cancel = {});

}  // namespace nanoscope::session
