// The four overheads and the utility of a partition, each priced for one parameter point.
// Every model prices an absolute yearly figure of the partition as a sum over its services,
// dependencies and calls (no term couples all services, so two disjoint systems price as the
// sum of their parts), and answers with the difference against the same system run as one
// process: in its own units (Quantity list), in money (USD per year) and in person-hours per
// year, split over the business services. Formulas and sources: docs/economics.md. One model
// per .cpp file.
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
/// Cores provisioned for the business groups of `m` at the production rate (replicas_at x
/// workers per replica, summed).
[[nodiscard]] double provisioned_cores(const PartitionMeasures& m, const ParamValues& v);

/// Network: cores the partition needs beyond one process (communication CPU, replica rounding,
/// minimum replicas), bytes on the wire and the added mean latency at the production rate.
[[nodiscard]] CostResult network_cost(const PartitionMeasures& m, const PartitionMeasures& ref, const ParamValues& v);
/// Operational: the platform's per-service part, per-service and per-dependency effort,
/// replica base footprint, telemetry of remote calls.
[[nodiscard]] CostResult operational_cost(const PartitionMeasures& m, const PartitionMeasures& ref,
                                          const ParamValues& v);
/// Development: scaffolding and conversion layers, amortised, plus upkeep, written by people
/// or agents (with review); and coordinating contract changes with their consumers' owners.
[[nodiscard]] CostResult development_cost(const PartitionMeasures& m, const PartitionMeasures& ref,
                                          const ParamValues& v);
/// Design: boundaries, contracts, cross-service interactions per transaction, spanned
/// services, knots; people's work that AI relieves only by design_ai_relief.
[[nodiscard]] CostResult design_cost(const PartitionMeasures& m, const PartitionMeasures& ref, const ParamValues& v);

/// Utility, by kind.
struct UtilityResult {
  CostResult scaling;        ///< memory not replicated at the one-process replica count
  CostResult isolation;      ///< outage cost avoided when one service crashes
  CostResult deployability;  ///< cross-team release coordination avoided
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
/// Each business service's share of the one process: its business operations over all of them.
[[nodiscard]] std::vector<double> operation_weights(const PartitionMeasures& m);
/// Sums per_service into the totals.
void total_up(CostResult& r);
}  // namespace detail

}  // namespace nanoscope::economics
