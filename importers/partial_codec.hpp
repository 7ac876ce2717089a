// Bytes of the pieces a distributed import sends between MPI ranks: the import plan (rank 0 to
// all) and partial results (each rank to rank 0). Exact: doubles travel bit for bit, so a
// graph read back merges to the same bytes of output as the one written.
#pragma once

#include <string>
#include <string_view>

#include "importers/import_plan.hpp"
#include "importers/joined_calls.hpp"
#include "importers/unit_importer.hpp"

namespace nanoscope::importers {

[[nodiscard]] std::string encode_plan(const ImportPlan& plan);
/// Throws std::runtime_error when the bytes are not a plan encode_plan wrote.
[[nodiscard]] ImportPlan decode_plan(std::string_view bytes);

/// What one rank sends rank 0: the partials of its blocks and what the traces it joined added.
struct RankResult {
  std::vector<ImportPartial> partials;
  JoinedCalls joined;
};
[[nodiscard]] std::string encode_rank_result(const RankResult& result);
/// Throws std::runtime_error when the bytes are not what encode_rank_result wrote.
[[nodiscard]] RankResult decode_rank_result(std::string_view bytes);

/// A list of messages as one (several blocks' traces for one owner).
[[nodiscard]] std::string encode_list(const std::vector<std::string>& items);
[[nodiscard]] std::vector<std::string> decode_list(std::string_view bytes);

/// A whole import result (graph, file summaries, diagnostics, span count).
[[nodiscard]] std::string encode_result(const ImportResult& result);
[[nodiscard]] ImportResult decode_result(std::string_view bytes);

/// A whole CallGraph (every field, ids as they are).
[[nodiscard]] std::string encode_graph(const model::CallGraph& graph);
[[nodiscard]] model::CallGraph decode_graph(std::string_view bytes);

}  // namespace nanoscope::importers
