// Traces that straddle call-table files, followed whole. Alibaba v2022 ships one archive per
// three minutes, so a trace running at the turn is cut in two when each file is followed on its
// own. A file with a call-table neighbour sets aside the rows of the traces at its edges (first
// seen in its first 65,536 rows at a row that is not a root rpc, or first seen in its last
// 65,536 rows -- the window within which the importer keeps a silent trace open); the joiner
// collects them by trace id and follows each trace's rows in (file, row) order as one trace,
// split only where its files are not consecutive. What the joined traces add is kept as
// JoinedCalls, applied after all files, so the same traces give the same graph whether one
// process joined them as the files came or many ranks did after a shuffle by trace id.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "importers/joined_calls.hpp"

namespace nanoscope::importers {
namespace detail {
struct AlibabaRow;  // alibaba_rows.hpp
class NameTable;    // call_aggregator.hpp
}  // namespace detail

class TraceJoiner;

/// What a call-table file needs to know of its place in the import.
struct CallTableEdges {
  std::uint32_t unit = 0;     ///< its plan unit
  bool has_previous = false;  ///< the unit before it is a call table
  bool has_next = false;      ///< the unit after it is a call table
  TraceJoiner* joiner = nullptr;  ///< null: nothing is set aside (the file alone)
};

class TraceJoiner {
 public:
  TraceJoiner();
  ~TraceJoiner();
  TraceJoiner(const TraceJoiner&) = delete;
  TraceJoiner& operator=(const TraceJoiner&) = delete;

  /// Units [first, end) are about to be imported here, in order; `first_open`: unit `first` has
  /// a call-table neighbour before it that is imported elsewhere, `end_open` likewise after end - 1.
  /// The traces that may continue there are kept for take_outgoing().
  void begin_block(std::uint32_t first, std::uint32_t end, bool first_open, bool end_open);
  /// The rows the file of `unit` set aside (names are ids of `names`).
  void add_alibaba_rows(std::uint32_t unit, const std::vector<detail::AlibabaRow>& rows, const detail::NameTable& names);
  /// Unit `unit` was imported: traces whose last rows came before it are complete and joined now
  /// (memory holds only the traces at the current turn of files).
  void unit_done(std::uint32_t unit);
  /// Ends the block: the traces that may continue in another rank's files, by the rank that
  /// joins them (an owner chosen by trace id among `ranks`), as bytes; the others are joined here.
  [[nodiscard]] std::vector<std::string> end_block(std::size_t ranks);
  /// Takes traces another rank sent (one element of end_block()'s result).
  void receive(std::string_view bytes);
  /// Joins every trace still held and returns what all joined traces added.
  [[nodiscard]] JoinedCalls finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The rank that joins a trace: its id's place in the 64-bit hash space, in `ranks` equal parts.
[[nodiscard]] std::size_t trace_owner(std::uint64_t trace, std::size_t ranks);

}  // namespace nanoscope::importers
