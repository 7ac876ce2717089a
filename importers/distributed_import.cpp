// The distributed import: plan on rank 0, blocks of call tables on every rank, partials merged
// on rank 0 in plan order. Why the result equals the single-process import: merging a partial
// graph (CallGraph::merge with shared inputs) adds counts and latency summaries and keeps the
// first specific service kind and protocol, exactly as adding its call records one by one would;
// call tables give whole-microsecond samples, so every sum is exact in any grouping.
#include "importers/distributed_import.hpp"

#include <algorithm>
#include <exception>
#include <stdexcept>

#include "importers/partial_codec.hpp"
#include "importers/trace_joiner.hpp"
#include "importers/unit_importer.hpp"

namespace nanoscope::importers {

std::vector<UnitBlock> deal_call_tables(const ImportPlan& plan, std::size_t ranks) {
  ranks = std::max<std::size_t>(ranks, 1);
  std::vector<std::size_t> tables;
  std::uint64_t total = 0;
  for (std::size_t u = 0; u < plan.units.size(); ++u)
    if (plan.units[u].is_dealt()) {
      tables.push_back(u);
      total += plan.units[u].bytes;
    }
  std::vector<UnitBlock> blocks;
  std::uint64_t before = 0;
  for (std::size_t k = 0; k < tables.size(); ++k) {
    const std::size_t u = tables[k];
    const std::uint64_t bytes = plan.units[u].bytes;
    // The rank whose share holds the unit's middle byte (by count when all are empty); the
    // doubles only choose a rank, so their rounding cannot change a result.
    const double middle = total ? (static_cast<double>(before) + static_cast<double>(bytes) / 2) / static_cast<double>(total)
                                : (static_cast<double>(k) + 0.5) / static_cast<double>(tables.size());
    const std::size_t rank = std::min(static_cast<std::size_t>(middle * static_cast<double>(ranks)), ranks - 1);
    before += bytes;
    if (!blocks.empty() && blocks.back().rank == rank && blocks.back().end == u &&
        plan.units[blocks.back().first].archive == plan.units[u].archive)
      ++blocks.back().end;
    else
      blocks.push_back({u, u + 1, rank});
  }
  return blocks;
}

namespace {

// Runs `work`, turning any exception into the agreed failure of every rank.
template <class Work>
auto or_fail(ImportExchange& exchange, Work&& work) {
  try {
    return work();
  } catch (const std::exception& e) {
    exchange.fail(e.what());
  }
  throw std::logic_error("unreachable: ImportExchange::fail returned");  // fail() is [[noreturn]]
}

}  // namespace

std::optional<ImportResult> import_distributed(const std::vector<std::string>& inputs, const ImportOptions& options,
                                               ImportExchange& exchange, bool result_on_every_rank) {
  const bool root = exchange.rank() == 0;
  std::string plan_bytes;
  if (root) plan_bytes = or_fail(exchange, [&] { return encode_plan(plan_import(inputs, options)); });
  const ImportPlan plan = decode_plan(exchange.broadcast(std::move(plan_bytes)));
  const std::vector<UnitBlock> blocks = deal_call_tables(plan, exchange.ranks());

  ImportOptions local = options;
  local.progress = nullptr;  // a part has no meaningful share of the whole
  const std::size_t ranks = exchange.ranks();
  auto is_table = [&](std::size_t u) { return u < plan.units.size() && plan.units[u].is_call_table(); };
  TraceJoiner joiner;
  RankResult mine;
  const std::vector<std::string> outgoing = or_fail(exchange, [&] {
    std::vector<std::vector<std::string>> to_owner(ranks);
    for (const UnitBlock& block : blocks) {
      if (block.rank != exchange.rank()) continue;
      UnitImporter part(plan, local, block.first, block.end, joiner);
      const bool tables = !plan.units[block.first].archive;  // archive members are not joined across
      if (tables)
        joiner.begin_block(static_cast<std::uint32_t>(block.first), static_cast<std::uint32_t>(block.end),
                           block.first > 0 && is_table(block.first - 1), is_table(block.end));
      for (std::size_t u = block.first; u < block.end; ++u) part.import_unit(u);
      mine.partials.push_back(part.take_partial());
      if (!tables) continue;
      auto traces = joiner.end_block(ranks);
      for (std::size_t r = 0; r < ranks; ++r)
        if (!traces[r].empty()) to_owner[r].push_back(std::move(traces[r]));
    }
    std::vector<std::string> out(ranks);
    for (std::size_t r = 0; r < ranks; ++r) out[r] = encode_list(to_owner[r]);
    return out;
  });
  const std::vector<std::string> incoming = exchange.all_to_all(outgoing);
  const std::string message = or_fail(exchange, [&] {
    for (const std::string& list : incoming)
      for (const std::string& traces : decode_list(list)) joiner.receive(traces);
    mine.joined = joiner.finish();
    return encode_rank_result(mine);
  });
  const std::vector<std::string> gathered = exchange.gather(message);

  std::optional<ImportResult> result;
  if (root) {
    result = or_fail(exchange, [&] {
      std::vector<ImportPartial> partials;
      JoinedCalls joined;
      for (const std::string& bytes : gathered) {
        RankResult some = decode_rank_result(bytes);
        std::move(some.partials.begin(), some.partials.end(), std::back_inserter(partials));
        joined.merge(some.joined);
      }
      std::sort(partials.begin(), partials.end(),
                [](const ImportPartial& a, const ImportPartial& b) { return a.first_unit < b.first_unit; });
      UnitImporter whole(plan, options);
      auto next = partials.begin();
      for (std::size_t u = 0; u < plan.units.size();) {
        if (next != partials.end() && next->first_unit == u && next->declined) {
          ++next;  // an archive block with members that are not call tables: imported here
          whole.import_unit(u++);
        } else if (next != partials.end() && next->first_unit == u) {
          whole.absorb(*next);
          u = next->end_unit;
          ++next;
        } else {
          whole.import_unit(u++);
        }
      }
      whole.absorb_joined(joined);
      return whole.finish();
    });
  }
  // Rank 0's own units may still fail: every rank waits for its word (the result, when wanted).
  const std::string word = exchange.broadcast(root && result_on_every_rank ? encode_result(*result) : std::string());
  if (result_on_every_rank && !root) result = decode_result(word);
  return result;
}

}  // namespace nanoscope::importers
