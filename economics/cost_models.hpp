// The four overheads and the utility of a partition, each priced for one parameter point.
// Every model answers in its own units (Quantity list), in money (USD per year) and in
// person-hours per year, as the difference between the partition and the same system run as
// one process, and splits that difference over the business services. Formulas and sources:
// docs/economics.md. One model per .cpp file.
#pragma once

#include <string>
#include <vector>

#include "economics/parameters.hpp"
#include "economics/partition_measures.hpp"

namespace nanoscope::economics {

/// A figure in a model's own unit.
struct Quantity {
  std::string name;
  double value = 0.0;
  std::string unit;
};

/// One service's part of a cost or utility.
struct ServiceShare {
  double usd = 0.0;
  double person_hours = 0.0;
};

/// A model's answer. Totals are per year; per_service is aligned with PartitionMeasures::groups
/// and sums to the totals.
struct CostResult {
  double usd = 0.0;
  double person_hours = 0.0;
  std::vector<ServiceShare> per_service;
  std::vector<Quantity> native;
};

/// Requests per year at the production rate.
[[nodiscard]] double requests_per_year(const ParamValues& v);
/// Replicas a service needs: max(min_replicas, ceil(busy cores at production load / (cores per
/// replica x target utilisation))).
[[nodiscard]] double replicas_needed(double offered_cpu_per_rps, const ParamValues& v);
/// Per-service operations effort multiplier at n services: 1 + (n / knee)^exponent.
[[nodiscard]] double density_factor(double services, const ParamValues& v);

/// Network: simulated communication CPU, bytes on the wire and added median latency, priced.
[[nodiscard]] CostResult network_cost(const PartitionMeasures& m, const PartitionMeasures& ref, const ParamValues& v);
/// Operational: platform fixed cost, per-service and per-dependency effort with density,
/// replica base footprint, telemetry of remote calls.
[[nodiscard]] CostResult operational_cost(const PartitionMeasures& m, const PartitionMeasures& ref,
                                          const ParamValues& v);
/// Development: scaffolding and conversion layers, amortised, plus upkeep, written by people
/// or agents (with review).
[[nodiscard]] CostResult development_cost(const PartitionMeasures& m, const PartitionMeasures& ref,
                                          const ParamValues& v);
/// Design: boundaries, contracts, cross-service interactions per transaction, spanned
/// services, knots; people's work that AI relieves only by design_ai_relief.
[[nodiscard]] CostResult design_cost(const PartitionMeasures& m, const PartitionMeasures& ref, const ParamValues& v);

/// Utility, by kind.
struct UtilityResult {
  CostResult scaling;        ///< memory not replicated at the one-process replica count
  CostResult isolation;      ///< outage cost avoided when one service crashes
  CostResult deployability;  ///< release coordination avoided
  CostResult verifiability;  ///< defects caught because behaviour moved behind contracts
  CostResult total;          ///< the sum
};
/// Utility of the partition against the one-process system.
[[nodiscard]] UtilityResult utility(const PartitionMeasures& m, const PartitionMeasures& ref, const ParamValues& v);

/// All models at one parameter point, and the per-service overhead / utility ratio.
struct Evaluation {
  CostResult network, operational, development, design;
  UtilityResult utility;
  double overhead_usd = 0.0;
  double overhead_person_hours = 0.0;
  double utility_usd = 0.0;
  double net_usd = 0.0;                 ///< utility - overhead
  std::vector<double> overhead_per_service;  ///< USD per year
  std::vector<double> utility_per_service;
  std::vector<double> ratio;            ///< overhead / utility; +inf when utility <= 0 < overhead
  double median_ratio = 0.0;            ///< over business services (0 for one service)
  double share_above_one = 0.0;         ///< share of services with ratio > 1
};
[[nodiscard]] Evaluation evaluate(const PartitionMeasures& m, const PartitionMeasures& ref, const ParamValues& v);

namespace detail {
/// Splits `total` over services in proportion to `weights` (equally when they sum to 0).
void allocate(std::vector<ServiceShare>& out, double usd, double hours, const std::vector<double>& weights);
}  // namespace detail

}  // namespace nanoscope::economics
