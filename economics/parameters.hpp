// The economic parameters of an era: one named table (name, unit, model, meaning) and value
// sets holding a [low, high] range per parameter. Ranges are sampled uniformly for the
// Monte-Carlo bands; the midpoint is the nominal value. docs/economics.md cites each default.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace nanoscope::economics {

// X(identifier, "name", "unit", "model", default low, default high, "meaning")
#define NANOSCOPE_ECONOMIC_PARAMETERS(X)                                                                              \
  X(EngineerUsdPerHour, "engineer_usd_per_hour", "USD/h", "people", 100, 100, "fully loaded cost of one engineer hour") \
  X(AmortizationYears, "amortization_years", "years", "people", 3, 3, "one-off work is spread over this many years")    \
  X(ProductionRatePerS, "production_rate_per_s", "requests/s", "load", 500, 500,                                       \
    "requests per second the system serves in production (the request mix of the input, at this total)")            \
  X(RequestTimeoutS, "request_timeout_s", "s", "load", 15, 15,                                                          \
    "end-to-end time after which a client gives up on a request (a level slower than this is flagged)")             \
  X(CpuUsdPerCoreHour, "cpu_usd_per_core_hour", "USD/core-h", "network", 0.04, 0.04,                                  \
    "price of one provisioned core for an hour")                                                                    \
  X(NetworkUsdPerGb, "network_usd_per_gb", "USD/GB", "network", 0.01, 0.01, "price of moving one GB between services")  \
  X(LatencyUsdPerMsPerMillion, "latency_usd_per_ms_per_million", "USD/(ms x 1e6 requests)", "network", 0.1, 0.1,      \
    "business cost of one millisecond of added mean latency on a million requests")                                \
  X(PlatformFixedUsdYear, "platform_fixed_usd_per_year", "USD/year", "operational", 100000, 100000,                   \
    "fixed cost of the platform the system runs on (build, deploy, monitoring), paid at every granularity")          \
  X(PlatformUsdPerServiceYear, "platform_usd_per_service_year", "USD/(service x year)", "operational", 500, 500,      \
    "the part of the platform that grows with the service count: pipelines, dashboards, alerts, registry, licences")  \
  X(OpsHoursPerServiceYear, "ops_hours_per_service_year", "h/(service x year)", "operational", 10, 10,                 \
    "operations effort per deployed service: provisioning, configuration, upgrades, on-call")                       \
  X(OpsHoursPerDependencyYear, "ops_hours_per_dependency_year", "h/(dependency x year)", "operational", 2, 2,          \
    "operations effort per service-to-service dependency: routing, credentials, compatibility")                     \
  X(ReplicaBaseUsdYear, "replica_base_usd_per_year", "USD/(replica x year)", "operational", 100, 100,                \
    "base footprint of one running replica (runtime, sidecar, load-balancer share) beyond its cores")              \
  X(TelemetryUsdPerMillionSpans, "telemetry_usd_per_million_spans", "USD/1e6 spans", "operational", 0.3, 0.3,         \
    "observability cost of one million kept spans (each remote call makes a client and a server span)")              \
  X(TraceSamplingShare, "trace_sampling_share", "1", "operational", 0.05, 0.05,                                          \
    "share of requests whose spans are kept (head sampling)")                                                       \
  X(ScaffoldHoursPerService, "scaffold_hours_per_service", "h/service", "development", 24, 24,                         \
    "one-off scaffolding per service: project, dependency injection, health checks, logging, deployment scripts")   \
  X(ConversionHoursPerContract, "conversion_hours_per_contract", "h/contract", "development", 4, 4,                   \
    "one-off conversion layer between internal model and contract, per exposed operation or client adapter")        \
  X(UpkeepHoursPerServiceYear, "upkeep_hours_per_service_year", "h/(service x year)", "development", 16, 16,          \
    "yearly upkeep of one service's scaffolding: dependency upgrades, patches, build maintenance")                  \
  X(AiShare, "ai_share", "1", "development", 0, 0, "share of that development work written by AI agents")           \
  X(AiUsdPerHumanHour, "ai_usd_per_human_hour", "USD/h", "development", 5, 5,                                         \
    "agent cost to produce what takes a person one hour")                                                           \
  X(HumanReviewShare, "human_review_share", "1", "development", 1, 1, "share of agent-written code a person reads")  \
  X(ReviewHoursPerHour, "review_hours_per_hour", "1", "development", 0.3, 0.3,                                         \
    "person-hours to review what took one hour to write")                                                           \
  X(DesignHoursPerBoundary, "design_hours_per_boundary", "h/service", "design", 16, 16,                              \
    "deciding and owning one service boundary")                                                                     \
  X(DesignHoursPerContract, "design_hours_per_contract", "h/contract", "design", 4, 4,                                \
    "specifying one exposed operation's contract")                                                                  \
  X(DesignHoursPerCrossInteraction, "design_hours_per_cross_interaction", "h/interaction", "design", 2, 2,           \
    "reasoning about one cross-service interaction inside one business transaction (fragmentation)")                 \
  X(DesignHoursPerSpannedService, "design_hours_per_spanned_service", "h/(transaction x service)", "design", 4, 4,    \
    "consistency design (sagas, compensation) per extra service a business transaction spans")                      \
  X(DesignHoursPerKnotService, "design_hours_per_knot_service", "h/service", "design", 16, 16,                       \
    "untangling one service caught in a knot (cyclic or near-clique coupling)")                                     \
  X(DesignChurnPerYear, "design_churn_per_year", "1/year", "design", 0.3, 0.3,                                         \
    "share of the design redone each year as the business changes")                                                \
  X(DesignAiRelief, "design_ai_relief", "1", "design", 0, 0, "share of design effort AI takes off people")          \
  X(MemoryGbPerOperation, "memory_gb_per_operation", "GB/operation", "utility", 0.1, 0.1,                              \
    "memory a replica carries for each operation's code and state")                                                 \
  X(MemoryUsdPerGbHour, "memory_usd_per_gb_hour", "USD/GB-h", "utility", 0.005, 0.005, "price of one GB for an hour") \
  X(FaultsPerOperationYear, "faults_per_operation_year", "faults/(operation x year)", "utility", 1, 1,                \
    "faults originating in one operation's code per year")                                                          \
  X(CrashShare, "crash_share", "1", "utility", 0.3, 0.3,                                                                 \
    "share of faults that take the whole process down (memory, threads, a crash)")                                  \
  X(MttrHours, "mttr_hours", "h", "utility", 1, 1, "time to restore after such a fault")                               \
  X(LostRequestUsd, "lost_request_usd", "USD/request", "utility", 0.005, 0.005,                                      \
    "business cost of one request that fails because a process it needs is down")                                  \
  X(ChangesPerOperationYear, "changes_per_operation_year", "changes/(operation x year)", "utility", 12, 12,           \
    "changes shipped per operation per year")                                                                       \
  X(OperationsPerTeam, "operations_per_team", "operations/team", "utility", 20, 20,                                    \
    "business operations one team owns; a deployment unit holding more involves several teams")                    \
  X(CoordinationHoursPerTeamRelease, "coordination_hours_per_team_release", "h/(team x release)", "utility", 0.5, 0.5, \
    "sign-off, merge and regression coordination with one other team for one release or one contract change")      \
  X(ReleasesPerYearMax, "releases_per_year_max", "releases/year", "utility", 250, 250,                                \
    "releases a deployment unit ships at most per year; more changes are batched into them")                       \
  X(ContractChangeShare, "contract_change_share", "1", "development", 0.2, 0.2,                                            \
    "share of changes to an exposed operation that alter its contract and need its consumers' owners")             \
  X(EscapeUsdPerBehaviourYear, "escape_usd_per_behaviour_year", "USD/(behaviour x year)", "utility", 500, 500,       \
    "expected yearly cost of defects in one behaviour hidden behind a contract")                                    \
  X(ReviewCatchShare, "review_catch_share", "1", "utility", 0.65, 0.65,                                                 \
    "share of those defects a person reading the code catches")

/// Every economic parameter.
enum class Param : std::uint8_t {
#define NANOSCOPE_X(id, name, unit, model, lo, hi, meaning) id,
  NANOSCOPE_ECONOMIC_PARAMETERS(NANOSCOPE_X)
#undef NANOSCOPE_X
};

/// Number of parameters.
inline constexpr std::size_t kParamCount = 0
#define NANOSCOPE_X(id, name, unit, model, lo, hi, meaning) +1
    NANOSCOPE_ECONOMIC_PARAMETERS(NANOSCOPE_X)
#undef NANOSCOPE_X
    ;

/// Name, unit, cost model, default and meaning of a parameter.
struct ParamInfo {
  Param param;
  std::string_view name;
  std::string_view unit;
  std::string_view model;  ///< "people", "load", "network", "operational", "development", "design", "utility"
  double default_low;
  double default_high;
  std::string_view meaning;
};

/// The table, in declaration order.
[[nodiscard]] const std::array<ParamInfo, kParamCount>& parameter_table();
/// Info of one parameter.
[[nodiscard]] const ParamInfo& info(Param p);
/// Parameter by its file name, e.g. "ai_share".
[[nodiscard]] std::optional<Param> parse_param(std::string_view name);

/// An uncertain value: uniform on [low, high] (low == high: certain).
struct Range {
  double low = 0.0;
  double high = 0.0;
  [[nodiscard]] double mid() const { return 0.5 * (low + high); }
  [[nodiscard]] double at(double u) const { return low + (high - low) * u; }
  bool operator==(const Range&) const = default;
};

/// One value per parameter (a sample or the nominal point).
class ParamValues {
 public:
  [[nodiscard]] double operator[](Param p) const { return v_[static_cast<std::size_t>(p)]; }
  double& operator[](Param p) { return v_[static_cast<std::size_t>(p)]; }

 private:
  std::array<double, kParamCount> v_{};
};

/// One range per parameter; starts at the table defaults.
class ParamRanges {
 public:
  ParamRanges();
  [[nodiscard]] const Range& operator[](Param p) const { return r_[static_cast<std::size_t>(p)]; }
  Range& operator[](Param p) { return r_[static_cast<std::size_t>(p)]; }
  /// Midpoints.
  [[nodiscard]] ParamValues nominal() const;
  /// Sample `index` of a run seeded `seed`: each parameter uniform in its range, from its own
  /// stream, so adding a parameter never shifts the others' draws.
  [[nodiscard]] ParamValues sample(std::uint64_t seed, std::uint64_t index) const;
  /// Parameters whose range is not a single value.
  [[nodiscard]] std::size_t uncertain_count() const;

 private:
  std::array<Range, kParamCount> r_{};
};

}  // namespace nanoscope::economics
