// Partition files (YAML or JSON: `services: {group: [service | service/operation, ...]}`) and
// merge/split edits by group name.
#include "sim/partition_file.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace nanoscope::sim {
namespace {

[[noreturn]] void fail(const std::string& source, const YAML::Mark& mark, const std::string& message) {
  std::string where = source;
  if (!mark.is_null() && mark.line >= 0)
    where += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  throw PartitionError(where + ": " + message);
}

std::optional<model::GroupId> find_group(const model::Partition& p, std::string_view name) {
  // Prefer a non-empty group: a merge leaves its absorbed group empty under its old name.
  std::optional<model::GroupId> empty_match;
  std::vector<bool> used(p.group_count(), false);
  for (model::OperationId op = 0; op < p.operation_count(); ++op) used[p.group_of(op)] = true;
  for (model::GroupId g = 0; g < p.group_count(); ++g) {
    if (p.name(g) != name) continue;
    if (used[g]) return g;
    if (!empty_match) empty_match = g;
  }
  return empty_match;
}

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

std::vector<model::OperationId> resolve(const model::CallGraph& graph, const std::string& item) {
  if (const auto s = graph.find_service(item)) return graph.operations_of(*s);
  for (std::size_t slash = item.find('/'); slash != std::string::npos; slash = item.find('/', slash + 1)) {
    const auto s = graph.find_service(std::string_view(item).substr(0, slash));
    if (!s) continue;
    if (const auto op = graph.find_operation(*s, std::string_view(item).substr(slash + 1))) return {*op};
  }
  return {};
}

}  // namespace

model::Partition parse_partition_yaml(std::string_view text, const std::string& source,
                                      const model::CallGraph& graph) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    fail(source, e.mark, "invalid YAML: " + e.msg);
  }
  model::Partition p = model::Partition::observed(graph);
  if (!root.IsMap()) fail(source, root.Mark(), "expected a mapping with a 'services' key");
  YAML::Node services;
  for (const auto& kv : root) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
    if (key == "services") services = kv.second;
    else if (key != "name" && key != "description")
      fail(source, kv.first.Mark(), "unknown key '" + key + "' (known: services, name, description)");
  }
  if (!services.IsDefined() || !services.IsMap())
    fail(source, services.IsDefined() ? services.Mark() : root.Mark(),
         "'services' must map each service name to a list of services or service/operation names");
  std::map<model::OperationId, std::string> placed;  // op -> group that claimed it
  for (const auto& group : services) {
    if (!group.first.IsScalar()) fail(source, group.first.Mark(), "a service name must be a single value");
    const std::string name = group.first.Scalar();
    if (!group.second.IsSequence())
      fail(source, group.second.Mark(), "service '" + name + "': expected a list of services or operations");
    std::vector<model::OperationId> ops;
    for (const auto& item : group.second) {
      if (!item.IsScalar()) fail(source, item.Mark(), "service '" + name + "': list items must be names");
      const auto found = resolve(graph, item.Scalar());
      if (found.empty())
        fail(source, item.Mark(), "unknown service or operation '" + item.Scalar() + "' (not in the imported graph)");
      for (const auto op : found) {
        const auto [it, fresh] = placed.emplace(op, name);
        if (!fresh) {
          const auto& o = graph.operation(op);
          fail(source, item.Mark(), "operation '" + graph.service(o.service).name + "/" + o.name +
                                        "' is already in service '" + it->second + "'");
        }
        ops.push_back(op);
      }
    }
    const auto existing = find_group(p, name);
    const model::GroupId fresh = p.split(ops, name);
    if (existing) p.merge(*existing, fresh);  // joins the group of that name; `fresh` stays empty
  }
  return p;
}

model::Partition load_partition_file(const std::string& path, const model::CallGraph& graph) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw PartitionError(path + ": cannot open partition file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_partition_yaml(buffer.str(), path, graph);
}

void merge_groups(model::Partition& partition, std::string_view a, std::string_view b) {
  const auto ga = find_group(partition, a);
  const auto gb = find_group(partition, b);
  for (const auto& [name, g] : {std::pair{a, ga}, std::pair{b, gb}})
    if (!g) throw PartitionError("unknown service '" + std::string(name) + "' (services: " + group_list(partition) + ")");
  if (*ga == *gb) throw PartitionError("cannot merge service '" + std::string(a) + "' with itself");
  partition.merge(*ga, *gb);
  partition.rename(*ga, std::string(a) + "+" + std::string(b));
}

std::pair<std::string, std::string> parse_merge_spec(std::string_view spec) {
  const auto comma = spec.find(',');
  if (comma == std::string_view::npos || comma == 0 || comma + 1 == spec.size() ||
      spec.find(',', comma + 1) != std::string_view::npos)
    throw PartitionError("--merge expects two service names separated by a comma, got '" + std::string(spec) + "'");
  return {std::string(spec.substr(0, comma)), std::string(spec.substr(comma + 1))};
}

void apply_merge_spec(model::Partition& partition, std::string_view spec) {
  const auto [a, b] = parse_merge_spec(spec);
  merge_groups(partition, a, b);
}

void split_group(model::Partition& partition, const model::CallGraph& graph, std::string_view name) {
  const auto g = find_group(partition, name);
  if (!g) throw PartitionError("unknown service '" + std::string(name) + "' (services: " + group_list(partition) + ")");
  const auto ops = partition.operations_of(*g);
  if (ops.size() < 2) throw PartitionError("service '" + std::string(name) + "' has fewer than two operations to split");
  for (const auto op : ops) {
    const auto& o = graph.operation(op);
    (void)partition.split({op}, graph.service(o.service).name + "/" + o.name);
  }
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

void apply_split_spec(model::Partition& partition, const model::CallGraph& graph, std::string_view spec) {
  const SplitSpec split = parse_split_spec(spec);
  if (split.operations.empty()) {
    split_group(partition, graph, split.service);
    return;
  }
  const auto g = find_group(partition, split.service);
  if (!g)
    throw PartitionError("--split '" + std::string(spec) + "': unknown service '" + split.service +
                         "' (services: " + group_list(partition) + ")");
  const auto members = partition.operations_of(*g);
  std::vector<model::OperationId> ops;
  for (const auto& name : split.operations) {
    std::optional<model::OperationId> found;
    for (const auto op : members) {
      const auto& o = graph.operation(op);
      if (o.name != name && graph.service(o.service).name + "/" + o.name != name) continue;
      if (found)
        throw PartitionError("--split '" + std::string(spec) + "': service '" + split.service +
                             "' has two operations named '" + name + "'; name it as service/operation");
      found = op;
    }
    if (!found)
      throw PartitionError("--split '" + std::string(spec) + "': service '" + split.service + "' has no operation '" +
                           name + "'");
    if (std::find(ops.begin(), ops.end(), *found) != ops.end())
      throw PartitionError("--split '" + std::string(spec) + "': operation '" + name + "' is listed twice");
    ops.push_back(*found);
  }
  if (ops.size() == members.size())
    throw PartitionError("--split '" + std::string(spec) + "': lists every operation of '" + split.service +
                         "', so nothing would be split off");
  (void)partition.split(ops, std::string(spec));
}

}  // namespace nanoscope::sim
