// The parsed content of a Kiali graph (the Cytoscape JSON of Kiali's /api/namespaces/graph):
// nodes and edges as the file states them, before they are named and turned into calls
// (kiali_graph.cpp). Private to the Kiali importer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "importers/input_file.hpp"

namespace nanoscope::importers::detail {

/// One element of elements.nodes[].data.
struct KialiNode {
  std::string id;
  std::string node_type;  ///< app, workload, service, unknown, aggregate, box ...
  std::string cluster, ns, app, version, workload, service;
  std::string aggregate, aggregate_value;  ///< aggregate nodes: e.g. request_operation, GetReviews
  std::string service_entry;               ///< isServiceEntry: MESH_EXTERNAL, MESH_INTERNAL or ""
  bool is_box = false;                     ///< a compound node (isBox / isGroup): groups others
  std::uint64_t offset = 0;                ///< where the node starts in the file
};

/// One element of elements.edges[].data with its traffic.
struct KialiEdge {
  std::string source, target;  ///< node ids
  std::string protocol;        ///< http, grpc, tcp or "" (no traffic)
  /// traffic.rates: name -> value ("http": requests/s, "http5xx", "grpcErr", "tcp": bytes/s ...).
  std::vector<std::pair<std::string, double>> rates;
  /// traffic.responses: response code -> percentage of the edge's requests.
  std::vector<std::pair<std::string, double>> responses;
  std::optional<double> response_time_ms;  ///< responseTime (Kiali's chosen quantile), if present
  std::uint64_t offset = 0;
};

/// The whole document.
struct KialiDocument {
  std::optional<double> timestamp_s;  ///< end of the window, seconds since the epoch
  std::optional<double> duration_s;   ///< length of the window
  std::string graph_type;             ///< app, versionedApp, workload, service
  std::vector<KialiNode> nodes;
  std::vector<KialiEdge> edges;
};

/// Parses `file`; throws ImportError (file and position) for malformed input.
[[nodiscard]] KialiDocument read_kiali_document(const InputFile& file);

}  // namespace nanoscope::importers::detail
