// Internals shared by the call-graph CSV importers (Alibaba and DeathStarBench schemas):
// the header, number parsing, missing-value markers, and the per-schema entry points.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importers/csv_reader.hpp"
#include "importers/graph_builder.hpp"

namespace nanoscope::importers {
struct CallTableEdges;  // trace_joiner.hpp
}  // namespace nanoscope::importers

namespace nanoscope::importers::detail {

/// The header row, lower-cased and trimmed, with lookups by column name.
class CsvHeader {
 public:
  explicit CsvHeader(const std::vector<std::string_view>& fields);
  /// Index of the first column named any of `names` (lower-case), or -1.
  [[nodiscard]] int find(std::initializer_list<std::string_view> names) const;
  [[nodiscard]] bool has(std::string_view name) const { return find({name}) >= 0; }
  [[nodiscard]] std::size_t size() const { return names_.size(); }

 private:
  std::vector<std::string> names_;
};

/// Whether a name field holds one of the datasets' "no value" markers: empty, NAN, nan,
/// NaN, (?), UNKNOWN, UNAVAILABLE, NULL.
[[nodiscard]] bool is_missing_name(std::string_view text);
/// Parses a finite decimal number (optionally with a fraction or exponent).
[[nodiscard]] bool parse_number(std::string_view text, double& out);
/// `micros` rounded to whole microseconds (below 2^52; beyond, as it is). Call tables keep
/// whole-microsecond samples so that every sum of them is exact: partial results of a
/// distributed import then add up to the same bits in any grouping. Adding and taking away
/// 2^52 rounds to nearest without a libm call (the importers' hot loops call this per row).
[[nodiscard]] inline double whole_micros(double micros) {
  if (micros >= 0x1p52 || micros <= -0x1p52) return micros;
  return micros >= 0 ? (micros + 0x1p52) - 0x1p52 : -((-micros + 0x1p52) - 0x1p52);
}
/// Throws the reader's ImportError unless the row has exactly `expected` fields.
void require_field_count(const CsvReader& reader, std::size_t expected);

/// Alibaba cluster-trace MS_CallGraph_Table (v2021) and MSCallGraph (v2022) rows; the traces
/// at the file's edges go to `edges.joiner` when it has call-table neighbours.
std::uint64_t import_alibaba_callgraph(CsvReader& reader, const CsvHeader& header, GraphBuilder& builder,
                                       const CallTableEdges& edges);
/// DeathStarBench parent/child span-pair rows.
std::uint64_t import_deathstarbench_callgraph(CsvReader& reader, const CsvHeader& header, GraphBuilder& builder);
/// Reads the header and dispatches on it (the file entry point, minus opening the file).
/// DeathStarBench tables are followed file by file (nothing is set aside for a join).
std::uint64_t import_callgraph_csv(CsvReader& reader, GraphBuilder& builder, const CallTableEdges& edges);
/// The file alone (nothing set aside).
std::uint64_t import_callgraph_csv(CsvReader& reader, GraphBuilder& builder);

}  // namespace nanoscope::importers::detail
