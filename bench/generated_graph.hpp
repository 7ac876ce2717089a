// Shared by the analysis benchmark tools: the seeded edge generator (portable: splitmix64,
// no std distributions), the edge-list format, and turning an edge list into a CallGraph.
#pragma once

#include <algorithm>
#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "model/call_graph.hpp"

namespace nanoscope::bench {

/// One generated dependency.
struct GeneratedEdge {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  std::uint64_t calls = 0;
};

inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// `edges` distinct dependencies among `services`: 3% back edges (higher to lower index)
/// spanning 1..32 services, 47% forward within 64 services, 50% forward anywhere.
inline std::vector<GeneratedEdge> generate_edges(std::uint32_t services, std::uint64_t edges, std::uint64_t seed) {
  std::uint64_t state = seed;
  auto uniform = [&](std::uint64_t n) { return splitmix64(state) % n; };
  std::vector<std::uint64_t> keys;
  keys.reserve(edges + edges / 8);
  const std::uint64_t wanted = std::min<std::uint64_t>(edges, std::uint64_t{services} * (services - 1));
  while (keys.size() < wanted + wanted / 8) {
    std::uint32_t a, b;
    const auto pick = uniform(100);
    if (pick < 3) {
      a = static_cast<std::uint32_t>(uniform(services));
      b = static_cast<std::uint32_t>(std::min<std::uint64_t>(services - 1, a + 1 + uniform(32)));
      std::swap(a, b);  // back edge: higher -> lower
    } else if (pick < 50) {
      a = static_cast<std::uint32_t>(uniform(services));
      b = static_cast<std::uint32_t>(std::min<std::uint64_t>(services - 1, a + 1 + uniform(64)));  // same layer
    } else {
      a = static_cast<std::uint32_t>(uniform(services));
      b = static_cast<std::uint32_t>(uniform(services));
      if (a > b) std::swap(a, b);
    }
    if (a == b) continue;
    keys.push_back((std::uint64_t{a} << 32) | b);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  // Keep a seeded subset of exactly `wanted` edges, in sorted order.
  for (std::size_t i = keys.size(); i > 1; --i) std::swap(keys[i - 1], keys[uniform(i)]);
  keys.resize(std::min<std::uint64_t>(keys.size(), wanted));
  std::sort(keys.begin(), keys.end());
  std::vector<GeneratedEdge> result;
  result.reserve(keys.size());
  for (auto k : keys)
    result.push_back({static_cast<std::uint32_t>(k >> 32), static_cast<std::uint32_t>(k & 0xffffffffu), 1 + uniform(1000)});
  return result;
}

/// "N M" then "from to calls" per line.
inline void write_edge_list(std::ostream& out, std::uint32_t services, const std::vector<GeneratedEdge>& edges) {
  out << services << ' ' << edges.size() << '\n';
  std::string line;
  for (const auto& e : edges) {
    line = std::to_string(e.from) + ' ' + std::to_string(e.to) + ' ' + std::to_string(e.calls) + '\n';
    out << line;
  }
}

/// Reads what write_edge_list wrote; false on a malformed file.
inline bool read_edge_list(std::istream& in, std::uint32_t& services, std::vector<GeneratedEdge>& edges) {
  std::uint64_t count = 0;
  if (!(in >> services >> count)) return false;
  edges.resize(count);
  for (auto& e : edges)
    if (!(in >> e.from >> e.to >> e.calls) || e.from >= services || e.to >= services) return false;
  return true;
}

/// One service "sN" per index with one operation "op"; services 0, 100, 200... are entry
/// points with 1000 requests each; every edge is synchronous, one call per trace except 2% with ten.
inline model::CallGraph to_call_graph(std::uint32_t services, const std::vector<GeneratedEdge>& edges) {
  model::CallGraph graph;
  for (std::uint32_t s = 0; s < services; ++s) {
    std::string name = std::to_string(s);
    name.insert(name.begin(), 's');  // ("s" + std::string trips a g++ 12 -O3 -Wrestrict false positive)
    const auto id = graph.add_service(name);
    auto& op = graph.operation(graph.add_operation(id, "op"));
    if (s % 100 == 0) op.entry_count = 1000;
    op.invocations = op.entry_count;
  }
  for (const auto& e : edges) {
    auto& edge = graph.edge(graph.add_edge(e.from, e.to, model::InteractionKind::Sync));
    edge.calls = e.calls;
    edge.traces = e.calls % 50 == 0 ? e.calls / 10 + 1 : e.calls;  // every 50th edge is chatty
    graph.operation(e.to).invocations += e.calls;
  }
  return graph;
}

}  // namespace nanoscope::bench
