// Grouping a graph's inputs into systems, and each system's own graph (systems.hpp).
#include "model/systems.hpp"

#include <boost/pending/disjoint_sets.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <numeric>

#include "model/subgraph.hpp"
#include "model/value_ranges.hpp"

namespace nanoscope::model {
namespace {

using DisjointSets = boost::disjoint_sets_with_storage<>;

// Joins the inputs that mention one service: all of them when one has no window, else those
// whose windows overlap (a sweep over the windows sorted by start).
void join_inputs(const CallGraph& graph, const InputSet& inputs, DisjointSets& sets) {
  if (inputs.size() < 2) return;
  const auto windowless = std::any_of(inputs.begin(), inputs.end(), [&](auto i) { return !graph.inputs[i].has_window(); });
  if (windowless) {
    for (const auto i : inputs) sets.union_set(inputs.front(), i);
    return;
  }
  std::vector<std::uint32_t> order(inputs.begin(), inputs.end());
  std::sort(order.begin(), order.end(), [&](auto a, auto b) {
    return std::tie(*graph.inputs[a].window_start_us, a) < std::tie(*graph.inputs[b].window_start_us, b);
  });
  std::int64_t reach = *graph.inputs[order.front()].window_end_us;
  for (std::size_t k = 1; k < order.size(); ++k) {
    const auto& in = graph.inputs[order[k]];
    if (*in.window_start_us <= reach) sets.union_set(order[k - 1], order[k]);
    reach = std::max(reach, *in.window_end_us);
  }
}

std::string file_stem(const std::string& path) { return std::filesystem::path(path).stem().string(); }

// The service most requests enter (by entries over its operations), ties by name; "" if none.
std::string largest_entry_service(const CallGraph& graph, const std::vector<ServiceId>& services,
                                  const ServicePredicate& ignore) {
  std::string best;
  std::uint64_t most = 0;
  for (const ServiceId s : services) {
    if (ignore && ignore(graph.service(s))) continue;
    std::uint64_t entries = 0;
    for (const OperationId op : graph.operations_of(s)) entries += graph.operation(op).entry_count;
    const auto& name = graph.service(s).name;
    if (entries > most || (entries == most && entries > 0 && name < best)) most = entries, best = name;
  }
  return best;
}

void widen(System& system, const InputSource& in) {
  if (!in.has_window()) return;
  system.window_start_us = system.window_start_us ? std::min(*system.window_start_us, *in.window_start_us) : *in.window_start_us;
  system.window_end_us = system.window_end_us ? std::max(*system.window_end_us, *in.window_end_us) : *in.window_end_us;
}

std::string describe(const System& s) {
  return std::to_string(s.index) + " '" + s.name + "' (" + std::to_string(s.inputs.size()) + " input" +
         (s.inputs.size() == 1 ? "" : "s") + ", " + std::to_string(s.services.size()) + " services)";
}

}  // namespace

std::vector<System> split_systems(const CallGraph& graph, const ServicePredicate& ignore) {
  const std::size_t n = graph.inputs.size();
  std::vector<System> systems;
  if (n == 0) {
    System all;
    all.services.resize(graph.service_count());
    std::iota(all.services.begin(), all.services.end(), ServiceId{0});
    all.window_start_us = graph.window_start_us;
    all.window_end_us = graph.window_end_us;
    all.name = largest_entry_service(graph, all.services, ignore);
    if (all.name.empty()) all.name = "system";
    all.index = 1;
    systems.push_back(std::move(all));
    return systems;
  }
  DisjointSets sets(n);
  std::vector<bool> mentions(n, false);
  for (const Service& s : graph.services()) {
    for (const auto i : s.inputs) mentions[i] = true;
    if (!ignore || !ignore(s)) join_inputs(graph, s.inputs, sets);
  }
  // Components of inputs that mention services, in order of their first input.
  std::map<std::size_t, std::size_t> system_of_root;
  std::vector<std::size_t> system_of_input(n, 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!mentions[i]) continue;
    const auto [it, fresh] = system_of_root.try_emplace(sets.find_set(i), systems.size());
    if (fresh) systems.emplace_back();
    system_of_input[i] = it->second;
    systems[it->second].inputs.push_back(i);
  }
  if (systems.empty()) systems.emplace_back();
  std::vector<ServiceId> unattributed;
  for (ServiceId s = 0; s < graph.service_count(); ++s) {
    const auto& inputs = graph.service(s).inputs;
    if (inputs.empty()) unattributed.push_back(s);
    for (const auto i : inputs) {
      auto& services = systems[system_of_input[i]].services;
      if (services.empty() || services.back() != s) services.push_back(s);
    }
  }
  std::stable_sort(systems.begin(), systems.end(),
                   [](const System& a, const System& b) { return a.services.size() > b.services.size(); });
  // Inputs that mention no service (an empty trace file), and services no input mentions,
  // go with the largest system.
  System& first = systems.front();
  for (std::uint32_t i = 0; i < n; ++i)
    if (!mentions[i]) first.inputs.push_back(i);
  std::sort(first.inputs.begin(), first.inputs.end());
  first.services.insert(first.services.end(), unattributed.begin(), unattributed.end());
  std::sort(first.services.begin(), first.services.end());
  std::map<std::string, int> taken;
  for (std::size_t k = 0; k < systems.size(); ++k) {
    System& sys = systems[k];
    sys.index = k + 1;
    for (const auto i : sys.inputs) widen(sys, graph.inputs[i]);
    sys.name = largest_entry_service(graph, sys.services, ignore);
    if (sys.name.empty()) sys.name = file_stem(graph.inputs[sys.inputs.front()].path);
    if (taken[sys.name]++ > 0) sys.name += "-" + std::to_string(sys.index);
  }
  return systems;
}

const System* find_system(const std::vector<System>& systems, const CallGraph& graph, std::string_view key) {
  for (const auto& s : systems)
    if (s.name == key) return &s;
  for (const auto& s : systems)
    if (std::to_string(s.index) == key) return &s;
  for (const auto& s : systems)
    for (const auto i : s.inputs) {
      const auto& path = graph.inputs[i].path;
      if (path == key || file_stem(path) == key || std::filesystem::path(path).filename() == key) return &s;
    }
  return nullptr;
}

CallGraph system_graph(const CallGraph& graph, const System& system) {
  if (system.inputs.size() == graph.inputs.size()) return graph;
  std::vector<std::uint32_t> renumber(graph.inputs.size(), static_cast<std::uint32_t>(-1));
  for (std::uint32_t k = 0; k < system.inputs.size(); ++k) renumber[system.inputs[k]] = k;
  auto mine = [&](const InputSet& set) {
    return std::any_of(set.begin(), set.end(), [&](auto i) { return renumber[i] != static_cast<std::uint32_t>(-1); });
  };
  std::vector<bool> keep_service(graph.service_count(), false);
  for (const ServiceId s : system.services) keep_service[s] = true;
  std::vector<bool> keep_edge(graph.edge_count());
  for (EdgeId e = 0; e < graph.edge_count(); ++e) keep_edge[e] = graph.edge(e).inputs.empty() || mine(graph.edge(e).inputs);
  CallGraph out = induced_subgraph(graph, keep_service, keep_edge);
  auto restrict_to_system = [&](InputSet& set) {
    InputSet kept;
    for (const auto i : set)
      if (renumber[i] != static_cast<std::uint32_t>(-1)) add_input(kept, renumber[i]);
    set = std::move(kept);
  };
  for (ServiceId s = 0; s < out.service_count(); ++s) restrict_to_system(out.service(s).inputs);
  for (EdgeId e = 0; e < out.edge_count(); ++e) restrict_to_system(out.edge(e).inputs);
  out.inputs.clear();
  out.trace_count = 0;
  for (const auto i : system.inputs) {
    out.inputs.push_back(graph.inputs[i]);
    out.trace_count += graph.inputs[i].traces;
  }
  out.window_start_us = system.window_start_us;
  out.window_end_us = system.window_end_us;
  return out;
}

void report_systems(const CallGraph& graph, const std::vector<System>& systems, Diagnostics& diagnostics,
                    const ServicePredicate& ignore) {
  // Reported once: a re-imported graph brings its own (diagnostics survive graph JSON).
  if (systems.size() < 2 || diagnostics.count("several-systems") > 0) return;
  constexpr std::size_t kListed = 10;
  std::string list;
  for (std::size_t k = 0; k < systems.size() && k < kListed; ++k) list += (k ? "; " : "") + describe(systems[k]);
  if (systems.size() > kListed) list += "; and " + std::to_string(systems.size() - kListed) + " more";
  diagnostics.report(Severity::Warning, "<inputs>", "several-systems",
                     "the inputs describe " + std::to_string(systems.size()) +
                         " separate systems (no shared service, or windows that do not overlap), analysed one by "
                         "one: " + list);
  for (std::size_t a = 0; a < systems.size(); ++a)
    for (std::size_t b = a + 1; b < systems.size(); ++b) {
      const auto &x = systems[a], &y = systems[b];
      if (!x.window_start_us || !y.window_start_us) continue;
      const std::int64_t gap = std::max(saturating_sub(*y.window_start_us, *x.window_end_us),
                                         saturating_sub(*x.window_start_us, *y.window_end_us));
      if (gap <= kFarApartUs) continue;
      diagnostics.report(Severity::Warning, graph.inputs[y.inputs.front()].path, "windows-far-apart",
                         fmt::format("system {} and system {} were observed {:.1f} days apart", describe(y),
                                     describe(x), static_cast<double>(gap) / 86'400e6));
    }
  std::vector<std::size_t> count(graph.service_count(), 0);
  for (const auto& s : systems)
    for (const ServiceId id : s.services) ++count[id];
  for (ServiceId id = 0; id < graph.service_count(); ++id) {
    if (count[id] < 2 || (ignore && ignore(graph.service(id)))) continue;
    std::string in;
    for (const auto& s : systems)
      if (std::binary_search(s.services.begin(), s.services.end(), id)) in += (in.empty() ? "" : ", ") + std::to_string(s.index);
    diagnostics.report(Severity::Warning, "<inputs>", "shared-service",
                       "service '" + graph.service(id).name + "' is in systems " + in +
                           " (their windows do not overlap); its operations' counts add all of them");
  }
}

}  // namespace nanoscope::model
