// Internals of the analytic solver shared by its files (analytic_model.cpp solves,
// analytic_caveats.cpp says where the simulator differs): what is prepared once per graph and
// scenario, what once per partition, and what per load. Not part of the sim library's API.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/call_graph.hpp"
#include "model/partition.hpp"
#include "sim/block_solver.hpp"
#include "sim/capacity_plan.hpp"
#include "sim/graph_workload.hpp"
#include "sim/scenario.hpp"

namespace nanoscope::sim::detail {

inline constexpr std::uint32_t kUnreached = 0xFFFFFFFFu;

// Who calls each reached operation (compressed, with whether the call is synchronous), and an
// order taking callees before their callers (Kahn); operations on or above a cycle come last.
struct CallStructure {
  std::vector<std::uint32_t> first;  // per callee: its range in caller / sync
  std::vector<std::uint32_t> caller;
  std::vector<char> sync;
  std::vector<std::uint32_t> callees_first;
  bool cyclic = false;
};

// Everything that does not depend on the partition or the load: the workload at the
// scenario's rate, the operations reached from the entries (over calls made), their visit
// rates (scale linearly with the load) and the factorized latency equations I - M, M the
// synchronous mean calls (the partition and the load change only their right-hand side).
struct AnalyticPrepared {
  const model::CallGraph* graph = nullptr;
  Scenario scenario;
  Workload workload;
  std::vector<double> depth_visits;          // per operation, visit_rates(workload, max_call_depth)
  std::vector<std::uint32_t> index;          // per operation: reached index, or kUnreached
  std::vector<model::OperationId> reached;   // in discovery order
  std::vector<double> visits;                // per reached operation, traffic equations solved
  std::vector<double> visits_of;             // the same per operation (0 when unreached)
  std::vector<double> own;                   // per reached operation: mean own work
  CallStructure structure;
  BlockSolver latency;
  double total_rate = 0.0;                   // sum of the entry rates
};

inline constexpr std::uint32_t kNoStation = CapacityPlan::kNoStation;

// A synchronous call of a reached operation, priced for the latency equations: per call it
// takes `fixed` (deterministic: message CPU of both sides, wire and handshakes when remote;
// inprocess_call_s when not) + the wait of `wait_station` (the callee's job) + the wait of
// `decode_station` (the caller's decode continuation, when decoding costs CPU) + L(callee).
struct PricedCall {
  std::uint32_t callee = 0;  // reached index
  double calls = 0.0;
  double parallel = 0.0;
  double fixed = 0.0;
  bool remote = false;
  std::uint32_t wait_station = kNoStation;
  std::uint32_t decode_station = kNoStation;
};

// What depends on the partition but not on the load, at the workload's rate.
struct PartitionSetup {
  CapacityPlan plan;              // stations, base replicas, offered CPU with calls cut at max_call_depth
  std::vector<double> offered;    // per station: offered CPU from the solved visit rates
  std::vector<double> jobs;       // per station: jobs per second
  std::vector<std::vector<PricedCall>> priced;  // per reached operation
  bool any_parallel = false;
  [[nodiscard]] std::uint32_t station_of(const model::Partition& p, model::OperationId op) const {
    return plan.station_of_group[p.group_of(op)];
  }
};

// The solution at one load: per station, then per reached operation.
struct SolvedLoad {
  double scale = 1.0;                   // load / the workload's rate
  std::vector<double> servers, utilisation, service, wait;  // wait: +inf when unstable and uncapped
  std::vector<bool> unstable;           // utilisation >= 1
  std::vector<double> latency, comm;    // L and K after the first wait
  std::vector<bool> stuck;              // synchronously reaches an unstable station (uncapped only)
  bool converged = true;                // the fork-join iteration
};

[[nodiscard]] PartitionSetup setup_partition(const AnalyticPrepared& p, const model::Partition& partition);

// Solves the partition at each scale; waits are computed at min(utilisation, cap) when
// cap < 1 (then nothing is stuck), exactly otherwise.
[[nodiscard]] std::vector<SolvedLoad> solve_loads(const AnalyticPrepared& p, const model::Partition& partition,
                                                  const PartitionSetup& s, const std::vector<double>& scales,
                                                  double cap);

// The caveats of one solution (analytic_caveats.cpp), in AnalyticResult::caveats' order;
// `product_form` is set as AnalyticResult::product_form.
[[nodiscard]] std::vector<std::string> analytic_caveats(const AnalyticPrepared& p, const model::Partition& partition,
                                                        const PartitionSetup& s, const SolvedLoad& load,
                                                        const std::vector<std::string>& station_names,
                                                        bool& product_form);

}  // namespace nanoscope::sim::detail
