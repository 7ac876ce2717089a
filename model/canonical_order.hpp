// The canonical numbering of a call graph: services by name, each service's operations by
// name, edges by (caller, callee, kind) in that numbering. Ids are otherwise the order an
// importer met things in, so the same system read from traces and re-read from its own graph
// JSON would get different ids, and everything seeded per id (the simulator's random streams)
// would draw differently. Importing ends with this, so equal graphs get equal ids.
#pragma once

#include "model/call_graph.hpp"

namespace nanoscope::model {

/// A copy of `graph` with canonical ids; every field, window, trace count and kept arrival
/// carried over. Already canonical graphs come back equal.
[[nodiscard]] CallGraph canonical_order(const CallGraph& graph);

}  // namespace nanoscope::model
