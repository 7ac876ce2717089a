// Parsing one Alibaba call-graph row into an AlibabaRow.
#include "importers/alibaba_rows.hpp"

#include <cmath>

namespace nanoscope::importers::detail {
namespace {

bool equals_lower(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if ((text[i] | 0x20) != lower[i]) return false;
  return true;
}

RpcKind classify(std::string_view type) {
  if (equals_lower(type, "rpc")) return RpcKind::Rpc;
  if (equals_lower(type, "http")) return RpcKind::Http;
  if (equals_lower(type, "mq")) return RpcKind::Mq;
  if (equals_lower(type, "db")) return RpcKind::Db;
  if (equals_lower(type, "mc")) return RpcKind::Mc;
  return RpcKind::Other;
}

}  // namespace

AlibabaRowParser::AlibabaRowParser(CsvReader& reader, const CsvHeader& header, NameTable& names)
    : reader_(reader), names_(names), columns_(header.size()) {
  timestamp_ = header.find({"timestamp"});
  trace_ = header.find({"traceid", "trace_id"});
  rpcid_ = header.find({"rpcid", "rpc_id"});
  um_ = header.find({"um"});
  rpctype_ = header.find({"rpctype", "rpc_type"});
  interface_ = header.find({"interface"});
  dm_ = header.find({"dm"});
  rt_ = header.find({"rt"});
  const std::pair<int, const char*> required[] = {
      {trace_, "traceid"}, {rpcid_, "rpcid"}, {um_, "um"}, {dm_, "dm"}, {rpctype_, "rpctype"}, {rt_, "rt"}};
  for (auto [column, name] : required)
    if (column < 0) reader_.fail(std::string("the header has no ") + name + " column");
  unknown_id_ = names_.intern(kUnknownService);
  recent_callers_.assign(std::size_t{1} << 15, 0);
}

bool AlibabaRowParser::number(int column, const char* what, double& out) {
  if (column < 0) return false;
  std::string_view text = reader_.fields()[static_cast<std::size_t>(column)];
  if (is_missing_name(text)) return false;
  if (!parse_number(text, out) || std::fabs(out) > 9.0e12)
    reader_.fail_at_field(static_cast<std::size_t>(column),
                          std::string(what) + " is not a number: '" + std::string(text.substr(0, 40)) + "'");
  return true;
}

void AlibabaRowParser::parse(AlibabaRow& row) {
  require_field_count(reader_, columns_);
  const auto& f = reader_.fields();
  row.flags = 0;
  double rt_ms = 0, timestamp_ms = 0;
  if (number(rt_, "rt", rt_ms)) {
    row.flags |= AlibabaRow::kHasLatency;
    if (rt_ms < 0) row.flags |= AlibabaRow::kCalleeSide;
    row.latency_us = whole_micros(std::fabs(rt_ms) * 1000.0);  // rt has at most 3 decimals
  } else {
    ++missing_rt_;
  }
  if (number(timestamp_, "timestamp", timestamp_ms)) {
    row.flags |= AlibabaRow::kHasTimestamp;
    row.timestamp_us = std::llround(timestamp_ms * 1000.0);
  }
  row.trace = hash_text(f[static_cast<std::size_t>(trace_)]);
  const std::string_view rpcid = f[static_cast<std::size_t>(rpcid_)];
  row.rpc = hash_text(rpcid);

  // Most callee-side rows directly follow their caller-side twin: they only need folding.
  const std::uint64_t key = mix_hash(row.trace, row.rpc);
  std::uint64_t& recent = recent_callers_[key & (recent_callers_.size() - 1)];
  if (row.flags & AlibabaRow::kCalleeSide) {
    if (recent == key) {
      row.flags |= AlibabaRow::kTwinSeen;
      return;
    }
  } else {
    recent = key;
  }

  row.kind = classify(f[static_cast<std::size_t>(rpctype_)]);
  if (row.kind == RpcKind::Other) ++unknown_rpctype_;
  const std::string_view um = f[static_cast<std::size_t>(um_)];
  const std::string_view dm = f[static_cast<std::size_t>(dm_)];
  if (is_missing_name(um)) {
    row.flags |= AlibabaRow::kUmMissing | AlibabaRow::kExternalCaller;
    row.um = unknown_id_;
  } else {
    if (um == "USER" || um == "user") row.flags |= AlibabaRow::kExternalCaller;
    row.um = names_.intern(um);
  }
  if (is_missing_name(dm)) {
    row.flags |= AlibabaRow::kDmMissing;
    row.dm = unknown_id_;
  } else {
    row.dm = names_.intern(dm);
  }
  const std::string_view interface = interface_ < 0 ? std::string_view() : f[static_cast<std::size_t>(interface_)];
  row.interface = is_missing_name(interface) ? 0 : names_.intern(interface);

  const std::size_t dot = rpcid.rfind('.');
  if (dot == std::string_view::npos || rpcid.substr(0, dot) == "0") {
    row.flags |= AlibabaRow::kRoot;
    row.parent = 0;
  } else {
    row.parent = hash_text(rpcid.substr(0, dot));
  }
}

}  // namespace nanoscope::importers::detail
