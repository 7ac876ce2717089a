// Alibaba call-graph CSV rows reduced to fixed-size records: numbers parsed, names interned,
// ids hashed. This is the first stage of the Alibaba import (see alibaba_callgraph.cpp).
#pragma once

#include <cstdint>
#include <vector>

#include "importers/call_aggregator.hpp"
#include "importers/callgraph_csv_detail.hpp"

namespace nanoscope::importers::detail {

/// The rpctype column.
enum class RpcKind : std::uint8_t { Rpc, Http, Mq, Db, Mc, Other };

/// One row, everything the trace-level stage needs.
struct AlibabaRow {
  static constexpr std::uint8_t kRoot = 1;            ///< rpcid "0" or "0.N"
  static constexpr std::uint8_t kUmMissing = 2;       ///< um is empty, NAN, (?), UNKNOWN ...
  static constexpr std::uint8_t kDmMissing = 4;
  static constexpr std::uint8_t kExternalCaller = 8;  ///< um missing or USER
  static constexpr std::uint8_t kHasLatency = 16;
  static constexpr std::uint8_t kHasTimestamp = 32;
  static constexpr std::uint8_t kCalleeSide = 64;     ///< rt < 0
  /// A callee-side row whose caller-side twin was seen just before: only trace and rpc are
  /// filled in (names are not interned), it is folded.
  static constexpr std::uint8_t kTwinSeen = 128;

  std::uint64_t trace = 0;   ///< hash of traceid
  std::uint64_t rpc = 0;     ///< hash of rpcid
  std::uint64_t parent = 0;  ///< hash of the parent rpcid (not for roots)
  double latency_us = 0;     ///< |rt| in microseconds
  std::int64_t timestamp_us = 0;
  std::uint32_t um = 0;      ///< NameTable ids; missing names are "(unknown)"
  std::uint32_t dm = 0;
  std::uint32_t interface = 0;  ///< 0 when missing (the "*" operation)
  RpcKind kind = RpcKind::Other;
  std::uint8_t flags = 0;
};

/// Turns CsvReader rows into AlibabaRow records. Throws ImportError (file:line:column) for
/// a wrong field count or a non-numeric rt / timestamp.
class AlibabaRowParser {
 public:
  AlibabaRowParser(CsvReader& reader, const CsvHeader& header, NameTable& names);
  /// Parses the reader's current row.
  void parse(AlibabaRow& row);
  /// Id of "(unknown)" in the name table.
  [[nodiscard]] std::uint32_t unknown_id() const { return unknown_id_; }
  [[nodiscard]] std::uint64_t missing_rt() const { return missing_rt_; }
  [[nodiscard]] std::uint64_t unknown_rpctype() const { return unknown_rpctype_; }

 private:
  bool number(int column, const char* what, double& out);

  CsvReader& reader_;
  NameTable& names_;
  std::size_t columns_;
  int timestamp_ = -1, trace_ = -1, rpcid_ = -1, um_ = -1, rpctype_ = -1, interface_ = -1, dm_ = -1, rt_ = -1;
  std::uint32_t unknown_id_ = 0;
  std::uint64_t missing_rt_ = 0, unknown_rpctype_ = 0;
  std::vector<std::uint64_t> recent_callers_;  // direct-mapped: keys of recent caller-side rows
};

}  // namespace nanoscope::importers::detail
