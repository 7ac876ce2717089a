// Call-graph CSV import: detects the schema from the header and streams the file in chunks
// (memory is bounded by the chunk size, the interned names and the open traces).
//
// \file Decisions (the formats are described in /work/shared/corpus/MANIFEST.md):
// * Schemas. Alibaba cluster-trace v2021 `timestamp,traceid,rpcid,um,rpctype,interface,dm,rt`
//   and v2022 `timestamp,traceid,service,rpc_id,um,uminstanceid,rpctype,interface,dm,
//   dminstanceid,rt` are one schema: columns are found by (case-insensitive) name, so column
//   order, extra columns and the unnamed leading index column of the published files do not
//   matter. DeathStarBench `traceId,...,parentMS,childMS,...` tables are the other schema.
// * Malformed rows are hard errors naming file:line (and the column where it helps): a row
//   with the wrong number of fields, a non-numeric rt / timestamp / duration, an unterminated
//   quote. These files are machine-written, so a bad row means a truncated or foreign file and
//   a graph built from the rest would silently mislead. The datasets' own missing-value
//   markers (empty, NAN, (?), UNKNOWN) are not errors: a name becomes "(unknown)" (warning
//   "unknown-service"), an rt becomes "no latency sample" (info "missing-rt").
// * Alibaba double logging. An rpc/http call is logged by its caller (rt >= 0) and by its
//   callee (rt < 0). Rows are matched on (traceid, rpcid) within their trace: the caller-side
//   row is counted, a callee-side row whose caller-side row exists is folded (info
//   "folded-callee-rows"), and a callee-side row whose twin never shows up is counted once on
//   its own, with |rt|, when its trace closes (info "callee-side-only"). The same rule applies
//   to every rpctype, so one-sided mq/db/mc rows are counted exactly once.
// * Bounded memory. A trace stays open until 65,536 rows pass without one of its rows (or
//   while the open traces hold under about two million rpcs; past that the least recently
//   seen close first). A trace whose rows are spread wider than that is treated as several
//   traces: late rows lose their caller operation, and a call whose two rows straddle the
//   gap may count twice. Published files are ordered by time, and a trace lasts seconds.
// * Traces that straddle files. When a call table has call-table neighbours in the same
//   import, the traces at its edges are set aside and followed together with the neighbours'
//   rows of the same trace ids (trace_joiner.hpp), so a trace cut by the turn of a file
//   (v2022: one archive per three minutes) counts once. DeathStarBench tables are not joined.
// * Alibaba rpctype: rpc -> sync; http -> sync over http; mq -> async um->dm over mq (the
//   table names the consumer, not the broker); db -> database interaction with a Database
//   node; mc -> database interaction with a Cache node; anything else -> sync, protocol
//   unknown (info "unknown-rpctype").
// * Alibaba operations: to_operation = interface; from_operation = the interface of the parent
//   rpc (rpcid without its last component) in the same trace, when that row came earlier and
//   its dm is this row's um; otherwise the caller's "*" operation (info
//   "unresolved-caller-operation"). A row without an um takes its caller from the parent
//   rpc's dm when that is known (info "inferred-caller") instead of "(unknown)".
// * Alibaba entries: a root rpc ("0" or "0.N") whose um is missing or USER is a request from
//   outside: add_entry(dm, interface) instead of a call. A root rpc with a named um is a call
//   um->dm, and the um's "*" operation counts one entry per trace.
// * DeathStarBench: each row is a call parentMS/parentOperation -> childMS/childOperation with
//   latency childDuration (us) at startTime (us). Parent spans never seen as a child in their
//   trace are roots: one entry each. Rows are expected grouped by trace; up to 4096 traces
//   may be open at once, and a trace seen again after it was closed is reported
//   ("split-trace", its roots may count twice).
// * Self time: each counted call's rt minus the union of its own calls' [timestamp, +rt)
//   intervals (untimed ones summed), kept per aggregate as the callee's self_time; roots'
//   durations and self times go to their entry operation. A call from an operation to itself
//   is folded into its caller (info "self-call"). Details in docs/importing.md.
// * Rows are aggregated per distinct call before they reach the GraphBuilder (one add_call per
//   aggregate, in first-seen order), which keeps the import fast for huge files. Alibaba files
//   are parsed on a worker thread while the calling thread follows the traces (a bounded
//   two-stage pipeline; the result does not depend on timing).
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "importers/callgraph_csv_detail.hpp"
#include "importers/formats.hpp"
#include "importers/trace_joiner.hpp"

namespace nanoscope::importers {
namespace detail {

CsvHeader::CsvHeader(const std::vector<std::string_view>& fields) {
  names_.reserve(fields.size());
  for (std::string_view f : fields) {
    std::string name(f);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    names_.push_back(std::move(name));
  }
}

int CsvHeader::find(std::initializer_list<std::string_view> names) const {
  for (std::size_t i = 0; i < names_.size(); ++i)
    for (std::string_view n : names)
      if (names_[i] == n) return static_cast<int>(i);
  return -1;
}

bool is_missing_name(std::string_view text) {
  switch (text.size()) {
    case 0: return true;
    case 3: return text == "NAN" || text == "nan" || text == "NaN" || text == "(?)";
    case 4: return text == "NULL" || text == "null";
    case 7: return text == "UNKNOWN" || text == "unknown";
    case 11: return text == "UNAVAILABLE";
    default: return false;
  }
}

bool parse_number(std::string_view text, double& out) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  // Fast path for the common shapes: -?digits(.digits)? with few enough digits to be exact.
  const char* p = text.data();
  const char* end = p + text.size();
  bool negative = false;
  if (*p == '-') {
    negative = true;
    ++p;
  }
  std::uint64_t mantissa = 0;
  int digits = 0, fraction = -1;
  for (; p < end && digits < 17; ++p) {
    if (*p >= '0' && *p <= '9') {
      mantissa = mantissa * 10 + static_cast<std::uint64_t>(*p - '0');
      ++digits;
      if (fraction >= 0) ++fraction;
    } else if (*p == '.' && fraction < 0) {
      fraction = 0;
    } else {
      break;
    }
  }
  if (p == end && digits > 0 && mantissa <= (std::uint64_t{1} << 53)) {
    static constexpr double kPow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
                                        1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17};
    double value = static_cast<double>(mantissa);
    if (fraction > 0) value /= kPow10[fraction];
    out = negative ? -value : value;
    return true;
  }
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) return false;
  out = value;
  return true;
}

void require_field_count(const CsvReader& reader, std::size_t expected) {
  const std::size_t got = reader.fields().size();
  if (got != expected)
    reader.fail("expected " + std::to_string(expected) + " fields as in the header, found " + std::to_string(got));
}

std::uint64_t import_callgraph_csv(CsvReader& reader, GraphBuilder& builder) {
  return import_callgraph_csv(reader, builder, CallTableEdges{});
}

std::uint64_t import_callgraph_csv(CsvReader& reader, GraphBuilder& builder, const CallTableEdges& edges) {
  if (!reader.next()) throw ImportError(reader.name(), {}, "empty call-graph csv (no header row)");
  const CsvHeader header(reader.fields());
  if (header.has("parentms") && header.has("childms")) return import_deathstarbench_callgraph(reader, header, builder);
  if (header.has("um") && header.has("dm") && header.find({"rpcid", "rpc_id"}) >= 0)
    return import_alibaba_callgraph(reader, header, builder, edges);
  reader.fail("unrecognised call-graph csv header (expected Alibaba traceid,rpcid,um,rpctype,interface,dm,rt "
              "or DeathStarBench traceId,...,parentMS,childMS,... columns)");
}

}  // namespace detail

std::uint64_t import_callgraph_csv(const std::string& path, GraphBuilder& builder, const ImportLimits& limits) {
  return import_callgraph_csv(path, builder, limits, CallTableEdges{});
}

std::uint64_t import_callgraph_csv(const std::string& path, GraphBuilder& builder, const ImportLimits& limits,
                                   const CallTableEdges& edges) {
  StreamOptions stream;
  stream.max_bytes = limits.max_file_bytes;
  detail::CsvReader reader(path, detail::CsvReader::kDefaultChunkBytes,
                           static_cast<std::size_t>(limits.max_csv_row_bytes), stream);
  return detail::import_callgraph_csv(reader, builder, edges);
}

std::uint64_t import_callgraph_csv(std::unique_ptr<ByteSource> source, GraphBuilder& builder,
                                   const ImportLimits& limits) {
  return import_callgraph_csv(std::move(source), builder, limits, CallTableEdges{});
}

std::uint64_t import_callgraph_csv(std::unique_ptr<ByteSource> source, GraphBuilder& builder,
                                   const ImportLimits& limits, const CallTableEdges& edges) {
  detail::CsvReader reader(std::move(source), detail::CsvReader::kDefaultChunkBytes,
                           static_cast<std::size_t>(limits.max_csv_row_bytes));
  return detail::import_callgraph_csv(reader, builder, edges);
}

}  // namespace nanoscope::importers
