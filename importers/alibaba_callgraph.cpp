// Alibaba cluster-trace call-graph rows (v2021 MS_CallGraph_Table, v2022 MSCallGraph) ->
// aggregated calls and entries. The rules are explained at the top of callgraph_csv.cpp; the
// traces are followed by AlibabaTraces (alibaba_traces.hpp). When the file has call-table
// neighbours in the import, the traces at its edges are set aside for the TraceJoiner
// (trace_joiner.hpp), which follows each one across the files it straddles.
#include <deque>

#include "importers/alibaba_traces.hpp"
#include "importers/batch_pipeline.hpp"
#include "importers/callgraph_csv_detail.hpp"
#include "importers/trace_joiner.hpp"

namespace nanoscope::importers::detail {
namespace {

class AlibabaImporter {
 public:
  AlibabaImporter(CsvReader& reader, const CsvHeader& header, GraphBuilder& builder, const CallTableEdges& edges)
      : reader_(reader),
        builder_(builder),
        edges_(edges),
        parser_(reader, header, names_),
        traces_(names_, parser_.unknown_id()) {}

  std::uint64_t run() {
    const bool joining = edges_.joiner != nullptr;
    SetAsidePolicy head;
    if (joining && edges_.has_previous) head.head_rows = kIdleRows;
    const bool tail = joining && edges_.has_next;
    std::vector<AlibabaRow>* aside = joining ? &aside_ : nullptr;
    // With a next file, the last kIdleRows rows are held back: the traces first seen among
    // them are set aside whole (none of their rows has been followed).
    std::deque<std::vector<AlibabaRow>> held;
    std::size_t held_rows = 0;
    // Stage one (a worker thread) parses and interns; stage two (here) follows the traces.
    // The name table is written only by stage one until the pipeline has finished.
    run_batch_pipeline<AlibabaRow>(
        kBatchRows, 4,
        [this](std::vector<AlibabaRow>& batch) {
          while (batch.size() < kBatchRows) {
            if (!reader_.next()) return false;
            batch.emplace_back();
            parser_.parse(batch.back());
          }
          return true;
        },
        [&](const std::vector<AlibabaRow>& batch) {
          if (!tail) return traces_.follow(batch.data(), batch.size(), head, aside);
          held.push_back(batch);
          held_rows += batch.size();
          for (; held_rows - held.front().size() >= kIdleRows; held.pop_front()) {
            held_rows -= held.front().size();
            traces_.follow(held.front().data(), held.front().size(), head, aside);
          }
        });
    std::uint64_t not_joined = 0;
    if (tail) {
      std::vector<AlibabaRow> last;
      last.reserve(held_rows);
      for (const auto& batch : held) last.insert(last.end(), batch.begin(), batch.end());
      const std::size_t split = last.size() > kIdleRows ? last.size() - kIdleRows : 0;
      traces_.follow(last.data(), split, head, aside);
      SetAsidePolicy end = head;
      end.tail = true;
      traces_.follow(last.data() + split, last.size() - split, end, aside);
      not_joined = traces_.open_followed_traces();
    }
    const std::uint64_t rows = traces_.rows();
    traces_.flush(builder_);
    report(not_joined);
    if (joining && !aside_.empty()) edges_.joiner->add_alibaba_rows(edges_.unit, aside_, names_);
    return rows;
  }

 private:
  static constexpr std::size_t kBatchRows = 4096;

  void report(std::uint64_t not_joined) {
    traces_.report([&](model::Severity severity, std::string_view code, std::string_view message, std::uint64_t count) {
      if (severity == model::Severity::Warning)
        builder_.warn(code, message, count);
      else
        builder_.info(code, message, count);
    });
    const std::uint64_t missing_rt = parser_.missing_rt(), unknown_rpctype = parser_.unknown_rpctype();
    if (missing_rt) builder_.info("missing-rt", "rows without a response time (no latency sample)", missing_rt);
    if (unknown_rpctype)
      builder_.info("unknown-rpctype", "rows whose rpctype is not rpc, http, mq, db or mc; taken as sync calls",
                    unknown_rpctype);
    if (!aside_.empty())
      builder_.info("rows-set-aside-for-join",
                    "rows of traces at the file's edges, followed together with the neighbouring file's rows of "
                    "the same traces",
                    aside_.size());
    if (not_joined)
      builder_.info("traces-not-joined",
                    "traces open at the end of the file that began before its last 65,536 rows: their rows in "
                    "the next file are followed as other traces",
                    not_joined);
  }

  CsvReader& reader_;
  GraphBuilder& builder_;
  const CallTableEdges& edges_;
  NameTable names_;
  AlibabaRowParser parser_;
  AlibabaTraces traces_;
  std::vector<AlibabaRow> aside_;
};

}  // namespace

std::uint64_t import_alibaba_callgraph(CsvReader& reader, const CsvHeader& header, GraphBuilder& builder,
                                       const CallTableEdges& edges) {
  return AlibabaImporter(reader, header, builder, edges).run();
}

}  // namespace nanoscope::importers::detail
