// Every threshold the detectors use, in one place, with its default and meaning; settable by
// name (`--threshold name=value` on the CLI, or a scenario file) and listed in reports.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nanoscope::analysis {

/// Detector thresholds. Defaults are documented in docs/analysis.md.
struct Thresholds {
  // knot
  double near_clique_min_services = 4;        ///< smallest dense group reported without a cycle
  double near_clique_min_density = 0.9;       ///< linked pairs / possible pairs inside the group
  double near_clique_min_traffic_share = 0.05;///< share of all calls on the group's internal edges (when traffic is known)
  double near_clique_max_degree = 64;         ///< neighbourhoods of busier services are not searched
  // cycle
  double cycles_per_knot = 3;                 ///< shortest cycles reported per knot
  double cycle_search_sources = 64;           ///< BFS sources per knot (busiest first); exact below this size
  // hub
  double hub_min_degree = 3;                  ///< fan-in and fan-out must both reach this
  double hub_max_imbalance = 0.25;            ///< |fan-in - fan-out| / (fan-in + fan-out) below this (Arcan)
  double god_operation_share = 0.6;           ///< share of all operations owned by one service (at least 2)
  double god_traffic_share = 0.6;             ///< share of the work (spans handled, else calls received)
  double god_min_services = 4;                ///< god-service findings only in systems this large
  // chatty
  double chatty_edge_calls_per_request = 5;   ///< calls per request on one edge (N+1 pattern)
  double chatty_min_calls = 10;               ///< edges with fewer calls are ignored
  double chatty_service_calls_per_request = 20; ///< outgoing calls per entry request of a service
  // distributed monolith
  double monolith_chain_depth = 5;            ///< synchronous service hops from an entry operation
  double monolith_reach_share = 0.6;          ///< share of services an entry operation needs synchronously
  double monolith_min_services = 5;           ///< reach findings only in systems this large
  double max_entry_operations = 1024;         ///< busiest entry operations followed for reach and depth
  // shared persistence
  double shared_persistence_min_callers = 2;  ///< services using one database or cache
  // nanoservice candidate
  double nanoservice_max_self_time_us = 1000; ///< mean self time of its one operation
};

/// A threshold's name, value and one-line meaning.
struct ThresholdInfo {
  std::string name;
  double value = 0;
  std::string meaning;
};

/// Every threshold in declaration order.
[[nodiscard]] std::vector<ThresholdInfo> describe(const Thresholds& thresholds);
/// Sets the threshold called `name`; false if no threshold has that name.
bool set_threshold(Thresholds& thresholds, std::string_view name, double value);
/// Parses "name=value" and sets it; returns an error message, or "" on success.
[[nodiscard]] std::string apply_threshold_setting(Thresholds& thresholds, std::string_view setting);

}  // namespace nanoscope::analysis
