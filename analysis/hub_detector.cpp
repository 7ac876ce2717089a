// Hubs. Hub-like dependency as Arcan defines it: fan-in and fan-out both above the system's
// median and balanced (their difference under a quarter of their sum). God service: one
// service owns a large share of the operations or of the work.
#include <algorithm>
#include <cmath>

#include "analysis/detectors.hpp"

namespace nanoscope::analysis::detail {
namespace {

double median(std::vector<std::uint32_t> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const auto mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
}

std::vector<std::uint32_t> touching_arcs(const DetectorInput& in, std::uint32_t v) {
  std::vector<std::uint32_t> arcs;
  for (auto a : in.digraph.in_arcs(v)) arcs.push_back(a);
  for (auto a : in.digraph.out_arcs(v)) arcs.push_back(a);
  return arcs;
}

void detect_hub_like(const DetectorInput& in, const std::vector<std::uint32_t>& apps, std::vector<Finding>& out) {
  std::vector<std::uint32_t> fan_in, fan_out;
  for (auto v : apps) {
    fan_in.push_back(in.metrics[v].fan_in);
    fan_out.push_back(in.metrics[v].fan_out);
  }
  const double median_in = median(fan_in), median_out = median(fan_out);
  const auto& t = in.thresholds;
  for (auto v : apps) {
    const auto& m = in.metrics[v];
    if (m.fan_in <= median_in || m.fan_out <= median_out) continue;
    if (m.fan_in < t.hub_min_degree || m.fan_out < t.hub_min_degree) continue;
    const double imbalance = std::abs(static_cast<double>(m.fan_in) - m.fan_out) / (m.fan_in + m.fan_out);
    if (imbalance >= t.hub_max_imbalance) continue;
    Finding f;
    f.kind = FindingKind::Hub;
    f.rule = "hub-like";
    f.services = {in.name(v)};
    in.set_edges(f, touching_arcs(in, v));
    f.traffic = m.calls_in + m.calls_out;
    f.traffic_share = in.share(f.traffic);
    f.severity = m.fan_in >= 2 * t.hub_min_degree && m.fan_out >= 2 * t.hub_min_degree ? Severity::High : Severity::Medium;
    f.explanation = std::to_string(m.fan_in) + " services depend on it and it depends on " + std::to_string(m.fan_out) +
                    " (medians " + decimal(median_in) + " and " + decimal(median_out) +
                    "): a change on either side ripples through it";
    out.push_back(std::move(f));
  }
}

void detect_god(const DetectorInput& in, const std::vector<std::uint32_t>& apps, std::vector<Finding>& out) {
  const auto& t = in.thresholds;
  if (static_cast<double>(apps.size()) < t.god_min_services) return;
  std::uint64_t operations = 0, invocations = 0, calls_in = 0;
  for (auto v : apps) {
    operations += in.metrics[v].operations;
    invocations += in.metrics[v].invocations;
    calls_in += in.metrics[v].calls_in;
  }
  for (auto v : apps) {
    const auto& m = in.metrics[v];
    const double op_share = operations ? static_cast<double>(m.operations) / static_cast<double>(operations) : 0.0;
    // Work is spans handled when traces tell it, else calls received.
    const double work_share = invocations ? static_cast<double>(m.invocations) / static_cast<double>(invocations)
                              : calls_in  ? static_cast<double>(m.calls_in) / static_cast<double>(calls_in)
                                          : 0.0;
    const bool by_operations = m.operations >= 2 && op_share >= t.god_operation_share;
    const bool by_work = work_share >= t.god_traffic_share;
    if (!by_operations && !by_work) continue;
    Finding f;
    f.kind = FindingKind::Hub;
    f.rule = "god-service";
    f.severity = Severity::High;
    f.services = {in.name(v)};
    in.set_edges(f, touching_arcs(in, v));
    f.traffic = m.calls_in + m.calls_out;
    f.traffic_share = in.share(f.traffic);
    f.explanation = "one service of " + std::to_string(apps.size()) + " holds ";
    if (by_operations)
      f.explanation += std::to_string(m.operations) + " of " + std::to_string(operations) + " operations (" +
                       percent(op_share) + ")";
    if (by_operations && by_work) f.explanation += " and ";
    if (by_work) f.explanation += percent(work_share) + (invocations ? " of the work (spans)" : " of the calls received");
    f.explanation += ": most change and load meet here";
    out.push_back(std::move(f));
  }
}

}  // namespace

void detect_hubs(const DetectorInput& in, std::vector<Finding>& out) {
  std::vector<std::uint32_t> apps;
  for (std::uint32_t v = 0; v < in.digraph.node_count(); ++v)
    if (in.is_application(v)) apps.push_back(v);
  detect_hub_like(in, apps, out);
  detect_god(in, apps, out);
}

}  // namespace nanoscope::analysis::detail
