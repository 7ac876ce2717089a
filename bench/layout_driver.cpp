// Layout benchmark driver: runs nanoscope-gui's force-directed layout (the whole seeded
// schedule, on this thread) on a generated graph or an edge list, and prints the time and
// what the drawing looks like in numbers: spread, outliers, edge lengths, overlaps.
// Usage: nanoscope-layout-driver SERVICES EDGES [SEED] | --edges FILE   [--positions OUT.tsv]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "bench/generated_graph.hpp"
#include "gui/viewmodel/layout_engine.hpp"

using namespace nanoscope;

namespace {

float quantile(std::vector<float> v, double q) {
  if (v.empty()) return 0.0f;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  std::uint32_t services = 0;
  std::vector<bench::GeneratedEdge> edges;
  std::string positions_out;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "--positions") {
      positions_out = args[i + 1];
      args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
      break;
    }
  if (args.size() == 2 && args[0] == "--edges") {
    std::ifstream in(args[1]);
    if (!in || !bench::read_edge_list(in, services, edges)) {
      std::fprintf(stderr, "nanoscope-layout-driver: error: cannot read the edge list %s\n", args[1].c_str());
      return 1;
    }
  } else if (args.size() == 2 || args.size() == 3) {
    services = static_cast<std::uint32_t>(std::stoul(args[0]));
    edges = bench::generate_edges(services, std::stoull(args[1]), args.size() == 3 ? std::stoull(args[2]) : 42);
  } else {
    std::fprintf(stderr, "usage: nanoscope-layout-driver SERVICES EDGES [SEED] | --edges FILE  [--positions OUT.tsv]\n");
    return 2;
  }
  // The same input the app builds: name seeds, weights from log(calls).
  gui::LayoutInput input;
  input.nodes = services;
  for (std::uint32_t s = 0; s < services; ++s) input.node_seeds.push_back(gui::name_seed("s" + std::to_string(s)));
  std::uint64_t max_calls = 1;
  for (const auto& e : edges) max_calls = std::max(max_calls, e.calls);
  const double log_max = std::log1p(static_cast<double>(max_calls));
  for (const auto& e : edges)
    input.links.push_back({e.from, e.to, static_cast<float>(0.4 + 0.6 * std::log1p(static_cast<double>(e.calls)) / log_max)});

  const auto started = std::chrono::steady_clock::now();
  const auto pos = gui::run_layout(input);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // Spread around the centroid, the farthest node against the 99th percentile (outliers),
  // edge length and nearest-neighbour distance in units of the ideal spacing.
  double cx = 0, cy = 0;
  for (const auto& p : pos) { cx += p.x; cy += p.y; }
  cx /= std::max<std::size_t>(1, pos.size());
  cy /= std::max<std::size_t>(1, pos.size());
  std::vector<float> radius, length;
  for (const auto& p : pos) radius.push_back(static_cast<float>(std::hypot(p.x - cx, p.y - cy)));
  for (const auto& e : edges) length.push_back(std::hypot(pos[e.from].x - pos[e.to].x, pos[e.from].y - pos[e.to].y));
  // Nearest neighbour on a sample of nodes (exact, O(sample * n)).
  std::vector<float> nearest;
  const std::size_t stride = std::max<std::size_t>(1, pos.size() / 500);
  for (std::size_t i = 0; i < pos.size(); i += stride) {
    float best = INFINITY;
    for (std::size_t j = 0; j < pos.size(); ++j)
      if (j != i) best = std::min(best, std::hypot(pos[i].x - pos[j].x, pos[i].y - pos[j].y));
    nearest.push_back(best);
  }
  const float k = gui::kLayoutSpacing;
  const float r99 = quantile(radius, 0.99), rmax = quantile(radius, 1.0);
  std::printf("services=%u edges=%zu layout_s=%.2f radius_p50=%.1fk radius_p99=%.1fk radius_max=%.1fk "
              "outlier_ratio=%.2f edge_len_p50=%.2fk nearest_p10=%.3fk nearest_p50=%.3fk nearest_over_edge=%.3f\n",
              services, edges.size(), seconds, quantile(radius, 0.5) / k, r99 / k, rmax / k, r99 > 0 ? rmax / r99 : 0.0f,
              quantile(length, 0.5) / k, quantile(nearest, 0.1) / k, quantile(nearest, 0.5) / k,
              quantile(length, 0.5) > 0 ? quantile(nearest, 0.5) / quantile(length, 0.5) : 0.0f);
  if (!positions_out.empty()) {
    std::ofstream out(positions_out);
    for (std::size_t i = 0; i < pos.size(); ++i) out << i << '\t' << pos[i].x << '\t' << pos[i].y << '\n';
  }
  return 0;
}
