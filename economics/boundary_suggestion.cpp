// Leiden on the business-operation graph through igraph 0.10, made deterministic (a local
// seeded RNG, reseeded before every run; communities renumbered by their lowest operation)
// and non-aborting (igraph's error handler is swapped for one that returns the error code).
#include "economics/boundary_suggestion.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>

#include <fmt/format.h>
#include <igraph.h>

#include "economics/partition_measures.hpp"
#include "sim/partition_file.hpp"

namespace nanoscope::economics {
namespace {

void check(igraph_error_t status, const char* what) {
  if (status != IGRAPH_SUCCESS)
    throw CommunityDetectionError(std::string("community detection: igraph ") + what + " failed: " + igraph_strerror(status));
}

// igraph keeps its error handler and default RNG per process and is built without thread
// safety: one session at a time, each restoring what it found.
std::mutex& igraph_mutex() {
  static std::mutex m;
  return m;
}

class IgraphSession {
 public:
  IgraphSession() : lock_(igraph_mutex()) {
    old_error_ = igraph_set_error_handler(igraph_error_handler_ignore);
    old_warning_ = igraph_set_warning_handler(igraph_warning_handler_ignore);
    if (const auto status = igraph_rng_init(&rng_, &igraph_rngtype_mt19937); status != IGRAPH_SUCCESS) {
      restore_handlers();
      check(status, "rng_init");
    }
    old_rng_ = igraph_rng_default();
    igraph_rng_set_default(&rng_);
  }
  ~IgraphSession() {
    igraph_rng_set_default(old_rng_);
    igraph_rng_destroy(&rng_);
    restore_handlers();
  }
  IgraphSession(const IgraphSession&) = delete;
  IgraphSession& operator=(const IgraphSession&) = delete;

  void seed(std::uint64_t seed) { check(igraph_rng_seed(&rng_, static_cast<igraph_uint_t>(seed)), "rng_seed"); }

 private:
  void restore_handlers() {
    igraph_set_error_handler(old_error_);
    igraph_set_warning_handler(old_warning_);
  }
  std::lock_guard<std::mutex> lock_;
  igraph_error_handler_t* old_error_ = nullptr;
  igraph_warning_handler_t* old_warning_ = nullptr;
  igraph_rng_t rng_{};
  igraph_rng_t* old_rng_ = nullptr;
};

// The undirected business-operation graph: node i is business operation nodes[i].
struct OperationGraph {
  std::vector<model::OperationId> nodes;
  std::vector<std::pair<std::size_t, std::size_t>> edges;  // i < j, sorted
  std::vector<double> weights;
  std::vector<double> strength;
  double total = 0.0;  // m: sum of edge weights
};

OperationGraph operation_graph(const model::CallGraph& g, const std::vector<bool>& business) {
  OperationGraph og;
  std::vector<long> index(g.operation_count(), -1);
  for (model::OperationId op = 0; op < g.operation_count(); ++op)
    if (business[op]) {
      index[op] = static_cast<long>(og.nodes.size());
      og.nodes.push_back(op);
    }
  // Same weights as the granularity family: calls, or a token weight for call-less edges.
  bool any = false;
  for (const auto& e : g.edges()) any = any || e.calls > 0;
  std::map<std::pair<std::size_t, std::size_t>, double> w;
  for (const auto& e : g.edges()) {
    const long a = index[e.from], b = index[e.to];
    if (a < 0 || b < 0 || a == b) continue;
    w[{static_cast<std::size_t>(std::min(a, b)), static_cast<std::size_t>(std::max(a, b))}] +=
        e.calls > 0 ? static_cast<double>(e.calls) : (any ? 1e-6 : 1.0);
  }
  og.strength.assign(og.nodes.size(), 0.0);
  for (const auto& [ab, weight] : w) {
    og.edges.push_back(ab);
    og.weights.push_back(weight);
    og.strength[ab.first] += weight;
    og.strength[ab.second] += weight;
    og.total += weight;
  }
  return og;
}

// The operation graph as an undirected igraph graph with its edge weights, built once and
// shared by Leiden and igraph_modularity. Only inside an IgraphSession.
class IgraphGraph {
 public:
  explicit IgraphGraph(const OperationGraph& og) {
    igraph_vector_int_t edge_list;
    check(igraph_vector_int_init(&edge_list, static_cast<igraph_integer_t>(2 * og.edges.size())), "vector_init");
    for (std::size_t e = 0; e < og.edges.size(); ++e) {
      VECTOR(edge_list)[2 * e] = static_cast<igraph_integer_t>(og.edges[e].first);
      VECTOR(edge_list)[2 * e + 1] = static_cast<igraph_integer_t>(og.edges[e].second);
    }
    const auto created =
        igraph_create(&graph_, &edge_list, static_cast<igraph_integer_t>(og.nodes.size()), IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&edge_list);
    check(created, "create");
    if (const auto status = igraph_vector_init(&weights_, static_cast<igraph_integer_t>(og.weights.size()));
        status != IGRAPH_SUCCESS) {
      igraph_destroy(&graph_);
      check(status, "vector_init");
    }
    for (std::size_t e = 0; e < og.weights.size(); ++e) VECTOR(weights_)[e] = og.weights[e];
  }
  ~IgraphGraph() {
    igraph_vector_destroy(&weights_);
    igraph_destroy(&graph_);
  }
  IgraphGraph(const IgraphGraph&) = delete;
  IgraphGraph& operator=(const IgraphGraph&) = delete;

  [[nodiscard]] const igraph_t* graph() const { return &graph_; }
  [[nodiscard]] const igraph_vector_t* weights() const { return &weights_; }

 private:
  igraph_t graph_{};
  igraph_vector_t weights_{};
};

// Classical modularity (resolution 1) of `membership` by igraph_modularity; 0 for a graph
// without edge weight (where modularity is undefined).
double modularity(const IgraphGraph& ig, const OperationGraph& og, const std::vector<std::size_t>& membership) {
  if (og.total <= 0.0) return 0.0;
  igraph_vector_int_t groups;
  check(igraph_vector_int_init(&groups, static_cast<igraph_integer_t>(membership.size())), "vector_init");
  for (std::size_t i = 0; i < membership.size(); ++i) VECTOR(groups)[i] = static_cast<igraph_integer_t>(membership[i]);
  igraph_real_t q = 0.0;
  const auto status = igraph_modularity(ig.graph(), &groups, ig.weights(), 1.0, false, &q);
  igraph_vector_int_destroy(&groups);
  check(status, "modularity");
  return q;
}

// Renumbers communities 0.. in order of their lowest node.
std::vector<std::size_t> normalise(const std::vector<std::size_t>& membership) {
  std::map<std::size_t, std::size_t> renumber;
  std::vector<std::size_t> out(membership.size());
  for (std::size_t i = 0; i < membership.size(); ++i) {
    const auto [it, fresh] = renumber.emplace(membership[i], renumber.size());
    out[i] = it->second;
  }
  return out;
}

std::vector<std::size_t> run_leiden(IgraphSession& session, const IgraphGraph& ig, const OperationGraph& og,
                                    double gamma, const BoundaryOptions& o) {
  const auto n = static_cast<igraph_integer_t>(og.nodes.size());
  std::vector<std::size_t> singletons(og.nodes.size());
  for (std::size_t i = 0; i < singletons.size(); ++i) singletons[i] = i;
  if (og.edges.empty()) return singletons;
  igraph_vector_t node_weights;
  igraph_vector_int_t membership;
  // Every object below is destroyed on every path; igraph returns errors (no longjmp, no abort).
  struct Cleanup {
    igraph_vector_t* nw = nullptr;
    igraph_vector_int_t* m = nullptr;
    ~Cleanup() {
      if (m) igraph_vector_int_destroy(m);
      if (nw) igraph_vector_destroy(nw);
    }
  } cleanup;
  check(igraph_vector_init(&node_weights, n), "vector_init");
  cleanup.nw = &node_weights;
  for (std::size_t i = 0; i < og.strength.size(); ++i) VECTOR(node_weights)[i] = og.strength[i];
  check(igraph_vector_int_init(&membership, n), "vector_init");
  cleanup.m = &membership;
  // Modularity through Leiden's CPM form: node weights = strengths, resolution = gamma / 2m.
  // One iteration per call, continued from the last membership until it stops changing:
  // igraph 0.10.2 with n_iterations < 0 loops forever when an iteration changes nothing
  // (igraph issue #2798, fixed upstream in 2025).
  session.seed(o.seed);
  igraph_integer_t clusters = 0;
  igraph_real_t quality = 0.0;
  std::vector<std::size_t> out(og.nodes.size()), last;
  for (int iteration = 0; iteration < o.max_iterations; ++iteration) {
    check(igraph_community_leiden(ig.graph(), ig.weights(), &node_weights, gamma / (2.0 * og.total), o.beta, iteration > 0,
                                  1, &membership, &clusters, &quality),
          "community_leiden");
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::size_t>(VECTOR(membership)[i]);
    out = normalise(out);
    if (out == last) break;
    last = out;
  }
  return out;
}

// Operations without a business call carry no coupling signal: they join the community that
// holds most linked operations of their observed service, or form one per service.
std::size_t attach_unlinked(const model::CallGraph& g, const OperationGraph& og, std::vector<std::size_t>& membership) {
  std::map<model::ServiceId, std::map<std::size_t, std::size_t>> linked;
  for (std::size_t i = 0; i < og.nodes.size(); ++i)
    if (og.strength[i] > 0.0) ++linked[g.operation(og.nodes[i]).service][membership[i]];
  std::map<model::ServiceId, std::size_t> fresh;
  std::size_t next = membership.empty() ? 0 : *std::max_element(membership.begin(), membership.end()) + 1;
  std::size_t count = 0;
  for (std::size_t i = 0; i < og.nodes.size(); ++i) {
    if (og.strength[i] > 0.0) continue;
    ++count;
    const auto sid = g.operation(og.nodes[i]).service;
    if (const auto it = linked.find(sid); it != linked.end()) {
      std::size_t best = it->second.begin()->first, most = 0;
      for (const auto& [community, n] : it->second)
        if (n > most) most = n, best = community;
      membership[i] = best;
    } else {
      const auto [f, is_new] = fresh.emplace(sid, next);
      if (is_new) ++next;
      membership[i] = f->second;
    }
  }
  membership = normalise(membership);
  return count;
}

std::vector<std::pair<std::string, std::size_t>> sorted_counts(const std::map<std::string, std::size_t>& counts) {
  std::vector<std::pair<std::string, std::size_t>> v(counts.begin(), counts.end());
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return v;
}

void describe(const model::CallGraph& g, const std::vector<model::OperationId>& nodes, const std::vector<std::size_t>& membership,
              BoundarySuggestion& s) {
  const std::size_t k = membership.empty() ? 0 : *std::max_element(membership.begin(), membership.end()) + 1;
  s.groups.assign(k, {});
  std::vector<std::map<std::string, std::size_t>> from(k);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    s.groups[membership[i]].operations.push_back(nodes[i]);
    s.groups[membership[i]].operation_names.push_back(g.service(g.operation(nodes[i]).service).name + "/" +
                                                      g.operation(nodes[i]).name);
    ++from[membership[i]][g.service(g.operation(nodes[i]).service).name];
  }
  // Name after the observed service holding most operations; the group holding most of that
  // service keeps the plain name, others get " #2", " #3"... (never an existing service's name).
  std::map<std::string, std::vector<std::size_t>> by_base;
  for (std::size_t c = 0; c < k; ++c) {
    s.groups[c].from_services = sorted_counts(from[c]);
    by_base[s.groups[c].from_services.front().first].push_back(c);
  }
  std::set<std::string> taken;
  for (const auto& sv : g.services()) taken.insert(sv.name);
  for (auto& [base, cs] : by_base) {
    std::stable_sort(cs.begin(), cs.end(), [&](std::size_t a, std::size_t b) {
      return s.groups[a].from_services.front().second > s.groups[b].from_services.front().second;
    });
    s.groups[cs[0]].name = base;
    int suffix = 2;
    for (std::size_t r = 1; r < cs.size(); ++r) {
      std::string name;
      do name = base + " #" + std::to_string(suffix++);
      while (taken.count(name));
      taken.insert(name);
      s.groups[cs[r]].name = name;
    }
  }
  s.partition = model::Partition::observed(g);
  for (const auto& grp : s.groups) (void)s.partition.split(grp.operations, grp.name);
  // Differences from the observed services.
  std::map<std::string, std::map<std::string, std::size_t>> into;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const auto op = nodes[i];
    const auto& service = g.service(g.operation(op).service).name;
    const auto& group = s.groups[membership[i]].name;
    ++into[service][group];
    if (group != service) s.moves.push_back({op, service + "/" + g.operation(op).name, service, group});
  }
  for (const auto& [service, groups] : into)
    if (groups.size() > 1) s.splits.push_back({service, sorted_counts(groups)});
  for (const auto& grp : s.groups)
    if (grp.from_services.size() > 1) s.merges.push_back({grp.name, grp.from_services});
  std::sort(s.merges.begin(), s.merges.end(), [](const auto& a, const auto& b) { return a.group < b.group; });
}

}  // namespace

CommunityDetection detect_communities(const model::CallGraph& graph, const BoundaryOptions& options) {
  const OperationGraph og = operation_graph(graph, require_business_operations(graph));
  CommunityDetection s;
  s.seed = options.seed;
  std::map<model::ServiceId, std::size_t> observed_ids;
  std::vector<std::size_t> observed(og.nodes.size());
  for (std::size_t i = 0; i < og.nodes.size(); ++i)
    observed[i] = observed_ids.emplace(graph.operation(og.nodes[i]).service, observed_ids.size()).first->second;
  {
    IgraphSession session;
    const IgraphGraph ig(og);
    for (const double gamma : options.resolutions) {
      if (!(gamma > 0.0)) continue;
      auto membership = run_leiden(session, ig, og, gamma, options);
      s.unlinked_operations = attach_unlinked(graph, og, membership);
      ResolutionTrial t;
      t.resolution = gamma;
      t.modularity = modularity(ig, og, membership);
      t.groups = *std::max_element(membership.begin(), membership.end()) + 1;
      s.trials.push_back(t);
      if (s.membership.empty() || t.modularity > s.modularity) {
        s.membership = std::move(membership);
        s.modularity = t.modularity;
        s.resolution = gamma;
      }
    }
    s.observed_modularity = modularity(ig, og, observed);
  }
  if (s.membership.empty()) throw std::invalid_argument("boundary suggestion: no positive resolution to try");
  return s;
}

BoundarySuggestion describe_communities(const model::CallGraph& graph, const CommunityDetection& found) {
  const auto business = require_business_operations(graph);
  std::vector<model::OperationId> nodes;  // operation_graph's nodes: the business operations in id order
  for (model::OperationId op = 0; op < graph.operation_count(); ++op)
    if (business[op]) nodes.push_back(op);
  if (found.membership.size() != nodes.size())
    throw std::invalid_argument("boundary suggestion: communities do not match the graph");
  BoundarySuggestion s;
  s.resolution = found.resolution;
  s.modularity = found.modularity;
  s.observed_modularity = found.observed_modularity;
  s.seed = found.seed;
  s.trials = found.trials;
  s.unlinked_operations = found.unlinked_operations;
  describe(graph, nodes, found.membership, s);
  return s;
}

BoundarySuggestion suggest_boundaries(const model::CallGraph& graph, const BoundaryOptions& options) {
  return describe_communities(graph, detect_communities(graph, options));
}

void write_partition_file(std::ostream& out, const BoundarySuggestion& s) {
  const auto description =
      fmt::format("Leiden, modularity objective: resolution {:g}, seed {}, modularity {:.4f} (observed {:.4f})",
                  s.resolution, s.seed, s.modularity, s.observed_modularity);
  std::vector<sim::PartitionFileGroup> groups;
  for (const auto& grp : s.groups) groups.push_back({grp.name, grp.operation_names});
  sim::write_partition_yaml(out, "suggested boundaries (Leiden)", description, groups,
                            "Suggested service boundaries written by nanoscope (docs/economics.md, \"Boundary suggestion\").\n"
                            "Use with: nanoscope whatif INPUT... --partition FILE");
}

}  // namespace nanoscope::economics
