// The name table behind describe() and set_threshold().
#include "analysis/thresholds.hpp"

#include <charconv>
#include <cmath>

namespace nanoscope::analysis {
namespace {

struct Entry {
  const char* name;
  double Thresholds::*member;
  const char* meaning;
};

constexpr Entry kEntries[] = {
    {"near_clique_min_services", &Thresholds::near_clique_min_services, "smallest dense group reported without a cycle"},
    {"near_clique_min_density", &Thresholds::near_clique_min_density, "linked pairs / possible pairs inside the group"},
    {"near_clique_min_traffic_share", &Thresholds::near_clique_min_traffic_share, "share of all calls on the group's internal edges"},
    {"near_clique_max_degree", &Thresholds::near_clique_max_degree, "neighbourhoods of busier services are not searched"},
    {"cycles_per_knot", &Thresholds::cycles_per_knot, "shortest cycles reported per knot"},
    {"cycle_search_sources", &Thresholds::cycle_search_sources, "BFS sources per knot, busiest first"},
    {"hub_min_degree", &Thresholds::hub_min_degree, "fan-in and fan-out of a hub both reach this"},
    {"hub_max_imbalance", &Thresholds::hub_max_imbalance, "|fan-in - fan-out| / (fan-in + fan-out) of a hub below this"},
    {"god_operation_share", &Thresholds::god_operation_share, "share of all operations owned by a god service"},
    {"god_traffic_share", &Thresholds::god_traffic_share, "share of the work (spans, else calls received) of a god service"},
    {"god_min_services", &Thresholds::god_min_services, "god-service findings only in systems this large"},
    {"chatty_edge_calls_per_request", &Thresholds::chatty_edge_calls_per_request, "calls per request on a chatty edge"},
    {"chatty_min_calls", &Thresholds::chatty_min_calls, "edges with fewer calls are not chatty"},
    {"chatty_service_calls_per_request", &Thresholds::chatty_service_calls_per_request, "outgoing calls per entry request of a chatty service"},
    {"monolith_chain_depth", &Thresholds::monolith_chain_depth, "synchronous service hops from an entry operation"},
    {"monolith_reach_share", &Thresholds::monolith_reach_share, "share of services an entry operation needs synchronously"},
    {"monolith_min_services", &Thresholds::monolith_min_services, "reach findings only in systems this large"},
    {"max_entry_operations", &Thresholds::max_entry_operations, "busiest entry operations followed for reach and depth"},
    {"shared_persistence_min_callers", &Thresholds::shared_persistence_min_callers, "services using one database or cache"},
    {"nanoservice_max_self_time_us", &Thresholds::nanoservice_max_self_time_us, "mean self time of a nanoservice's one operation"},
};

}  // namespace

std::vector<ThresholdInfo> describe(const Thresholds& thresholds) {
  std::vector<ThresholdInfo> result;
  for (const auto& e : kEntries) result.push_back({e.name, thresholds.*e.member, e.meaning});
  return result;
}

bool set_threshold(Thresholds& thresholds, std::string_view name, double value) {
  for (const auto& e : kEntries)
    if (name == e.name) {
      thresholds.*e.member = value;
      return true;
    }
  return false;
}

std::string apply_threshold_setting(Thresholds& thresholds, std::string_view setting) {
  const auto eq = setting.find('=');
  if (eq == std::string_view::npos) return "threshold setting '" + std::string(setting) + "' is not name=value";
  const auto name = setting.substr(0, eq);
  const auto text = setting.substr(eq + 1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) || value < 0)
    return "threshold " + std::string(name) + " needs a non-negative number, got '" + std::string(text) + "'";
  if (!set_threshold(thresholds, name, value)) return "unknown threshold '" + std::string(name) + "'";
  return "";
}

}  // namespace nanoscope::analysis
