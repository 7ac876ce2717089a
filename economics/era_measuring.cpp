// The first pass as units: the reference and the levels of each era, measured and sent as bytes.
#include "economics/era_measuring.hpp"

#include <memory>

#include "economics/unit_bytes.hpp"

namespace nanoscope::economics {

bool first_pass_des_check(const model::CallGraph& graph, const std::vector<GranularityLevel>& levels, std::size_t i,
                          const SweepOptions& options) {
  if (graph.operation_count() < options.des_all_levels_below_operations) return true;
  return levels[i].label == "observed" || i + 1 == levels.size();
}

double measure_cost(bool des_check) { return des_check ? 1.0 + kDesCheckCost : 1.0; }

UnitBatch measure_units(const model::CallGraph& graph, const std::vector<GranularityLevel>& levels,
                        const std::vector<const MeasureContext*>& contexts, const SweepOptions& options,
                        const std::string& what, std::vector<EraMeasures>& out) {
  const std::size_t per_era = levels.size() + 1;
  out.assign(contexts.size(), {});
  for (auto& e : out) e.levels.resize(levels.size());
  std::vector<bool> des(levels.size());
  for (std::size_t i = 0; i < levels.size(); ++i) des[i] = first_pass_des_check(graph, levels, i, options);
  auto progress = std::make_shared<UnitProgress>(options.progress, what, per_era * contexts.size(), 1);
  auto slot = [&out, per_era](std::size_t u) -> PartitionMeasures& {
    EraMeasures& e = out[u / per_era];
    return u % per_era == 0 ? e.reference : e.levels[u % per_era - 1];
  };
  UnitBatch batch;
  batch.count = per_era * contexts.size();
  batch.cost = [des, per_era](std::size_t u) {
    return measure_cost(u % per_era != 0 && des[u % per_era - 1]);
  };
  batch.run = [&levels, contexts, des, per_era, slot, progress, cancel = options.cancel](std::size_t u) {
    cancel.check();
    const MeasureContext& context = *contexts[u / per_era];
    const std::size_t k = u % per_era;
    slot(u) = k == 0 ? measure_level(context, context.reference, false)
                     : measure_level(context, levels[k - 1].partition, des[k - 1]);
    progress->tick();
  };
  batch.save = [slot](std::size_t u, ByteWriter& w) { write_bytes(w, slot(u)); };
  batch.load = [slot, progress](std::size_t u, ByteReader& r) {
    read_bytes(r, slot(u));
    progress->tick();
  };
  return batch;
}

}  // namespace nanoscope::economics
