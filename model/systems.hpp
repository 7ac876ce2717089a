// Systems: the inputs of one import grouped into the separate systems they describe. Two inputs
// belong to one system when they mention a common service (ignoring infrastructure, so a shared
// collector does not glue systems together) and their time windows overlap; an input without
// a window joins by shared services alone. Each system is then analysed on its own graph, so
// one system's counts are never divided by another's requests.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/call_graph.hpp"
#include "model/diagnostics.hpp"

namespace nanoscope::model {

/// Services that do not tie inputs together (infrastructure, excluded names); may be empty.
using ServicePredicate = std::function<bool(const Service&)>;

/// One system: some of a graph's inputs and the services they mention.
struct System {
  std::size_t index = 0;                ///< 1-based, in the order split_systems returns them
  std::string name;                     ///< its largest entry service, else its first input's file stem
  std::vector<std::uint32_t> inputs;    ///< indices into CallGraph::inputs, ascending
  std::vector<ServiceId> services;      ///< services its inputs mention, ascending ids
  std::optional<std::int64_t> window_start_us;  ///< union of its inputs' windows, if any has one
  std::optional<std::int64_t> window_end_us;
};

/// Groups the graph's inputs into systems (union-find over inputs). Systems come largest first
/// (most services), ties by first input; names are unique. A graph without inputs is one
/// system of every service. Services no input mentions and inputs that mention no service join
/// the first system, so nothing is left out.
[[nodiscard]] std::vector<System> split_systems(const CallGraph& graph, const ServicePredicate& ignore = {});

/// The system `key` names: its name, its index ("2"), or one of its inputs' path or file stem.
/// Null when none matches.
[[nodiscard]] const System* find_system(const std::vector<System>& systems, const CallGraph& graph,
                                        std::string_view key);

/// The graph of one system: its services, the edges its inputs mention, its inputs only (and
/// their trace counts and windows). A service that inputs of two systems mention (seen apart in
/// time, or ignored infrastructure) is in both, with its operations' counts whole: the graph
/// keeps no per-input statistics, so they cannot be split (report_systems warns about them).
/// With one system the graph comes back unchanged.
[[nodiscard]] CallGraph system_graph(const CallGraph& graph, const System& system);

/// Warnings about the split: `several-systems` (listing them), `windows-far-apart` (two
/// systems more than 30 days apart, with the gap) and `shared-service` (services, not ignored,
/// that several systems mention). Nothing when `diagnostics` already hold `several-systems`
/// (a re-imported graph keeps the warnings of the import that made it).
void report_systems(const CallGraph& graph, const std::vector<System>& systems, Diagnostics& diagnostics,
                    const ServicePredicate& ignore = {});

/// A gap between windows above this is reported as `windows-far-apart`.
inline constexpr std::int64_t kFarApartUs = 30LL * 24 * 3600 * 1'000'000;

}  // namespace nanoscope::model
