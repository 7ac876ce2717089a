// The overhead bill of each side of a diff in each era: the observed services of each graph
// measured against its own one-process reference and priced with economics' price_level, the
// pricing `nanoscope report` and `whatif` use. Both sides are priced at the era's same
// Monte-Carlo samples, so the change is a paired difference, band of the per-sample deltas.
#include <utility>

#include "economics/partition_measures.hpp"
#include "model/partition.hpp"
#include "session/graph_diff.hpp"

namespace nanoscope::session {
namespace {

// One side priced in one era, with its per-sample figures.
economics::LevelResult price_side(const model::CallGraph& graph, const economics::Era& era, unsigned threads,
                                  const model::CancelToken& cancel, economics::SampleFigures& samples,
                                  const char* label) {
  const economics::MeasureContext context = economics::era_measure_context(graph, era, cancel);
  cancel.check();
  // The analytic load curve only (no discrete-event check): a bill of two 20,000-service graphs
  // in three eras stays within seconds; `report` shows the checked figures of one side.
  const economics::PartitionMeasures reference = economics::measure_level(context, context.reference, false);
  const economics::PartitionMeasures observed =
      economics::measure_level(context, model::Partition::observed(graph), false);
  cancel.check();
  economics::LevelResult result = economics::price_level(observed, reference, era, threads, &samples);
  result.label = label;
  return result;
}

economics::Band paired_change(const std::vector<double>& before, const std::vector<double>& after) {
  std::vector<double> d(before.size());
  for (std::size_t i = 0; i < before.size(); ++i) d[i] = after[i] - before[i];
  return economics::band_of(std::move(d));
}

}  // namespace

void price_bills(DiffResult& result, const model::CallGraph& before, const model::CallGraph& after,
                 const std::vector<economics::Era>& eras, unsigned threads, const model::CancelToken& cancel) {
  (void)economics::require_business_operations(before);
  (void)economics::require_business_operations(after);
  result.bills.clear();
  for (const auto& era : eras) {
    EraBill bill;
    bill.era = era.name;
    economics::SampleFigures a, b;
    bill.before = price_side(before, era, threads, cancel, a, "before");
    bill.after = price_side(after, era, threads, cancel, b, "after");
    bill.overhead_change = paired_change(a.overhead, b.overhead);
    bill.net_change = paired_change(a.net, b.net);
    result.bills.push_back(std::move(bill));
  }
}

}  // namespace nanoscope::session
