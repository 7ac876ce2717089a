// The current partition priced against today's in the chosen era, in the background, so the
// economics view follows every merge, split, undo and redo (economics::build_whatif: the
// same simulation and cost models as `nanoscope whatif`).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "economics/era.hpp"
#include "economics/report.hpp"
#include "gui/viewmodel/background_job.hpp"
#include "model/call_graph.hpp"
#include "model/partition.hpp"

namespace nanoscope::gui {

/// One priced partition: today's services ("before") and the partition ("after").
struct PartitionPrice {
  std::string era;
  model::Partition partition;
  economics::LevelResult before;
  economics::LevelResult after;
  economics::WhatIfReport report;  ///< the whole what-if (paired deltas, flags) for the exported report
};

/// One row of a before / after table (USD per year, P50).
struct PriceRow {
  std::string name;   ///< "network", ..., "overhead (total)", "utility", "net value"
  double today = 0.0;
  double current = 0.0;
  bool higher_is_better = false;  ///< utility and net value; overheads are better lower
};

/// The seven rows the economics view shows: four overheads, their total, utility, net value.
[[nodiscard]] std::vector<PriceRow> price_rows(const PartitionPrice& price);

/// Prices partitions of one graph, one job at a time; the newest request wins.
class PartitionPricing {
 public:
  /// Forgets everything (a new graph was opened).
  void reset(std::shared_ptr<const model::CallGraph> graph);
  /// Asks for `partition` priced in `era`. Starts at once when idle; while another partition
  /// is being priced it is queued and starts when that ends. No-op when it is what the last
  /// result or the running job already covers.
  void request(const economics::Era& era, const model::Partition& partition);
  /// Once per frame: collects a finished job and starts the queued request.
  void tick();
  /// Stops the running job (it ends as cancelled, with no result) and drops the queued request.
  void cancel() {
    job_.cancel();
    queued_.reset();
  }
  /// Blocks until nothing runs or waits (headless mode and tests).
  void wait();
  [[nodiscard]] bool running() const { return job_.running(); }
  [[nodiscard]] const JobProgress& progress() const { return job_.progress(); }
  /// The newest finished price, if any (check `matches` before showing it as current).
  [[nodiscard]] const PartitionPrice* result() const { return result_ ? &*result_ : nullptr; }
  /// Whether the newest result is `partition` in era `era`.
  [[nodiscard]] bool matches(const std::string& era, const model::Partition& partition) const;
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  void start(const economics::Era& era, const model::Partition& partition);

  std::shared_ptr<const model::CallGraph> graph_;
  BackgroundJob<PartitionPrice> job_;
  std::optional<PartitionPrice> result_;
  std::string running_era_;
  std::optional<model::Partition> running_partition_;
  std::optional<std::pair<economics::Era, model::Partition>> queued_;
  std::string error_;
};

}  // namespace nanoscope::gui
