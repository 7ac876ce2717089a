// Folding service edges of every interaction kind into one arc per ordered pair.
#include "analysis/service_digraph.hpp"

#include <algorithm>
#include <numeric>

#include "analysis/digraph.hpp"

namespace nanoscope::analysis {

ServiceDigraph ServiceDigraph::build(const model::CallGraph& graph, const model::ServiceGraph& services) {
  ServiceDigraph d;
  d.nodes_ = static_cast<std::uint32_t>(services.nodes.size());
  std::vector<std::uint32_t> order(services.edges.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const auto& x = services.edges[a];
    const auto& y = services.edges[b];
    return x.from != y.from ? x.from < y.from : x.to < y.to;
  });
  for (auto index : order) {
    const auto& e = services.edges[index];
    if (d.arcs_.empty() || d.arcs_.back().from != e.from || d.arcs_.back().to != e.to) {
      ServiceArc arc;
      arc.from = e.from;
      arc.to = e.to;
      arc.declared_only = true;
      d.arcs_.push_back(arc);
    }
    auto& arc = d.arcs_.back();
    arc.calls += e.calls;
    const bool declared_only = e.calls == 0 && e.declared;
    arc.declared_only = arc.declared_only && declared_only;
    if (e.kind == model::InteractionKind::Async) {
      if (!declared_only) arc.async = true;
    } else {
      arc.sync = true;
    }
    arc.service_edges.push_back(index);
    for (auto op_edge : e.operation_edges) arc.traces += graph.edge(op_edge).traces;
  }
  for (auto& arc : d.arcs_) {
    if (arc.declared_only) arc.sync = true;  // a declaration says "needs", read as synchronous
    d.total_calls_ += arc.calls;
  }

  const auto m = static_cast<std::uint32_t>(d.arcs_.size());
  d.out_begin_.assign(d.nodes_ + 1, 0);
  d.in_begin_.assign(d.nodes_ + 1, 0);
  for (const auto& arc : d.arcs_) {
    ++d.out_begin_[arc.from + 1];
    ++d.in_begin_[arc.to + 1];
  }
  for (std::uint32_t v = 0; v < d.nodes_; ++v) {
    d.out_begin_[v + 1] += d.out_begin_[v];
    d.in_begin_[v + 1] += d.in_begin_[v];
  }
  // Arcs are sorted by (from, to): filling in arc order keeps each in-list ascending by caller.
  d.out_index_.resize(m);
  std::iota(d.out_index_.begin(), d.out_index_.end(), 0u);  // out-arcs are contiguous already
  d.in_arcs_.resize(m);
  std::vector<std::uint32_t> fill(d.in_begin_.begin(), d.in_begin_.end() - 1);
  for (std::uint32_t i = 0; i < m; ++i) d.in_arcs_[fill[d.arcs_[i].to]++] = i;
  return d;
}

Digraph service_structure(const ServiceDigraph& digraph) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  pairs.reserve(digraph.arcs().size());
  for (const auto& arc : digraph.arcs()) pairs.emplace_back(arc.from, arc.to);  // sorted by (from, to)
  return make_digraph(pairs, digraph.node_count());
}

std::span<const std::uint32_t> ServiceDigraph::out_arcs(std::uint32_t node) const {
  return {out_index_.data() + out_begin_[node], out_begin_[node + 1] - out_begin_[node]};
}

std::span<const std::uint32_t> ServiceDigraph::in_arcs(std::uint32_t node) const {
  return {in_arcs_.data() + in_begin_[node], in_begin_[node + 1] - in_begin_[node]};
}

long ServiceDigraph::find_arc(std::uint32_t from, std::uint32_t to) const {
  auto first = arcs_.begin() + out_begin_[from];
  auto last = arcs_.begin() + out_begin_[from + 1];
  auto it = std::lower_bound(first, last, to, [](const ServiceArc& a, std::uint32_t v) { return a.to < v; });
  return it != last && it->to == to ? static_cast<long>(it - arcs_.begin()) : -1;
}

}  // namespace nanoscope::analysis
