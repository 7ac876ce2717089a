// Benchmark driver of `nanoscope diff` (bench/run_diff_bench.sh): a seeded generated graph of N
// services and M edges (generated_graph.hpp) and a changed copy -- 1% of the services removed
// with their edges, 1% new services called from old ones, 1% of the edges gone, 1% new, the
// calls of 1% tripled -- compared with session::diff_graphs (median of --runs) and priced per
// era with session::price_bills (once, the bundled eras). Optionally writes both as nanoscope
// graph JSON for the end-to-end CLI timing.
// Usage: nanoscope-diff-driver SERVICES EDGES [--seed S] [--runs R] [--samples N] [--bill 0|1] [--write DIR]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "bench/generated_graph.hpp"
#include "economics/era.hpp"
#include "importers/graph_writers.hpp"
#include "session/graph_diff.hpp"
#include "session/scenario_locator.hpp"

namespace {

using nanoscope::bench::GeneratedEdge;

// Services "sN" with one operation "op" each (entry points every 100th, 1000 requests; invocations
// count entries and incoming calls, as bench::to_call_graph's), the
// services in `removed` left out with their edges, and `extra` services "newN" after them.
nanoscope::model::CallGraph build(std::uint32_t services, const std::vector<GeneratedEdge>& edges,
                                  const std::set<std::uint32_t>& removed, std::uint32_t extra) {
  nanoscope::model::CallGraph g;
  std::vector<nanoscope::model::OperationId> op(services + extra, 0);
  for (std::uint32_t s = 0; s < services + extra; ++s) {
    if (removed.count(s)) continue;
    std::string name = std::to_string(s < services ? s : s - services);
    name.insert(0, s < services ? "s" : "new");
    op[s] = g.add_operation(g.add_service(name), "op");
    if (s % 100 == 0 && s < services) g.operation(op[s]).entry_count = g.operation(op[s]).invocations = 1000;
  }
  for (const auto& e : edges) {
    if (removed.count(e.from) || removed.count(e.to)) continue;
    auto& edge = g.edge(g.add_edge(op[e.from], op[e.to], nanoscope::model::InteractionKind::Sync));
    edge.calls = e.calls;
    edge.traces = e.calls;
    g.operation(op[e.to]).invocations += e.calls;
  }
  return g;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: nanoscope-diff-driver SERVICES EDGES [--seed S] [--runs R] [--samples N] [--bill 0|1] [--write DIR]\n");
    return 2;
  }
  const auto services = static_cast<std::uint32_t>(std::stoul(argv[1]));
  const auto edge_count = static_cast<std::uint64_t>(std::stoull(argv[2]));
  std::uint64_t seed = 42;
  int runs = 5;
  unsigned samples = 0;
  std::string write_dir;
  bool bill = true;
  for (int i = 3; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--seed") seed = std::stoull(argv[i + 1]);
    else if (flag == "--runs") runs = std::stoi(argv[i + 1]);
    else if (flag == "--samples") samples = static_cast<unsigned>(std::stoul(argv[i + 1]));
    else if (flag == "--write") write_dir = argv[i + 1];
    else if (flag == "--bill") bill = std::string(argv[i + 1]) != "0";
  }
  const auto edges = nanoscope::bench::generate_edges(services, edge_count, seed);
  std::uint64_t state = seed ^ 0x5eedull;
  const auto pick = [&](std::uint64_t n) { return nanoscope::bench::splitmix64(state) % n; };
  // The changed copy.
  std::set<std::uint32_t> removed;
  while (removed.size() < services / 100) removed.insert(static_cast<std::uint32_t>(1 + pick(services - 1)));
  const std::uint32_t extra = services / 100;
  std::vector<GeneratedEdge> changed;
  for (const auto& e : edges) {
    const auto roll = pick(100);
    if (roll == 0) continue;                                      // 1% gone
    changed.push_back(roll == 1 ? GeneratedEdge{e.from, e.to, e.calls * 3} : e);  // 1% tripled
  }
  for (std::uint32_t k = 0; k < extra; ++k)
    changed.push_back({static_cast<std::uint32_t>(pick(services)), services + k, 1 + pick(1000)});
  for (std::uint64_t k = 0; k < edges.size() / 100; ++k) {       // 1% new edges between old services
    auto a = static_cast<std::uint32_t>(pick(services)), b = static_cast<std::uint32_t>(pick(services));
    if (a != b) changed.push_back({std::min(a, b), std::max(a, b), 1 + pick(1000)});
  }
  std::sort(changed.begin(), changed.end(), [](const GeneratedEdge& x, const GeneratedEdge& y) {
    return std::tie(x.from, x.to) < std::tie(y.from, y.to);
  });
  changed.erase(std::unique(changed.begin(), changed.end(),
                            [](const GeneratedEdge& x, const GeneratedEdge& y) { return x.from == y.from && x.to == y.to; }),
                changed.end());
  const auto before = build(services, edges, {}, 0);
  const auto after = build(services, changed, removed, extra);
  if (!write_dir.empty()) {
    std::ofstream a(write_dir + "/before.json"), b(write_dir + "/after.json");
    nanoscope::importers::write_graph_json(a, before, nullptr);
    nanoscope::importers::write_graph_json(b, after, nullptr);
  }

  std::vector<double> times;
  nanoscope::session::DiffResult result;
  for (int r = 0; r < runs; ++r) {
    const auto t = std::chrono::steady_clock::now();
    result = nanoscope::session::diff_graphs(before, after);
    times.push_back(seconds_since(t));
  }
  std::sort(times.begin(), times.end());
  auto eras = nanoscope::economics::load_bundled_eras(nanoscope::session::scenarios_root().string());
  if (samples > 0)
    for (auto& e : eras) e.samples = samples;
  const auto t = std::chrono::steady_clock::now();
  if (bill) nanoscope::session::price_bills(result, before, after, eras);
  const double bill_s = bill ? seconds_since(t) : 0.0;
  std::printf("services=%u edges=%zu/%zu diff_s=%.3f bill_s=%.3f eras=%zu added=%zu removed=%zu edges_added=%zu "
              "edges_removed=%zu changed=%zu compared=%zu findings_appeared=%zu findings_resolved=%zu\n",
              services, edges.size(), changed.size(), times[times.size() / 2], bill_s, eras.size(),
              result.services_added.size(), result.services_removed.size(), result.edges_added.size(),
              result.edges_removed.size(), result.changed_edges().size(), result.edges_common.size(),
              result.findings_appeared.size(), result.findings_resolved.size());
  return 0;
}
