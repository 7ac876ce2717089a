// Background pricing of the current partition against today's (one era), newest request wins.
#include "gui/viewmodel/partition_pricing.hpp"

#include <utility>

namespace nanoscope::gui {

std::vector<PriceRow> price_rows(const PartitionPrice& price) {
  const auto& b = price.before;
  const auto& a = price.after;
  return {{"network", b.network.p50, a.network.p50},
          {"operational", b.operational.p50, a.operational.p50},
          {"development", b.development.p50, a.development.p50},
          {"design", b.design.p50, a.design.p50},
          {"overhead (total)", b.overhead.p50, a.overhead.p50},
          {"utility", b.utility.p50, a.utility.p50, true},
          {"net value", b.net.p50, a.net.p50, true}};
}

void PartitionPricing::reset(std::shared_ptr<const model::CallGraph> graph) {
  job_.discard();
  graph_ = std::move(graph);
  result_.reset();
  running_partition_.reset();
  queued_.reset();
  error_.clear();
}

bool PartitionPricing::matches(const std::string& era, const model::Partition& partition) const {
  return result_ && result_->era == era && result_->partition == partition;
}

void PartitionPricing::request(const economics::Era& era, const model::Partition& partition) {
  if (!graph_) return;
  if (job_.running()) {
    const bool same = running_era_ == era.name && running_partition_ && *running_partition_ == partition;
    if (same) queued_.reset();
    else queued_.emplace(era, partition);
    return;
  }
  tick();
  if (matches(era.name, partition)) return;
  // A failure is not retried for the same request (it would fail again every frame).
  if (!error_.empty() && running_era_ == era.name && running_partition_ && *running_partition_ == partition) return;
  start(era, partition);
}

void PartitionPricing::start(const economics::Era& era, const model::Partition& partition) {
  running_era_ = era.name;
  running_partition_ = partition;
  error_.clear();
  job_.start([graph = graph_, era, partition](JobProgress& progress) {
    progress.set_stage("pricing the current partition (" + era.name + ")");
    const auto report = economics::build_whatif(*graph, model::Partition::observed(*graph), partition, {era}, "current partition",
                                                "", 0, progress.cancel_token());
    PartitionPrice price;
    price.era = era.name;
    price.partition = partition;
    price.before = report.eras.front().before;
    price.after = report.eras.front().after;
    price.report = report;
    progress.set(1.0);
    return price;
  });
}

void PartitionPricing::tick() {
  if (job_.running()) return;
  if (auto r = job_.take_result()) result_ = std::move(*r);
  if (auto e = job_.take_error(); !e.empty()) error_ = std::move(e);
  if (queued_) {
    auto [era, partition] = std::move(*queued_);
    queued_.reset();
    if (!matches(era.name, partition)) start(era, partition);
  }
}

void PartitionPricing::wait() {
  for (;;) {
    job_.wait();
    tick();
    if (!job_.running()) return;
  }
}

}  // namespace nanoscope::gui
