// Layered layout: cycle breaking by depth-first search, longest-path layers, virtual nodes on
// long edges, barycenter sweeps with a Fenwick-tree crossing count.
#include "gui/viewmodel/layered_layout.hpp"

#include <algorithm>
#include <queue>
#include <tuple>

namespace nanoscope::gui {
namespace {

using Segment = std::pair<std::uint32_t, std::uint32_t>;

/// Marks the back edges of a depth-first search that starts at entry nodes, then at every
/// other unvisited node, each in index order, children in index order.
std::vector<char> back_edges(const LayeredInput& in) {
  const std::uint32_t n = in.nodes;
  std::vector<std::vector<std::pair<std::uint32_t, std::size_t>>> out(n);
  for (std::size_t i = 0; i < in.edges.size(); ++i) {
    const auto [a, b] = in.edges[i];
    if (a != b && a < n && b < n) out[a].push_back({b, i});
  }
  for (auto& o : out) std::sort(o.begin(), o.end());
  std::vector<char> reversed(in.edges.size(), 0);
  std::vector<char> state(n, 0);  // 0 new, 1 on the stack, 2 finished
  std::vector<std::uint32_t> roots;
  for (std::uint32_t v = 0; v < n; ++v)
    if (v < in.entry.size() && in.entry[v]) roots.push_back(v);
  for (std::uint32_t v = 0; v < n; ++v) roots.push_back(v);
  std::vector<std::pair<std::uint32_t, std::size_t>> stack;  // node, next child
  for (const auto root : roots) {
    if (state[root]) continue;
    state[root] = 1;
    stack.push_back({root, 0});
    while (!stack.empty()) {
      auto& [v, next] = stack.back();
      if (next == out[v].size()) {
        state[v] = 2;
        stack.pop_back();
        continue;
      }
      const auto [w, edge] = out[v][next++];
      if (state[w] == 1) {
        reversed[edge] = 1;
      } else if (state[w] == 0) {
        state[w] = 1;
        stack.push_back({w, 0});
      }
    }
  }
  return reversed;
}

/// Positions of every node in its row.
std::vector<std::uint32_t> positions_in_rows(const std::vector<std::vector<std::uint32_t>>& rows, std::size_t total) {
  std::vector<std::uint32_t> pos(total, 0);
  for (const auto& row : rows)
    for (std::uint32_t i = 0; i < row.size(); ++i) pos[row[i]] = i;
  return pos;
}

/// Reorders `row` by the mean position of each node's neighbours in the adjacent row (nodes
/// without neighbours keep their own position as their key); stable, so ties keep the order.
void sort_by_barycenter(std::vector<std::uint32_t>& row, const std::vector<std::vector<std::uint32_t>>& neighbours,
                        const std::vector<std::uint32_t>& pos) {
  std::vector<std::pair<double, std::uint32_t>> keyed;
  keyed.reserve(row.size());
  for (std::uint32_t i = 0; i < row.size(); ++i) {
    const auto& nb = neighbours[row[i]];
    double key = i;
    if (!nb.empty()) {
      double sum = 0.0;
      for (const auto u : nb) sum += pos[u];
      key = sum / static_cast<double>(nb.size());
    }
    keyed.push_back({key, row[i]});
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < row.size(); ++i) row[i] = keyed[i].second;
}

}  // namespace

std::size_t count_crossings(const std::vector<std::vector<std::uint32_t>>& rows, const std::vector<Segment>& edges,
                            const std::vector<std::uint32_t>& layer_of) {
  const auto pos = positions_in_rows(rows, layer_of.size());
  std::vector<std::vector<Segment>> between(rows.size());
  for (const auto& [u, v] : edges) between[layer_of[u]].push_back({pos[u], pos[v]});
  std::size_t crossings = 0;
  for (std::size_t r = 0; r + 1 < rows.size(); ++r) {
    auto& segs = between[r];
    std::sort(segs.begin(), segs.end());
    // Two segments cross when their upper ends are in one order and their lower ends in the
    // other: count, for each segment, the earlier ones whose lower end lies strictly right.
    std::vector<std::size_t> tree(rows[r + 1].size() + 1, 0);
    std::size_t inserted = 0;
    for (const auto& [upper, lower] : segs) {
      std::size_t at_most = 0;
      for (std::size_t i = lower + 1; i > 0; i -= i & (~i + 1)) at_most += tree[i];
      crossings += inserted - at_most;
      for (std::size_t i = lower + 1; i < tree.size(); i += i & (~i + 1)) ++tree[i];
      ++inserted;
    }
  }
  return crossings;
}

LayeredInput layered_input(const LayoutInput& input) {
  LayeredInput in;
  in.nodes = input.nodes;
  for (const auto& l : input.links) in.edges.push_back({l.a, l.b});
  in.entry = input.entries;
  in.group = input.groups;
  return in;
}

LayeredLayout layered_layout(const LayeredInput& in) {
  LayeredLayout out;
  const std::uint32_t n = in.nodes;
  const auto reversed = back_edges(in);
  for (std::size_t i = 0; i < reversed.size(); ++i)
    if (reversed[i]) out.reversed.push_back(i);

  // Longest path from the sources of the acyclic graph (Kahn, lowest index first).
  std::vector<Segment> dag;
  for (std::size_t i = 0; i < in.edges.size(); ++i) {
    const auto [a, b] = in.edges[i];
    if (a == b || a >= n || b >= n) continue;
    dag.push_back(reversed[i] ? Segment{b, a} : Segment{a, b});
  }
  std::vector<std::vector<std::uint32_t>> succ(n);
  std::vector<std::uint32_t> indegree(n, 0);
  for (const auto& [a, b] : dag) {
    succ[a].push_back(b);
    ++indegree[b];
  }
  out.layer.assign(n, 0);
  std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, std::greater<>> ready;
  for (std::uint32_t v = 0; v < n; ++v)
    if (indegree[v] == 0) ready.push(v);
  while (!ready.empty()) {
    const auto v = ready.top();
    ready.pop();
    for (const auto w : succ[v]) {
      out.layer[w] = std::max(out.layer[w], out.layer[v] + 1);
      if (--indegree[w] == 0) ready.push(w);
    }
  }

  // Virtual nodes split edges longer than one layer into segments between adjacent layers,
  // shortest edges first, at most kMaxVirtualNodes of them (a large graph with long back-and-
  // forth chains would need millions); an edge left without them takes no part in the sweeps.
  std::vector<std::uint32_t> layer_of = out.layer;
  std::vector<Segment> segments;
  std::vector<std::size_t> by_span(dag.size());
  for (std::size_t i = 0; i < dag.size(); ++i) by_span[i] = i;
  auto span = [&](std::size_t i) { return out.layer[dag[i].second] - out.layer[dag[i].first]; };
  std::stable_sort(by_span.begin(), by_span.end(), [&](std::size_t x, std::size_t y) { return span(x) < span(y); });
  std::size_t budget = kMaxVirtualNodes;
  for (const auto i : by_span) {
    const auto [a, b] = dag[i];
    if (span(i) - 1 > budget) continue;
    budget -= span(i) - 1;
    std::uint32_t from = a;
    for (std::uint32_t l = out.layer[a] + 1; l < out.layer[b]; ++l) {
      const auto dummy = static_cast<std::uint32_t>(layer_of.size());
      layer_of.push_back(l);
      segments.push_back({from, dummy});
      from = dummy;
    }
    segments.push_back({from, b});
  }
  const std::size_t total = layer_of.size();
  std::uint32_t layers = 0;
  for (const auto l : layer_of) layers = std::max(layers, l + 1);
  out.rows.assign(layers, {});
  std::vector<std::uint32_t> real(n);
  for (std::uint32_t v = 0; v < n; ++v) real[v] = v;
  // Members of a group start side by side: by (group, index).
  std::stable_sort(real.begin(), real.end(), [&](std::uint32_t a, std::uint32_t b) {
    const auto ga = a < in.group.size() ? in.group[a] : 0u, gb = b < in.group.size() ? in.group[b] : 0u;
    return std::tie(ga, a) < std::tie(gb, b);
  });
  for (const auto v : real) out.rows[layer_of[v]].push_back(v);
  for (auto v = static_cast<std::uint32_t>(n); v < total; ++v) out.rows[layer_of[v]].push_back(v);

  std::vector<std::vector<std::uint32_t>> up(total), down(total);
  for (const auto& [u, v] : segments) {
    down[u].push_back(v);
    up[v].push_back(u);
  }
  out.crossings_before = count_crossings(out.rows, segments, layer_of);
  auto best = out.rows;
  std::size_t best_crossings = out.crossings_before;
  const int sweeps = in.sweeps > 0 ? in.sweeps : (segments.size() < 20000 ? 12 : 4);
  for (int s = 0; s < sweeps && best_crossings > 0; ++s) {
    auto pos = positions_in_rows(out.rows, total);
    for (std::size_t r = 1; r < out.rows.size(); ++r) {
      sort_by_barycenter(out.rows[r], up, pos);
      for (std::uint32_t i = 0; i < out.rows[r].size(); ++i) pos[out.rows[r][i]] = i;
    }
    for (std::size_t r = out.rows.size(); r-- > 1;) {
      sort_by_barycenter(out.rows[r - 1], down, pos);
      for (std::uint32_t i = 0; i < out.rows[r - 1].size(); ++i) pos[out.rows[r - 1][i]] = i;
    }
    const auto c = count_crossings(out.rows, segments, layer_of);
    if (c < best_crossings) {
      best_crossings = c;
      best = out.rows;
    }
  }
  out.rows = std::move(best);
  out.crossings_after = best_crossings;

  // Services without any call (a manifest's unused ones) would crowd the top layer: they go
  // in rows of their own under the drawing, as wide as its widest row.
  std::vector<char> linked(n, 0);
  for (const auto& [a, b] : dag) linked[a] = linked[b] = 1;
  if (std::find(linked.begin(), linked.end(), 1) != linked.end() &&
      std::find(linked.begin(), linked.end(), 0) != linked.end()) {
    std::size_t width = 6;
    for (auto& row : out.rows) {
      std::erase_if(row, [&](std::uint32_t v) { return v < n && !linked[v]; });
      width = std::max(width, row.size());
    }
    std::erase_if(out.rows, [](const auto& row) { return row.empty(); });
    for (const auto v : real) {
      if (linked[v]) continue;
      const auto first = out.rows.back().front();
      if (out.rows.back().size() >= width || first >= n || linked[first]) out.rows.emplace_back();
      out.rows.back().push_back(v);
      out.layer[v] = static_cast<std::uint32_t>(out.rows.size() - 1);
    }
  }

  // x by order, a service a whole gap wide and a virtual node (a bend of a long edge) a
  // quarter of one, each row centred.
  out.positions.assign(n, {});
  auto width = [n](std::uint32_t v) { return v < n ? 1.0f : 0.25f; };
  for (std::uint32_t l = 0; l < out.rows.size(); ++l) {
    const auto& row = out.rows[l];
    float total = 0.0f;
    for (const auto v : row) total += width(v);
    float x = -0.5f * total;
    for (const auto v : row) {
      if (v < n) out.positions[v] = {(x + 0.5f * width(v)) * kOrderGap, static_cast<float>(l) * kLayerGap};
      x += width(v);
    }
  }
  return out;
}

}  // namespace nanoscope::gui
