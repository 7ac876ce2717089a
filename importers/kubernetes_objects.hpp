// The parts of Kubernetes objects the importer uses, read from YAML documents: workloads
// (pod templates with containers, env, resources), Services (selector, ports) and ConfigMaps
// (as env value sources). Resolution into graph services lives in kubernetes_yaml.cpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "importers/graph_builder.hpp"
#include "importers/input_file.hpp"

namespace nanoscope::importers::detail {

/// One env entry of a container, in declaration order.
struct EnvEntry {
  std::string name;
  std::optional<std::string> value;  ///< `value:` (before $(VAR) expansion)
  std::string config_map;            ///< valueFrom.configMapKeyRef.name
  std::string config_map_key;        ///< valueFrom.configMapKeyRef.key
  bool optional = false;             ///< configMapKeyRef.optional
};

/// One envFrom.configMapRef of a container.
struct EnvFromConfigMap {
  std::string config_map;
  std::string prefix;
  bool optional = false;
};

/// A container of a pod template.
struct Container {
  std::string name;
  std::string image;
  std::vector<int> ports;
  std::vector<EnvFromConfigMap> env_from;
  std::vector<EnvEntry> env;
  std::optional<double> cpu_request_cores, cpu_limit_cores;
  std::optional<double> memory_request_bytes, memory_limit_bytes;
};

/// A workload: Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
/// DeploymentConfig, Job, CronJob or a bare Pod.
struct Workload {
  std::string kind;
  std::string name;
  std::string ns;  ///< empty when the manifest leaves it to the apply
  std::size_t file = 0;
  std::map<std::string, std::string> labels;  ///< pod template labels
  std::optional<int> replicas;                ///< nullopt for DaemonSets
  std::vector<Container> containers;
};

/// A Kubernetes Service.
struct ServiceObject {
  std::string name;
  std::string ns;
  std::size_t file = 0;
  std::string type;                             ///< ClusterIP, NodePort, ExternalName ...
  std::map<std::string, std::string> selector;  ///< empty: selects nothing
  std::vector<int> ports;
};

/// A ConfigMap's string data.
struct ConfigMapObject {
  std::string name;
  std::string ns;
  std::map<std::string, std::string> data;
};

/// Everything read from the files of one import.
struct KubernetesObjects {
  std::vector<Workload> workloads;
  std::vector<ServiceObject> services;
  std::vector<ConfigMapObject> config_maps;
};

/// Reads every document of `file` (index `file_index` in the import) into `objects`;
/// List kinds are unpacked. Other kinds are counted and reported once per file as info
/// "ignored-kind". Returns the number of objects read. Syntax errors and wrongly typed
/// fields throw ImportError at their position.
std::uint64_t read_kubernetes_file(const InputFile& file, std::size_t file_index, KubernetesObjects& objects,
                                   GraphBuilder& builder);

/// "Kind/name", the form used in sources and evidence.
[[nodiscard]] std::string object_label(const std::string& kind, const std::string& name);

}  // namespace nanoscope::importers::detail
