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
/// Throws the reader's ImportError unless the row has exactly `expected` fields.
void require_field_count(const CsvReader& reader, std::size_t expected);

/// Alibaba cluster-trace MS_CallGraph_Table (v2021) and MSCallGraph (v2022) rows.
std::uint64_t import_alibaba_callgraph(CsvReader& reader, const CsvHeader& header, GraphBuilder& builder);
/// DeathStarBench parent/child span-pair rows.
std::uint64_t import_deathstarbench_callgraph(CsvReader& reader, const CsvHeader& header, GraphBuilder& builder);
/// Reads the header and dispatches on it (the file entry point, minus opening the file).
std::uint64_t import_callgraph_csv(CsvReader& reader, GraphBuilder& builder);

}  // namespace nanoscope::importers::detail
