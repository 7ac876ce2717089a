// Tarjan's strongly connected components via Boost.Graph, renumbered deterministically, and
// Kahn's topological sort of the component graph with a min-heap for stable ties.
#include "analysis/condensation.hpp"

#include "analysis/digraph.hpp"

#include <boost/graph/strong_components.hpp>
#include <boost/range/iterator_range.hpp>

#include <functional>
#include <limits>
#include <queue>

namespace nanoscope::analysis {

Digraph make_digraph(const std::vector<std::pair<std::uint32_t, std::uint32_t>>& sorted_arcs,
                     std::uint32_t vertex_count) {
  return Digraph(boost::edges_are_sorted, sorted_arcs.begin(), sorted_arcs.end(), vertex_count);
}

std::uint32_t strong_component_labels(const Digraph& graph, std::vector<std::uint32_t>& labels) {
  labels.assign(boost::num_vertices(graph), 0);
  if (labels.empty()) return 0;
  auto map = boost::make_iterator_property_map(labels.begin(), boost::get(boost::vertex_index, graph));
  return static_cast<std::uint32_t>(boost::strong_components(graph, map));
}

Condensation condense(const Digraph& graph) {
  const auto n = static_cast<std::uint32_t>(boost::num_vertices(graph));
  std::vector<std::uint32_t> labels;
  const std::uint32_t count = strong_component_labels(graph, labels);

  // Renumber by smallest member so ids do not depend on the traversal.
  constexpr auto kUnset = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> renumber(count, kUnset);
  Condensation result;
  result.component_of.resize(n);
  std::uint32_t next = 0;
  for (std::uint32_t v = 0; v < n; ++v) {
    auto& id = renumber[labels[v]];
    if (id == kUnset) id = next++;
    result.component_of[v] = id;
  }

  result.member_begin.assign(count + 1, 0);
  for (std::uint32_t v = 0; v < n; ++v) ++result.member_begin[result.component_of[v] + 1];
  for (std::uint32_t c = 0; c < count; ++c) result.member_begin[c + 1] += result.member_begin[c];
  result.members.resize(n);
  {
    std::vector<std::uint32_t> fill(result.member_begin.begin(), result.member_begin.end() - 1);
    for (std::uint32_t v = 0; v < n; ++v) result.members[fill[result.component_of[v]]++] = v;
  }

  std::vector<std::uint32_t> indegree(count, 0);
  for (auto e : boost::make_iterator_range(boost::edges(graph))) {
    auto a = result.component_of[boost::source(e, graph)], b = result.component_of[boost::target(e, graph)];
    if (a != b) ++indegree[b];
  }
  std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, std::greater<>> ready;
  for (std::uint32_t c = 0; c < count; ++c)
    if (indegree[c] == 0) ready.push(c);
  result.order.reserve(count);
  while (!ready.empty()) {
    const auto c = ready.top();
    ready.pop();
    result.order.push_back(c);
    for (auto i = result.member_begin[c]; i < result.member_begin[c + 1]; ++i)
      for (auto w : boost::make_iterator_range(boost::adjacent_vertices(result.members[i], graph))) {
        auto d = result.component_of[w];
        if (d != c && --indegree[d] == 0) ready.push(d);
      }
  }
  return result;
}

}  // namespace nanoscope::analysis
