// `nanoscope whatif`: price the observed services and a changed partition (merges, splits of
// a service into its operations or into named groups of operations, or a partition file)
// before and after, in every era.
#include <stdexcept>

#include "cli/commands.hpp"
#include "cli/economics_inputs.hpp"
#include "economics/report.hpp"
#include "importers/import_set.hpp"
#include "sim/partition_file.hpp"

namespace nanoscope::cli {
namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string::npos ? text.size() : comma;
    if (end > start) out.push_back(text.substr(start, end - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// "SERVICE" splits into one service per operation; "SERVICE:op1,op2" moves those operations
// of SERVICE into a new service "SERVICE:op1,op2".
void apply_split(model::Partition& p, const model::CallGraph& g, const std::string& spec) {
  const auto colon = spec.find(':');
  if (colon == std::string::npos) {
    sim::split_group(p, g, spec);
    return;
  }
  const std::string name = spec.substr(0, colon);
  const auto sid = g.find_service(name);
  if (!sid) throw std::runtime_error("--split " + spec + ": no service named '" + name + "'");
  std::vector<model::OperationId> ops;
  for (const auto& op_name : split_list(spec.substr(colon + 1))) {
    const auto op = g.find_operation(*sid, op_name);
    if (!op) throw std::runtime_error("--split " + spec + ": service '" + name + "' has no operation '" + op_name + "'");
    ops.push_back(*op);
  }
  if (ops.empty()) throw std::runtime_error("--split " + spec + ": no operations listed");
  p.split(ops, spec);
}

}  // namespace

int run_whatif(const WhatIfOptions& o) {
  if (o.merges.empty() && o.splits.empty() && o.partition.empty())
    throw std::runtime_error("whatif needs a change: --merge A,B, --split SERVICE[:op,...] or --partition FILE");
  const auto format = choose_economics_format(o.format, o.output, economics::ReportFormat::Markdown);
  const auto eras = load_eras(o.scenarios, o.samples);
  const importers::ImportOptions import_options{importers::parse_limit_settings(o.limits), {}};
  const importers::ImportResult imported = importers::import_inputs(o.inputs, import_options);
  const model::CallGraph& g = imported.graph;
  const model::Partition before = model::Partition::observed(g);
  model::Partition after = o.partition.empty() ? before : sim::load_partition_file(o.partition, g);
  std::string change = o.partition.empty() ? "" : "partition " + o.partition;
  for (const auto& m : o.merges) {
    sim::apply_merge_spec(after, m);
    change += (change.empty() ? "" : "; ") + std::string("merge ") + m;
  }
  for (const auto& s : o.splits) {
    apply_split(after, g, s);
    change += (change.empty() ? "" : "; ") + std::string("split ") + s;
  }
  const auto report =
      economics::build_whatif(g, before, after, eras, change, system_name(o.inputs), economics_threads(o.threads));
  write_output(o.output, [&](std::ostream& out) { economics::write_whatif(out, report, format); });
  return 0;
}

}  // namespace nanoscope::cli
