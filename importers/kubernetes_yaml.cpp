// Kubernetes manifests -> declared services and dependencies. All files of one import are read
// first, so Services, workloads and ConfigMaps resolve across files.
//
// Naming: every workload keeps its own name (Deployment `jaeger` is `jaeger`, whatever its
// Services are called). A Service is an alias: references to it (name, name.ns, name.ns.svc,
// name.ns.svc.cluster.local, pod.name.ns.svc...) resolve to the workloads it selects
// (spec.selector a subset of the pod template labels, same namespace). When a Service selects
// several workloads that carry one app name (label app.kubernetes.io/name, app or
// service.istio.io/canonical-name), they are versions of one service and merge under that
// name (Bookinfo's reviews-v1/v2/v3 become "reviews"; a lone details-v1 labelled with a
// version of app details is "details" too); otherwise references reach each of them
// and an info "service-selects-several-workloads" says so. A Service selecting no workload is a
// service of its own (ExternalName: external). Env values become dependencies by
// detail::classify_mention; a clear host reference matching nothing is a warning, never a node.
#include <algorithm>
#include <filesystem>
#include <set>

#include "importers/formats.hpp"
#include "importers/kubernetes_objects.hpp"
#include "importers/manifest_references.hpp"
#include "importers/workload_naming.hpp"

namespace nanoscope::importers {
namespace {

using detail::ConfigMapObject;
using detail::Container;
using detail::KubernetesObjects;
using detail::ServiceObject;
using detail::Workload;

bool namespaces_match(const std::string& a, const std::string& b) { return a.empty() || b.empty() || a == b; }

bool selects(const ServiceObject& s, const Workload& w) {
  if (s.selector.empty() || !namespaces_match(s.ns, w.ns)) return false;
  return std::all_of(s.selector.begin(), s.selector.end(), [&](const auto& kv) {
    auto it = w.labels.find(kv.first);
    return it != w.labels.end() && it->second == kv.second;
  });
}

std::vector<std::string> split_labels(const std::string& host) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = host.find('.', start);
    out.push_back(host.substr(start, dot - start));
    if (dot == std::string::npos) return out;
    start = dot + 1;
  }
}

// Expands $(VAR) from variables defined earlier in the container; $$(VAR) is a literal
// $(VAR); unknown references stay as written (Kubernetes semantics).
std::string expand_references(const std::string& value, const std::map<std::string, std::string>& env) {
  std::string out;
  for (std::size_t i = 0; i < value.size();) {
    if (value.compare(i, 3, "$$(") == 0) {
      out += "$(";
      i += 3;
      continue;
    }
    if (value.compare(i, 2, "$(") == 0) {
      const std::size_t close = value.find(')', i + 2);
      if (close != std::string::npos) {
        auto it = env.find(value.substr(i + 2, close - i - 2));
        if (it != env.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += value[i++];
  }
  return out;
}

template <typename T>
void add_sum(std::optional<T>& total, const std::optional<T>& part) {
  if (part) total = total.value_or(T{}) + *part;
}
void keep_max(std::optional<double>& current, const std::optional<double>& candidate) {
  if (candidate && (!current || *candidate > *current)) current = candidate;
}

// One service of the graph: the workloads merged into it and the Services naming it.
struct GraphService {
  std::vector<const Workload*> workloads;
  std::vector<const ServiceObject*> services;
  model::ServiceKind kind = model::ServiceKind::Service;
};

class KubernetesResolver {
 public:
  KubernetesResolver(const std::vector<InputFile>& files, KubernetesObjects& objects, GraphBuilder& builder)
      : files_(files), objects_(objects), builder_(builder) {}

  void run() {
    drop_duplicates();
    name_workloads();
    for (auto& [name, gs] : graph_) gs.kind = kind_of(name, gs);
    declare_services();
    for (std::size_t w = 0; w < objects_.workloads.size(); ++w) find_dependencies(w);
    dependencies_.declare_all(builder_);
  }

 private:
  const std::string& path(std::size_t file) const { return files_[file].path(); }
  std::string file_name(std::size_t file) const { return std::filesystem::path(path(file)).filename().string(); }

  void drop_duplicates() {
    std::set<std::tuple<std::string, std::string, std::string>> seen;
    std::erase_if(objects_.workloads, [&](const Workload& w) { return !first(seen, w.kind, w.ns, w.name, w.file); });
    std::erase_if(objects_.services,
                  [&](const ServiceObject& s) { return !first(seen, "Service", s.ns, s.name, s.file); });
    std::set<std::pair<std::string, std::string>> maps;
    std::erase_if(objects_.config_maps,
                  [&](const ConfigMapObject& c) { return !maps.insert({c.ns, c.name}).second; });
  }

  bool first(std::set<std::tuple<std::string, std::string, std::string>>& seen, const std::string& kind,
             const std::string& ns, const std::string& name, std::size_t file) {
    if (seen.insert({kind, ns, name}).second) return true;
    builder_.set_source(path(file));
    builder_.warn("duplicate-object", kind + "/" + name + " is defined more than once; the first is used");
    return false;
  }

  // The app name of a workload's pod template labels, "" when none.
  static std::string app_name(const Workload& w) {
    for (const char* key : {"app.kubernetes.io/name", "app", "service.istio.io/canonical-name"})
      if (auto it = w.labels.find(key); it != w.labels.end() && !it->second.empty()) return it->second;
    return {};
  }

  // A workload's name in the graph before Services merge versions: its own, or its app name
  // when it is labelled as a version of that app and named after it (details-v1 -> details).
  static std::string own_name(const Workload& w) {
    const bool versioned = w.labels.contains("version") || w.labels.contains("app.kubernetes.io/version");
    return detail::versioned_workload_name(w.name, app_name(w), versioned);
  }

  void name_workloads() {
    const auto& workloads = objects_.workloads;
    const auto& services = objects_.services;
    std::vector<std::vector<std::size_t>> selected(services.size());
    for (std::size_t s = 0; s < services.size(); ++s)
      for (std::size_t w = 0; w < workloads.size(); ++w)
        if (selects(services[s], workloads[w])) selected[s].push_back(w);

    workload_names_.resize(workloads.size());
    for (std::size_t w = 0; w < workloads.size(); ++w) workload_names_[w] = own_name(workloads[w]);
    for (std::size_t s = 0; s < services.size(); ++s) {
      if (selected[s].size() < 2) continue;
      const std::string app = app_name(workloads[selected[s].front()]);
      const bool versions = !app.empty() && std::all_of(selected[s].begin(), selected[s].end(), [&](std::size_t w) {
        return app_name(workloads[w]) == app;
      });
      if (versions) {
        for (std::size_t w : selected[s]) workload_names_[w] = app;
        continue;
      }
      std::string names;
      for (std::size_t w : selected[s]) names += (names.empty() ? "" : ", ") + workloads[w].name;
      builder_.set_source(path(services[s].file));
      builder_.info("service-selects-several-workloads",
                    "Service/" + services[s].name + " selects " + std::to_string(selected[s].size()) +
                        " workloads without one app name (" + names + "); references to it reach each of them");
    }
    for (std::size_t w = 0; w < workloads.size(); ++w) graph_[workload_names_[w]].workloads.push_back(&workloads[w]);

    service_targets_.resize(services.size());
    for (std::size_t s = 0; s < services.size(); ++s) {
      for (std::size_t w : selected[s]) service_targets_[s].insert(workload_names_[w]);
      if (service_targets_[s].empty()) {
        service_targets_[s].insert(services[s].name);
        builder_.set_source(path(services[s].file));
        builder_.info("service-without-workload", "Service/" + services[s].name +
                                                      " selects no workload in the input; it is a service of its own");
      }
      for (const auto& target : service_targets_[s]) graph_[target].services.push_back(&services[s]);
    }
  }

  static model::ServiceKind kind_of(const std::string& name, const GraphService& gs) {
    if (gs.workloads.empty() && !gs.services.empty() &&
        std::all_of(gs.services.begin(), gs.services.end(),
                    [](const ServiceObject* s) { return s->type == "ExternalName"; }))
      return model::ServiceKind::External;
    std::vector<std::string> images;
    for (const Workload* w : gs.workloads)
      if (!w->containers.empty()) images.push_back(w->containers.front().image);
    return detail::kind_from_images_or_name(images, name);
  }

  void declare_services() {
    for (const auto& [name, gs] : graph_) {
      model::DeploymentFacts facts;
      std::set<std::string> images;
      std::set<int> ports;
      std::size_t file = gs.workloads.empty() ? gs.services.front()->file : gs.workloads.front()->file;
      for (const Workload* w : gs.workloads) {
        add_sum(facts.replicas, w->replicas);
        std::optional<double> cpu_req, cpu_lim, mem_req, mem_lim;
        for (const Container& c : w->containers) {
          add_sum(cpu_req, c.cpu_request_cores);
          add_sum(cpu_lim, c.cpu_limit_cores);
          add_sum(mem_req, c.memory_request_bytes);
          add_sum(mem_lim, c.memory_limit_bytes);
          if (!c.image.empty()) images.insert(c.image);
          ports.insert(c.ports.begin(), c.ports.end());
        }
        keep_max(facts.cpu_request_millicores, cpu_req ? std::optional<double>(*cpu_req * 1000.0) : std::nullopt);
        keep_max(facts.cpu_limit_millicores, cpu_lim ? std::optional<double>(*cpu_lim * 1000.0) : std::nullopt);
        keep_max(facts.memory_request_bytes, mem_req);
        keep_max(facts.memory_limit_bytes, mem_lim);
        facts.sources.push_back(w->kind + "/" + w->name + " (" + file_name(w->file) + ")");
      }
      for (const ServiceObject* s : gs.services) {
        ports.insert(s->ports.begin(), s->ports.end());
        facts.sources.push_back("Service/" + s->name + " (" + file_name(s->file) + ")");
      }
      facts.images.assign(images.begin(), images.end());
      facts.ports.assign(ports.begin(), ports.end());
      builder_.set_source(path(file));
      ServiceDecl decl;
      decl.name = name;
      decl.kind = gs.kind;
      decl.deployment = std::move(facts);
      builder_.declare_service(decl);
    }
  }

  // Graph services a host names, seen from a pod in namespace `ns`; empty when none.
  std::set<std::string> resolve(const std::string& host, const std::string& ns) const {
    const std::vector<std::string> labels = split_labels(host);
    std::string service, service_ns;
    if (labels.size() == 1) {
      service = labels[0];
      service_ns = ns;
    } else if (labels.size() == 2 || labels[2] == "svc") {
      service = labels[0];
      service_ns = labels[1];
    } else if (labels.size() >= 4 && labels[3] == "svc") {
      service = labels[1];  // a pod of a headless Service: pod.service.ns.svc...
      service_ns = labels[2];
    } else {
      return {};
    }
    std::set<std::string> out;
    for (std::size_t s = 0; s < objects_.services.size(); ++s)
      if (objects_.services[s].name == service && namespaces_match(objects_.services[s].ns, service_ns))
        out.insert(service_targets_[s].begin(), service_targets_[s].end());
    if (out.empty()) {
      auto it = graph_.find(service);
      if (it != graph_.end() && std::any_of(it->second.workloads.begin(), it->second.workloads.end(),
                                            [&](const Workload* w) { return namespaces_match(w->ns, service_ns); }))
        out.insert(service);
    }
    return out;
  }

  const ConfigMapObject* find_config_map(const std::string& name, const std::string& ns) const {
    for (const auto& c : objects_.config_maps)
      if (c.name == name && namespaces_match(c.ns, ns)) return &c;
    return nullptr;
  }

  void find_dependencies(std::size_t index) {
    const Workload& w = objects_.workloads[index];
    builder_.set_source(path(w.file));
    const std::string& from = workload_names_[index];
    const std::string label = w.kind + "/" + w.name;
    for (const Container& c : w.containers) {
      std::map<std::string, std::string> env;
      for (const auto& ef : c.env_from) {
        const ConfigMapObject* cm = find_config_map(ef.config_map, w.ns);
        if (!cm) {
          if (!ef.optional) missing_config_map(label, ef.config_map);
          continue;
        }
        for (const auto& [key, value] : cm->data) {
          env[ef.prefix + key] = value;
          check_value(from, w.ns, label, ef.prefix + key, value, "ConfigMap/" + cm->name, w.file);
        }
      }
      for (const auto& e : c.env) {
        if (e.value) {
          const std::string value = expand_references(*e.value, env);
          env[e.name] = value;
          check_value(from, w.ns, label, e.name, value, "", w.file);
        } else if (!e.config_map.empty()) {
          const ConfigMapObject* cm = find_config_map(e.config_map, w.ns);
          auto it = cm ? cm->data.find(e.config_map_key) : std::map<std::string, std::string>::const_iterator{};
          if (!cm || it == cm->data.end()) {
            if (!e.optional) missing_config_map(label, e.config_map + " key " + e.config_map_key);
            continue;
          }
          env[e.name] = it->second;
          check_value(from, w.ns, label, e.name, it->second, "ConfigMap/" + cm->name, w.file);
        }
      }
    }
  }

  void missing_config_map(const std::string& label, const std::string& what) {
    builder_.warn("missing-configmap", label + " reads ConfigMap " + what + ", which is not in the input");
  }

  void check_value(const std::string& from, const std::string& ns, const std::string& label, const std::string& name,
                   const std::string& value, const std::string& via, std::size_t file) {
    for (const auto& mention : detail::find_host_mentions(value)) {
      std::string evidence = "env " + name + "=" + detail::redact_credentials(value);
      if (!via.empty()) evidence += " (" + via + ")";
      evidence += " in " + label;
      const std::set<std::string> targets = resolve(mention.host, ns);
      switch (detail::classify_mention(name, mention, !targets.empty())) {
        case detail::MentionUse::Dependency:
          for (const auto& to : targets)
            if (to != from)
              dependencies_.add(from, to, detail::interaction_for(graph_.at(to).kind), evidence, path(file));
          break;
        case detail::MentionUse::BareWord:
          builder_.info("bare-word-reference", evidence + " equals service " + *targets.begin() +
                                                   " but is not an address; no dependency");
          break;
        case detail::MentionUse::Unresolved:
          builder_.warn("unresolved-reference",
                        evidence + " names host " + mention.host + " (not a Service in the input)");
          break;
        case detail::MentionUse::Ignore: break;
      }
    }
  }

  const std::vector<InputFile>& files_;
  KubernetesObjects& objects_;
  GraphBuilder& builder_;
  std::map<std::string, GraphService> graph_;
  std::vector<std::string> workload_names_;               // per workload
  std::vector<std::set<std::string>> service_targets_;    // per Service: graph services it reaches
  detail::DeclaredDependencies dependencies_;
};

}  // namespace

std::vector<std::uint64_t> import_kubernetes_yaml(const std::vector<InputFile>& files, GraphBuilder& builder) {
  std::vector<std::uint64_t> counts;
  if (files.empty()) return counts;
  KubernetesObjects objects;
  for (std::size_t i = 0; i < files.size(); ++i)
    counts.push_back(detail::read_kubernetes_file(files[i], i, objects, builder));
  KubernetesResolver(files, objects, builder).run();
  builder.set_source(files.front().path());
  return counts;
}

}  // namespace nanoscope::importers
