// Helpers shared by the Kubernetes and compose importer tests: running an import, reading
// declared services, edges and their evidence, diagnostics by code, and small manifest builders.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "importers/formats.hpp"
#include "importers/graph_builder.hpp"
#include "model/call_graph.hpp"
#include "model/diagnostics.hpp"

namespace nanoscope::test {

/// A finished manifest import.
struct ManifestImport {
  model::CallGraph graph;
  model::Diagnostics diagnostics;
  std::vector<std::uint64_t> objects;
};

inline ManifestImport import_kubernetes(const std::vector<importers::InputFile>& files) {
  importers::GraphBuilder b;
  if (!files.empty()) b.set_source(files.front().path());
  ManifestImport out;
  out.objects = importers::import_kubernetes_yaml(files, b);
  out.graph = b.finish();
  out.diagnostics = b.diagnostics();
  return out;
}

inline ManifestImport import_kubernetes_text(std::string_view text, std::string name = "inline.yaml") {
  std::vector<importers::InputFile> files;
  files.push_back(importers::InputFile::from_string(std::move(name), text));
  return import_kubernetes(files);
}

inline ManifestImport import_compose(const importers::InputFile& file) {
  importers::GraphBuilder b;
  b.set_source(file.path());
  ManifestImport out;
  out.objects.push_back(importers::import_compose_yaml(file, b));
  out.graph = b.finish();
  out.diagnostics = b.diagnostics();
  return out;
}

/// Every *.yaml / *.yml under `dir`, recursively, in path order.
inline std::vector<importers::InputFile> yaml_files_under(const std::string& dir) {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    const auto ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<importers::InputFile> files;
  for (const auto& p : paths) files.push_back(importers::InputFile::read(p));
  return files;
}

/// Names of all services, sorted.
inline std::vector<std::string> service_names(const model::CallGraph& g) {
  std::vector<std::string> out;
  for (const auto& s : g.services()) out.push_back(s.name);
  std::sort(out.begin(), out.end());
  return out;
}

/// The service called `name` (REQUIRE it exists before use).
inline const model::Service* find_service(const model::CallGraph& g, const std::string& name) {
  auto id = g.find_service(name);
  return id ? &g.service(*id) : nullptr;
}

/// Declared edges "from->to" between services' "*" operations, sorted.
inline std::vector<std::string> declared_edges(const model::CallGraph& g) {
  std::vector<std::string> out;
  for (const auto& e : g.edges())
    if (e.declared)
      out.push_back(g.service(g.operation(e.from).service).name + "->" + g.service(g.operation(e.to).service).name);
  std::sort(out.begin(), out.end());
  return out;
}

/// Services `from` has declared edges to, sorted.
inline std::vector<std::string> callees_of(const model::CallGraph& g, const std::string& from) {
  std::vector<std::string> out;
  for (const auto& e : g.edges())
    if (e.declared && g.service(g.operation(e.from).service).name == from)
      out.push_back(g.service(g.operation(e.to).service).name);
  std::sort(out.begin(), out.end());
  return out;
}

/// The declared edge from -> to, or nullptr.
inline const model::Edge* declared_edge(const model::CallGraph& g, const std::string& from, const std::string& to) {
  for (const auto& e : g.edges())
    if (e.declared && g.service(g.operation(e.from).service).name == from &&
        g.service(g.operation(e.to).service).name == to)
      return &e;
  return nullptr;
}

/// Messages of the diagnostics with `code` (one per file), joined by newlines.
inline std::string diagnostic_messages(const model::Diagnostics& d, const std::string& code) {
  std::string out;
  for (const auto& x : d.sorted())
    if (x.code == code) out += x.message + "\n";
  return out;
}

/// A Deployment `name` whose pods carry label app=`app`, with one container; `container_extra`
/// (env, resources ...) is inserted verbatim under the container, 8 spaces deep.
inline std::string deployment(const std::string& name, const std::string& app,
                              const std::string& container_extra = "") {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name +
         "\nspec:\n  selector:\n    matchLabels:\n      app: " + app +
         "\n  template:\n    metadata:\n      labels:\n        app: " + app +
         "\n    spec:\n      containers:\n      - name: main\n        image: example/" + name + ":1\n" +
         container_extra;
}

/// A Service `name` selecting app=`app` on `port`.
inline std::string service(const std::string& name, const std::string& app, int port = 80) {
  return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\nspec:\n  selector:\n    app: " + app +
         "\n  ports:\n  - port: " + std::to_string(port) + "\n";
}

/// An env block with one variable, for deployment()'s `container_extra`.
inline std::string env_var(const std::string& name, const std::string& value) {
  return "        env:\n        - name: " + name + "\n          value: \"" + value + "\"\n";
}

}  // namespace nanoscope::test
