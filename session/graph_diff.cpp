// The diff of two graphs: both analysed on their observed services (at once, on two threads), then
// merged by name -- services, operations and service-level edges as sorted lists (one linear merge
// each) -- each common edge tested (diff_statistics.hpp) at a Bonferroni-adjusted level, findings
// matched by finding_key.
#include "session/graph_diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <future>
#include <map>
#include <string_view>

#include "analysis/analysis.hpp"
#include "session/diff_statistics.hpp"

namespace nanoscope::session {
namespace {

constexpr double kPercentiles[] = {0.5, 0.9, 0.99};

// One service-level edge of one side, its kinds folded together.
struct SideEdge {
  std::string_view from, to;
  std::uint64_t calls = 0, errors = 0;
  model::LatencySummary latency;
};

// The service graph's edges by (from name, to name): its edges are sorted by (from name, to name,
// kind), so the kinds of one pair are neighbours and fold in one pass.
std::vector<SideEdge> side_edges(const model::ServiceGraph& g) {
  std::vector<SideEdge> out;
  out.reserve(g.edges.size());
  for (const auto& e : g.edges) {
    const std::string_view from = g.nodes[e.from].name, to = g.nodes[e.to].name;
    if (out.empty() || out.back().from != from || out.back().to != to) out.push_back({from, to, 0, 0, {}});
    SideEdge& s = out.back();
    s.calls += e.calls;
    s.errors += e.errors;
    s.latency.merge(e.latency);
  }
  return out;
}

std::vector<OperationName> operation_names(const model::CallGraph& g) {
  std::vector<OperationName> out;
  out.reserve(g.operation_count());
  for (const auto& op : g.operations()) out.push_back({g.service(op.service).name, op.name});
  std::sort(out.begin(), out.end(), [](const OperationName& a, const OperationName& b) {
    return std::tie(a.service, a.operation) < std::tie(b.service, b.operation);
  });
  return out;
}

DiffSide summarize_side(const model::CallGraph& g, const analysis::AnalysisReport& report, std::string label,
                        std::size_t edges) {
  DiffSide s;
  s.label = std::move(label);
  s.services = report.services.nodes.size();
  s.operations = g.operation_count();
  s.edges = edges;
  s.requests = report.entry_requests;
  s.traces = g.trace_count;
  s.window_start_us = g.window_start_us;
  s.window_end_us = g.window_end_us;
  return s;
}

EdgeFigures figures(const SideEdge& e, double exposure) {
  EdgeFigures f;
  f.calls = e.calls;
  f.errors = e.errors;
  f.rate = static_cast<double>(e.calls) / exposure;
  f.error_rate = e.calls ? static_cast<double>(e.errors) / static_cast<double>(e.calls) : 0.0;
  f.latency_samples = e.latency.count();
  f.p50_us = e.latency.quantile_us(0.5);
  f.p90_us = e.latency.quantile_us(0.9);
  f.p99_us = e.latency.quantile_us(0.99);
  return f;
}

EdgeChange compare_edge(const SideEdge& a, const SideEdge& b, const DiffSide& before, const DiffSide& after,
                        const DiffOptions& o, double level) {
  EdgeChange c;
  c.from = std::string(a.from);
  c.to = std::string(a.to);
  c.before = figures(a, before.exposure);
  c.after = figures(b, after.exposure);
  c.rate_ratio = c.before.rate > 0.0 ? c.after.rate / c.before.rate : (c.after.rate > 0.0 ? INFINITY : 1.0);
  // Only a rate that moved enough can be flagged, so only such a rate is tested (the exact
  // binomial tail was the diff's own biggest cost on 200,000 mostly unchanged edges).
  if (std::abs(c.rate_ratio - 1.0) >= o.min_rate_change) {
    c.rate_p_value = poisson_rate_p_value(a.calls, before.exposure, b.calls, after.exposure);
    c.rate_significant = c.rate_p_value < level;
  }
  c.error_p_value = two_proportion_p_value(a.errors, a.calls, b.errors, b.calls);
  c.error_significant = c.error_p_value < level &&
                        100.0 * std::abs(c.after.error_rate - c.before.error_rate) >= o.min_error_rate_points;
  for (double q : kPercentiles)
    c.latency.push_back({q, a.latency.quantile_us(q), b.latency.quantile_us(q),
                         quantile_changed(a.latency, b.latency, q, 1.0 - level, o.min_latency_samples)});
  return c;
}

// Keys of one side's findings, the worst finding of each key (findings come worst first).
std::map<std::string, const analysis::Finding*> keyed(const std::vector<analysis::Finding>& findings) {
  std::map<std::string, const analysis::Finding*> out;
  for (const auto& f : findings) out.emplace(finding_key(f), &f);
  return out;
}

// Knots first (the headline), then by key.
void sort_changes(std::vector<FindingChange>& v) {
  std::sort(v.begin(), v.end(), [](const FindingChange& a, const FindingChange& b) {
    const bool ka = a.finding.kind == analysis::FindingKind::Knot, kb = b.finding.kind == analysis::FindingKind::Knot;
    return ka != kb ? ka : a.key < b.key;
  });
}

std::vector<const FindingChange*> knots(const std::vector<FindingChange>& v) {
  std::vector<const FindingChange*> out;
  for (const auto& f : v)
    if (f.finding.kind == analysis::FindingKind::Knot) out.push_back(&f);
  return out;
}

}  // namespace

const char* to_string(ExposureKind kind) {
  switch (kind) {
    case ExposureKind::Requests: return "requests";
    case ExposureKind::Seconds: return "seconds";
    case ExposureKind::None: break;
  }
  return "none";
}

bool EdgeChange::changed() const {
  if (rate_significant || error_significant) return true;
  return std::any_of(latency.begin(), latency.end(), [](const PercentileChange& p) { return p.significant; });
}

double EdgeChange::magnitude() const {
  if (!(rate_ratio > 0.0)) return 0.0;
  return std::isfinite(rate_ratio) ? std::abs(std::log2(rate_ratio)) : INFINITY;
}

std::vector<const EdgeChange*> DiffResult::changed_edges() const {
  std::vector<const EdgeChange*> out;
  for (const auto& e : edges_common)
    if (e.changed()) out.push_back(&e);
  std::stable_sort(out.begin(), out.end(), [](const EdgeChange* a, const EdgeChange* b) {
    return a->magnitude() > b->magnitude();  // stable: ties keep the (from, to) order
  });
  return out;
}

std::vector<const FindingChange*> DiffResult::knots_formed() const { return knots(findings_appeared); }
std::vector<const FindingChange*> DiffResult::knots_dissolved() const { return knots(findings_resolved); }

std::string finding_key(const analysis::Finding& finding) {
  return fmt::format("{}:{}", analysis::to_string(finding.kind), fmt::join(finding.services, ","));
}

DiffResult diff_graphs(const model::CallGraph& before, const model::CallGraph& after, const DiffOptions& options,
                       const std::string& before_label, const std::string& after_label) {
  DiffResult r;
  r.options = options;
  // The two analyses are independent and most of the work: one runs on a second thread.
  auto analysed_before = std::async(std::launch::async, [&] { return analysis::analyze(before, options.thresholds); });
  const analysis::AnalysisReport rb = analysis::analyze(after, options.thresholds);
  const analysis::AnalysisReport ra = analysed_before.get();
  options.cancel.check();
  const auto ea = side_edges(ra.services), eb = side_edges(rb.services);
  r.before = summarize_side(before, ra, before_label, ea.size());
  r.after = summarize_side(after, rb, after_label, eb.size());
  if (r.before.requests > 0 && r.after.requests > 0) {
    r.exposure = ExposureKind::Requests;
    r.before.exposure = static_cast<double>(r.before.requests);
    r.after.exposure = static_cast<double>(r.after.requests);
  } else if (before.window_seconds() > 0.0 && after.window_seconds() > 0.0) {
    r.exposure = ExposureKind::Seconds;
    r.before.exposure = before.window_seconds();
    r.after.exposure = after.window_seconds();
  }

  // Services (the service graphs' nodes are sorted by name).
  std::vector<std::string> sa, sb;
  for (const auto& n : ra.services.nodes) sa.push_back(n.name);
  for (const auto& n : rb.services.nodes) sb.push_back(n.name);
  std::set_difference(sb.begin(), sb.end(), sa.begin(), sa.end(), std::back_inserter(r.services_added));
  std::set_difference(sa.begin(), sa.end(), sb.begin(), sb.end(), std::back_inserter(r.services_removed));
  std::set_intersection(sa.begin(), sa.end(), sb.begin(), sb.end(), std::back_inserter(r.services_common));

  const auto oa = operation_names(before), ob = operation_names(after);
  const auto op_less = [](const OperationName& a, const OperationName& b) {
    return std::tie(a.service, a.operation) < std::tie(b.service, b.operation);
  };
  std::set_difference(ob.begin(), ob.end(), oa.begin(), oa.end(), std::back_inserter(r.operations_added), op_less);
  std::set_difference(oa.begin(), oa.end(), ob.begin(), ob.end(), std::back_inserter(r.operations_removed), op_less);
  options.cancel.check();

  // Edges: one merge of the two sorted lists.
  std::size_t common = 0;
  for (std::size_t i = 0, j = 0; i < ea.size() && j < eb.size();) {
    const auto ka = std::tie(ea[i].from, ea[i].to), kb = std::tie(eb[j].from, eb[j].to);
    if (ka == kb) ++common, ++i, ++j;
    else if (ka < kb) ++i;
    else ++j;
  }
  const double level = options.alpha / static_cast<double>(std::max<std::size_t>(common, 1));
  r.edges_common.reserve(common);
  const auto presence = [](const SideEdge& e, const DiffSide& side) {
    return EdgePresence{std::string(e.from), std::string(e.to), e.calls, static_cast<double>(e.calls) / side.exposure};
  };
  std::size_t i = 0, j = 0;
  while (i < ea.size() || j < eb.size()) {
    if (j == eb.size() || (i < ea.size() && std::tie(ea[i].from, ea[i].to) < std::tie(eb[j].from, eb[j].to))) {
      r.edges_removed.push_back(presence(ea[i++], r.before));
    } else if (i == ea.size() || std::tie(eb[j].from, eb[j].to) < std::tie(ea[i].from, ea[i].to)) {
      r.edges_added.push_back(presence(eb[j++], r.after));
    } else {
      r.edges_common.push_back(compare_edge(ea[i++], eb[j++], r.before, r.after, options, level));
    }
  }
  options.cancel.check();

  // Findings by key.
  const auto fa = keyed(ra.findings), fb = keyed(rb.findings);
  for (const auto& [key, f] : fb)
    if (fa.count(key)) ++r.findings_kept;
    else r.findings_appeared.push_back({key, *f});
  for (const auto& [key, f] : fa)
    if (!fb.count(key)) r.findings_resolved.push_back({key, *f});
  sort_changes(r.findings_appeared);
  sort_changes(r.findings_resolved);
  return r;
}

}  // namespace nanoscope::session
