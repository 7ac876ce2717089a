// Merges, splits and their names, applied to a model::Partition by group name or id.
#include "session/partition_edits.hpp"

#include <algorithm>
#include <optional>

#include "sim/partition_file.hpp"

namespace nanoscope::session {
namespace {

using sim::PartitionError;

// The names of the non-empty groups, for "unknown service" messages (at most twelve).
std::string group_list(const model::Partition& p) {
  std::vector<bool> used(p.group_count(), false);
  for (model::OperationId op = 0; op < p.operation_count(); ++op) used[p.group_of(op)] = true;
  std::string out;
  std::size_t shown = 0;
  for (model::GroupId g = 0; g < p.group_count(); ++g) {
    if (!used[g]) continue;
    if (shown == 12) {
      out += ", ...";
      break;
    }
    out += (shown++ ? ", " : "") + p.name(g);
  }
  return out;
}

model::GroupId require_group(const model::Partition& p, std::string_view name, const std::string& prefix) {
  const auto g = p.find(name);
  if (!g) throw PartitionError(prefix + "unknown service '" + std::string(name) + "' (services: " + group_list(p) + ")");
  return *g;
}

std::string qualified_name(const model::CallGraph& graph, model::OperationId op) {
  const auto& o = graph.operation(op);
  return graph.service(o.service).name + "/" + o.name;
}

}  // namespace

std::string merged_group_name(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  if (names.size() > 3) return names.front() + " +" + std::to_string(names.size() - 1);
  std::string out = names.front();
  for (std::size_t i = 1; i < names.size(); ++i) out += "+" + names[i];
  return out;
}

std::string format_split_spec(const SplitSpec& spec) {
  std::string out = spec.service;
  for (std::size_t i = 0; i < spec.operations.size(); ++i) out += (i ? "," : ":") + spec.operations[i];
  return out;
}

std::string split_group_name(const SplitSpec& spec) {
  if (spec.operations.size() <= 3) return format_split_spec(spec);
  SplitSpec shown{spec.service, {spec.operations.begin(), spec.operations.begin() + 3}};
  return format_split_spec(shown) + " +" + std::to_string(spec.operations.size() - 3);
}

std::pair<std::string, std::string> parse_merge_spec(std::string_view spec) {
  const auto comma = spec.find(',');
  if (comma == std::string_view::npos || comma == 0 || comma + 1 == spec.size() ||
      spec.find(',', comma + 1) != std::string_view::npos)
    throw PartitionError("--merge expects two service names separated by a comma, got '" + std::string(spec) + "'");
  return {std::string(spec.substr(0, comma)), std::string(spec.substr(comma + 1))};
}

SplitSpec parse_split_spec(std::string_view spec) {
  const auto malformed = [&](const char* why) {
    return PartitionError("--split '" + std::string(spec) + "': " + why + " (expected SERVICE or SERVICE:op1,op2)");
  };
  SplitSpec out;
  const auto colon = spec.find(':');
  out.service = std::string(spec.substr(0, colon));
  if (out.service.empty()) throw malformed("no service name");
  if (colon == std::string_view::npos) return out;
  std::string_view list = spec.substr(colon + 1);
  if (list.empty()) throw malformed("no operations after ':'");
  while (true) {
    const auto comma = list.find(',');
    const std::string_view op = list.substr(0, comma);
    if (op.empty()) throw malformed("an empty operation name");
    out.operations.emplace_back(op);
    if (comma == std::string_view::npos) break;
    list = list.substr(comma + 1);
  }
  return out;
}

model::GroupId merge_groups(model::Partition& partition, const model::CallGraph& graph,
                            const std::vector<model::GroupId>& groups) {
  if (groups.size() < 2) throw PartitionError("a merge needs at least two services");
  std::vector<std::string> names;
  for (const auto g : groups) {
    if (std::count(groups.begin(), groups.end(), g) > 1)
      throw PartitionError("cannot merge service '" + partition.name(g) + "' with itself");
    names.push_back(partition.name(g));
  }
  for (std::size_t i = 1; i < groups.size(); ++i) partition.merge(groups[0], groups[i]);
  partition.rename(groups[0], merged_group_name(names));
  retire_emptied_groups(graph, partition);
  return groups[0];
}

void merge_groups(model::Partition& partition, const model::CallGraph& graph, std::string_view a,
                  std::string_view b) {
  const auto ga = require_group(partition, a, "");
  const auto gb = require_group(partition, b, "");
  (void)merge_groups(partition, graph, {ga, gb});
}

std::vector<std::string> apply_split(model::Partition& partition, const model::CallGraph& graph,
                                     const SplitSpec& spec, std::string_view setting) {
  const std::string prefix = setting.empty() ? std::string() : "--split '" + std::string(setting) + "': ";
  const auto g = require_group(partition, spec.service, prefix);
  const auto members = partition.operations_of(g);
  std::vector<std::string> made;
  if (spec.operations.empty()) {
    if (members.size() < 2)
      throw PartitionError(prefix + "service '" + spec.service + "' has fewer than two operations to split");
    for (const auto op : members) made.push_back(partition.name(partition.split({op}, qualified_name(graph, op))));
    retire_emptied_groups(graph, partition);
    return made;
  }
  std::vector<model::OperationId> ops;
  for (const auto& name : spec.operations) {
    std::optional<model::OperationId> found;
    for (const auto op : members) {
      if (graph.operation(op).name != name && qualified_name(graph, op) != name) continue;
      if (found)
        throw PartitionError(prefix + "service '" + spec.service + "' has two operations named '" + name +
                             "'; name it as service/operation");
      found = op;
    }
    if (!found) throw PartitionError(prefix + "service '" + spec.service + "' has no operation '" + name + "'");
    if (std::find(ops.begin(), ops.end(), *found) != ops.end())
      throw PartitionError(prefix + "operation '" + name + "' is listed twice");
    ops.push_back(*found);
  }
  if (ops.size() == members.size())
    throw PartitionError(prefix + "lists every operation of '" + spec.service + "', so nothing would be split off");
  made.push_back(partition.name(partition.split(ops, split_group_name(spec))));
  return made;
}

SplitSpec split_spec_for(const model::Partition& partition, const model::CallGraph& graph, std::string_view group,
                         const std::vector<model::OperationId>& operations) {
  SplitSpec spec{std::string(group), {}};
  const auto g = partition.find(group);
  const auto members = g ? partition.operations_of(*g) : std::vector<model::OperationId>{};
  for (const auto op : operations) {
    const auto& name = graph.operation(op).name;
    const auto same = std::count_if(members.begin(), members.end(),
                                    [&](model::OperationId m) { return graph.operation(m).name == name; });
    spec.operations.push_back(same > 1 ? qualified_name(graph, op) : name);
  }
  return spec;
}

void retire_emptied_groups(const model::CallGraph& graph, model::Partition& partition) {
  std::vector<char> used(partition.group_count(), 0);
  for (model::OperationId op = 0; op < partition.operation_count(); ++op) used[partition.group_of(op)] = 1;
  for (model::GroupId g = 0; g < partition.group_count() && g < graph.service_count(); ++g)
    if (!used[g] && !graph.operations_of(g).empty() && partition.name(g) == graph.service(g).name)
      partition.rename(g, partition.name(g) + " (emptied)");
}

EditedPartition partition_from_recipe(const PartitionRecipe& recipe, const model::CallGraph& graph) {
  EditedPartition out{recipe.file.empty() ? model::Partition::observed(graph) : sim::load_partition_file(recipe.file, graph),
                      recipe.file.empty() ? "" : "partition " + recipe.file};
  const auto add = [&](const std::string& what) { out.description += (out.description.empty() ? "" : "; ") + what; };
  for (const auto& setting : recipe.merges) {
    const auto [a, b] = parse_merge_spec(setting);
    merge_groups(out.partition, graph, a, b);
    add("merge " + setting);
  }
  for (const auto& setting : recipe.splits) {
    (void)apply_split(out.partition, graph, parse_split_spec(setting), setting);
    add("split " + setting);
  }
  return out;
}

}  // namespace nanoscope::session
