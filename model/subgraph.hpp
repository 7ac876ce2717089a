// A call graph restricted to some of its services: the one home for "the same graph without
// these services" (per-system graphs, excluded infrastructure). Keeps everything else as is.
#pragma once

#include <vector>

#include "model/call_graph.hpp"

namespace nanoscope::model {

/// The services with keep_service[id] set, their operations (every statistic and kept arrival)
/// and the edges among them (every statistic); edges to or from a dropped service are dropped.
/// The graph-level facts (window, trace count, arrivals not kept, ...) are copied as a whole:
/// callers that know better (a system's own inputs) adjust them afterwards. Ids follow the
/// original order, so a canonical graph gives a canonical subgraph. `keep_service` must have
/// one entry per service (std::invalid_argument otherwise). A non-empty `keep_edge` (one entry
/// per edge) drops further edges, e.g. the edges only other systems' inputs mention.
[[nodiscard]] CallGraph induced_subgraph(const CallGraph& graph, const std::vector<bool>& keep_service,
                                         const std::vector<bool>& keep_edge = {});

}  // namespace nanoscope::model
