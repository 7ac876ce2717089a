// Partition files (YAML or JSON: `services: {group: [service | service/operation, ...]}`),
// read against a graph and written from a partition.
#include "sim/partition_file.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "model/yaml_error.hpp"

namespace nanoscope::sim {
namespace {

[[noreturn]] void fail(const std::string& source, const YAML::Mark& mark, const std::string& message) {
  throw PartitionError(model::yaml_error(source, mark, message));
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
  std::vector<PartitionFileGroup> groups;
  std::vector<std::vector<YAML::Mark>> marks;  // per group, per member
  for (const auto& group : services) {
    if (!group.first.IsScalar()) fail(source, group.first.Mark(), "a service name must be a single value");
    const std::string name = group.first.Scalar();
    if (!group.second.IsSequence())
      fail(source, group.second.Mark(), "service '" + name + "': expected a list of services or operations");
    groups.push_back({name, {}});
    marks.emplace_back();
    for (const auto& item : group.second) {
      if (!item.IsScalar()) fail(source, item.Mark(), "service '" + name + "': list items must be names");
      groups.back().members.push_back(item.Scalar());
      marks.back().push_back(item.Mark());
    }
  }
  return partition_from_groups(graph, groups, [&](std::size_t group, std::size_t member, const std::string& message) {
    return model::yaml_error(source, marks[group][member], message);
  });
}

model::Partition partition_from_groups(const model::CallGraph& graph, const std::vector<PartitionFileGroup>& groups,
                                       const PartitionErrorAt& error_at) {
  model::Partition p = model::Partition::observed(graph);
  std::map<model::OperationId, std::string> placed;  // op -> group that claimed it
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto& name = groups[g].name;
    std::vector<model::OperationId> ops;
    for (std::size_t m = 0; m < groups[g].members.size(); ++m) {
      const auto& item = groups[g].members[m];
      const auto found = resolve(graph, item);
      if (found.empty())
        throw PartitionError(error_at(g, m, "unknown service or operation '" + item + "' (not in the imported graph)"));
      for (const auto op : found) {
        const auto [it, fresh] = placed.emplace(op, name);
        if (!fresh) {
          const auto& o = graph.operation(op);
          throw PartitionError(error_at(g, m, "operation '" + graph.service(o.service).name + "/" + o.name +
                                                  "' is already in service '" + it->second + "'"));
        }
        ops.push_back(op);
      }
    }
    const auto existing = p.find(name);
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

std::vector<PartitionFileGroup> partition_file_groups(const model::CallGraph& graph, const model::Partition& partition,
                                                      bool changed_only) {
  std::vector<std::vector<model::OperationId>> members(partition.group_count());
  for (model::OperationId op = 0; op < partition.operation_count(); ++op) members[partition.group_of(op)].push_back(op);
  std::vector<model::GroupId> order;
  for (model::GroupId g = 0; g < partition.group_count(); ++g)
    if (!members[g].empty()) order.push_back(g);
  std::stable_sort(order.begin(), order.end(),
                   [&](model::GroupId a, model::GroupId b) { return partition.name(a) < partition.name(b); });
  const auto observed = [&](model::GroupId g) {
    if (g >= graph.service_count() || partition.name(g) != graph.service(g).name) return false;
    auto ops = graph.operations_of(g);
    std::sort(ops.begin(), ops.end());
    return ops == members[g];
  };
  std::vector<PartitionFileGroup> out;
  std::map<std::string, int> seen;
  for (const auto g : order) {
    PartitionFileGroup group{partition.name(g), {}};
    const int twin = ++seen[group.name];
    if (twin > 1) group.name += " (" + std::to_string(twin) + ")";
    else if (changed_only && observed(g)) continue;  // the reader starts from the observed services
    std::map<model::ServiceId, std::size_t> per_service;
    for (const auto op : members[g]) ++per_service[graph.operation(op).service];
    for (const auto& [service, count] : per_service)
      if (count == graph.operations_of(service).size()) group.members.push_back(graph.service(service).name);
    for (const auto op : members[g]) {
      const auto& o = graph.operation(op);
      if (per_service[o.service] != graph.operations_of(o.service).size())
        group.members.push_back(graph.service(o.service).name + "/" + o.name);
    }
    out.push_back(std::move(group));
  }
  return out;
}

void write_partition_yaml(std::ostream& out, std::string_view name, std::string_view description,
                          const std::vector<PartitionFileGroup>& groups, std::string_view comment) {
  YAML::Emitter e;
  e << YAML::BeginMap;
  if (!name.empty()) e << YAML::Key << "name" << YAML::Value << std::string(name);
  if (!description.empty()) e << YAML::Key << "description" << YAML::Value << std::string(description);
  e << YAML::Key << "services" << YAML::Value << YAML::BeginMap;
  for (const auto& group : groups) {
    e << YAML::Key << group.name << YAML::Value << YAML::BeginSeq;
    for (const auto& member : group.members) e << member;
    e << YAML::EndSeq;
  }
  e << YAML::EndMap << YAML::EndMap;
  if (!e.good()) throw PartitionError(std::string("partition file: ") + e.GetLastError());
  for (std::size_t at = 0; at < comment.size();) {
    const auto nl = comment.find('\n', at);
    out << "# " << comment.substr(at, nl - at) << "\n";
    at = nl == std::string_view::npos ? comment.size() : nl + 1;
  }
  out << e.c_str() << "\n";
}

}  // namespace nanoscope::sim
