// Reading Kubernetes YAML documents into the few object shapes the importer uses.
#include "importers/kubernetes_objects.hpp"

#include <algorithm>
#include <array>

#include "importers/resource_quantities.hpp"
#include "importers/yaml_nodes.hpp"

namespace nanoscope::importers::detail {
namespace {

// Kinds whose pod template is spec.template.
constexpr std::array<std::string_view, 7> kTemplateKinds{
    "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "DeploymentConfig", "Job"};
// Lists inside Lists deeper than this are not unpacked (reported instead).
constexpr int kMaxListDepth = 4;

bool is_template_kind(std::string_view kind) {
  return std::find(kTemplateKinds.begin(), kTemplateKinds.end(), kind) != kTemplateKinds.end();
}

class FileReader {
 public:
  FileReader(const InputFile& file, std::size_t index, KubernetesObjects& objects, GraphBuilder& builder)
      : file_(file), index_(index), objects_(objects), builder_(builder) {}

  std::uint64_t read_all() {
    std::uint64_t count = 0;
    for (const YAML::Node& doc : load_yaml_documents(file_)) count += read_object(doc, 0);
    if (!ignored_.empty()) {
      std::string message = "skipped objects of kinds that declare no service or dependency:";
      std::uint64_t total = 0;
      for (const auto& [kind, n] : ignored_) {
        message += " " + kind + " " + std::to_string(n) + ",";
        total += n;
      }
      message.pop_back();
      builder_.info("ignored-kind", message, total);
    }
    return count;
  }

 private:
  std::string text(const YAML::Node& node, std::string_view what) {
    return scalar_text(file_, node, what).value_or("");
  }

  std::map<std::string, std::string> string_map(const YAML::Node& node, std::string_view what) {
    std::map<std::string, std::string> out;
    for (const auto& [key, value] : map_entries(file_, node, what)) out[key] = text(value, what);
    return out;
  }

  std::uint64_t read_object(const YAML::Node& node, int depth) {
    if (is_absent(node)) return 0;  // empty or comment-only document
    if (!node.IsMap()) fail_at_node(file_, node, "a kubernetes document must be a mapping with apiVersion and kind");
    const std::string kind = text(map_get(node, "kind"), "kind");
    const YAML::Node items = map_get(node, "items");
    if (kind == "List" || (kind.ends_with("List") && !is_absent(items))) {
      if (depth >= kMaxListDepth) {
        builder_.warn("nested-list", kind + " nested more than " + std::to_string(kMaxListDepth) + " deep; skipped");
        return 1;
      }
      std::uint64_t count = 0;
      for (const YAML::Node& item : seq_items(file_, items, "items")) count += read_object(item, depth + 1);
      return count;
    }
    if (kind.empty()) {
      builder_.warn("object-without-kind", "a document has no kind; skipped");
      return 1;
    }
    const YAML::Node metadata = map_get(node, "metadata");
    if (!is_absent(metadata) && !metadata.IsMap()) fail_at_node(file_, metadata, "metadata must be a mapping");
    std::string name = text(map_get(metadata, "name"), "metadata.name");
    if (name.empty()) name = text(map_get(metadata, "generateName"), "metadata.generateName");
    const std::string ns = text(map_get(metadata, "namespace"), "metadata.namespace");

    const bool workload = is_template_kind(kind) || kind == "CronJob" || kind == "Pod";
    if (workload || kind == "Service" || kind == "ConfigMap") {
      if (name.empty()) {
        builder_.warn("object-without-name", kind + " without metadata.name; skipped");
        return 1;
      }
    }
    if (workload)
      read_workload(node, kind, name, ns);
    else if (kind == "Service")
      read_service(node, name, ns);
    else if (kind == "ConfigMap")
      objects_.config_maps.push_back({name, ns, string_map(map_get(node, "data"), "data")});
    else
      ++ignored_[kind];
    return 1;
  }

  void read_workload(const YAML::Node& node, const std::string& kind, const std::string& name, const std::string& ns) {
    Workload w;
    w.kind = kind;
    w.name = name;
    w.ns = ns;
    w.file = index_;
    const YAML::Node spec = map_get(node, "spec");
    YAML::Node pod = node;
    if (kind == "CronJob") {
      const YAML::Node job_spec = map_get(map_get(spec, "jobTemplate"), "spec");
      pod = map_get(job_spec, "template");
      w.replicas = count(map_get(job_spec, "parallelism"), "parallelism");
    } else if (kind == "Job") {
      pod = map_get(spec, "template");
      w.replicas = count(map_get(spec, "parallelism"), "parallelism");
    } else if (kind == "Pod") {
      w.replicas = 1;
    } else {
      pod = map_get(spec, "template");
      if (kind != "DaemonSet") w.replicas = count(map_get(spec, "replicas"), "spec.replicas");
    }
    if (!is_absent(pod) && !pod.IsMap()) fail_at_node(file_, pod, "pod template must be a mapping");
    w.labels = string_map(map_get(map_get(pod, "metadata"), "labels"), "pod template labels");
    const YAML::Node pod_spec = map_get(pod, "spec");
    if (!is_absent(pod_spec) && !pod_spec.IsMap()) fail_at_node(file_, pod_spec, "pod spec must be a mapping");
    for (const YAML::Node& c : seq_items(file_, map_get(pod_spec, "containers"), "containers"))
      w.containers.push_back(read_container(c));
    if (w.containers.empty()) builder_.warn("workload-without-containers", kind + "/" + name + " has no containers");
    objects_.workloads.push_back(std::move(w));
  }

  Container read_container(const YAML::Node& node) {
    if (!node.IsMap()) fail_at_node(file_, node, "a container must be a mapping");
    Container c;
    c.name = text(map_get(node, "name"), "container name");
    c.image = text(map_get(node, "image"), "image");
    for (const YAML::Node& p : seq_items(file_, map_get(node, "ports"), "ports")) {
      if (!p.IsMap()) fail_at_node(file_, p, "a container port must be a mapping");
      if (auto port = port_value(map_get(p, "containerPort"), "containerPort")) c.ports.push_back(*port);
    }
    for (const YAML::Node& e : seq_items(file_, map_get(node, "envFrom"), "envFrom")) {
      if (!e.IsMap()) fail_at_node(file_, e, "an envFrom entry must be a mapping");
      const YAML::Node ref = map_get(e, "configMapRef");
      if (is_absent(ref)) continue;  // secretRef: values unknown
      c.env_from.push_back({text(map_get(ref, "name"), "configMapRef.name"), text(map_get(e, "prefix"), "prefix"),
                            text(map_get(ref, "optional"), "optional") == "true"});
    }
    for (const YAML::Node& e : seq_items(file_, map_get(node, "env"), "env")) {
      if (!e.IsMap()) fail_at_node(file_, e, "an env entry must be a mapping");
      EnvEntry entry;
      entry.name = text(map_get(e, "name"), "env name");
      entry.value = scalar_text(file_, map_get(e, "value"), "env value");
      const YAML::Node ref = map_get(map_get(e, "valueFrom"), "configMapKeyRef");
      if (!is_absent(ref)) {
        entry.config_map = text(map_get(ref, "name"), "configMapKeyRef.name");
        entry.config_map_key = text(map_get(ref, "key"), "configMapKeyRef.key");
        entry.optional = text(map_get(ref, "optional"), "optional") == "true";
      }
      if (entry.name.empty()) {
        builder_.warn("env-without-name", "an env entry of container " + c.name + " has no name; skipped");
        continue;
      }
      c.env.push_back(std::move(entry));
    }
    const YAML::Node resources = map_get(node, "resources");
    const YAML::Node requests = map_get(resources, "requests");
    const YAML::Node limits = map_get(resources, "limits");
    c.cpu_request_cores = quantity(map_get(requests, "cpu"), "cpu request");
    c.cpu_limit_cores = quantity(map_get(limits, "cpu"), "cpu limit");
    c.memory_request_bytes = quantity(map_get(requests, "memory"), "memory request");
    c.memory_limit_bytes = quantity(map_get(limits, "memory"), "memory limit");
    return c;
  }

  // A replica-like count, 1 when absent (the Kubernetes default).
  int count(const YAML::Node& node, std::string_view what) {
    return static_cast<int>(std::min<long long>(integer_value(file_, node, what).value_or(1), 1 << 30));
  }

  std::optional<int> port_value(const YAML::Node& node, std::string_view what) {
    const std::optional<long long> port = integer_value(file_, node, what);
    if (port && *port > 65535)
      fail_at_node(file_, node, std::string(what) + " " + std::to_string(*port) + " is out of range");
    if (!port) return std::nullopt;
    return static_cast<int>(*port);
  }

  std::optional<double> quantity(const YAML::Node& node, std::string_view what) {
    const std::optional<std::string> t = scalar_text(file_, node, what);
    if (!t) return std::nullopt;
    auto q = parse_kubernetes_quantity(*t);
    if (!q) fail_at_node(file_, node, "invalid " + std::string(what) + " quantity '" + *t + "'");
    return q;
  }

  void read_service(const YAML::Node& node, const std::string& name, const std::string& ns) {
    ServiceObject s;
    s.name = name;
    s.ns = ns;
    s.file = index_;
    const YAML::Node spec = map_get(node, "spec");
    if (!is_absent(spec) && !spec.IsMap()) fail_at_node(file_, spec, "spec must be a mapping");
    s.type = text(map_get(spec, "type"), "spec.type");
    s.selector = string_map(map_get(spec, "selector"), "spec.selector");
    for (const YAML::Node& p : seq_items(file_, map_get(spec, "ports"), "spec.ports")) {
      if (!p.IsMap()) fail_at_node(file_, p, "a service port must be a mapping");
      if (auto port = port_value(map_get(p, "port"), "port")) s.ports.push_back(*port);
    }
    objects_.services.push_back(std::move(s));
  }

  const InputFile& file_;
  std::size_t index_;
  KubernetesObjects& objects_;
  GraphBuilder& builder_;
  std::map<std::string, std::uint64_t> ignored_;
};

}  // namespace

std::uint64_t read_kubernetes_file(const InputFile& file, std::size_t file_index, KubernetesObjects& objects,
                                   GraphBuilder& builder) {
  builder.set_source(file.path());
  return FileReader(file, file_index, objects, builder).read_all();
}

std::string object_label(const std::string& kind, const std::string& name) { return kind + "/" + name; }

}  // namespace nanoscope::importers::detail
