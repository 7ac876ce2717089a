// Analytic solver: traffic and latency equations as sparse linear systems (block-triangular,
// Eigen SparseLU per cycle of calls), Erlang C per station, fork-join groups as the expected
// maximum of independent shifted-exponential branches. Method and formulas: docs/analytic.md.
#include "sim/analytic_model.hpp"

#include <Eigen/SparseCore>
#include <Eigen/SparseLU>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "sim/capacity_plan.hpp"
#include "sim/graph_workload.hpp"
#include "sim/network_model.hpp"
#include "sim/open_network.hpp"

namespace nanoscope::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kUnreached = 0xFFFFFFFFu;

using Triplets = std::vector<Eigen::Triplet<double>>;

[[noreturn]] void diverges() {
  throw std::invalid_argument(
      "expected calls per request are infinite: a cycle of calls makes on average one or more calls of itself");
}

// Solves (I - A) X = B, A given by its entries (row r depends on column c; duplicates add up).
// The unknowns are taken in block-triangular order, the strongly connected components of the
// dependencies found by Tarjan's algorithm (which emits a component after every component it
// depends on): a component of one unknown is one substitution, a larger one (a cycle of calls)
// one Eigen SparseLU factorization of its own block. Factorizing the whole matrix at once
// fills in badly on large call graphs (minutes on 20,000 services; this takes milliseconds).
// Throws when a block is singular or the solution is not finite and non-negative: B and A are
// non-negative, so that means the Neumann series I + A + A^2 + ... diverges.
Eigen::MatrixXd solve_identity_minus(Eigen::Index n, const Triplets& a, const Eigen::MatrixXd& b) {
  const auto size = static_cast<std::size_t>(n);
  // Dependencies of each row, compressed.
  std::vector<std::uint32_t> first(size + 1, 0);
  for (const auto& t : a) ++first[static_cast<std::size_t>(t.row()) + 1];
  for (std::size_t r = 0; r < size; ++r) first[r + 1] += first[r];
  std::vector<std::uint32_t> col(a.size());
  std::vector<double> val(a.size());
  {
    std::vector<std::uint32_t> next(first.begin(), first.end() - 1);
    for (const auto& t : a) {
      const auto k = next[static_cast<std::size_t>(t.row())]++;
      col[k] = static_cast<std::uint32_t>(t.col());
      val[k] = t.value();
    }
  }

  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(n, b.cols());
  std::vector<std::uint32_t> order(size, kUnreached), local(size, 0), stack, members;
  std::vector<bool> on_stack(size, false);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> path;  // (row, next dependency)
  std::uint32_t counter = 0;
  const double scale = std::max(1.0, b.size() ? b.cwiseAbs().maxCoeff() : 0.0);
  auto check = [&](Eigen::Index r) {
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      double& v = x(r, j);
      if (!std::isfinite(v) || v < -1e-9 * scale) diverges();
      v = std::max(v, 0.0);
    }
  };

  auto solve_component = [&](const std::vector<std::uint32_t>& rows) {
    if (rows.size() == 1) {
      const std::uint32_t r = rows[0];
      for (Eigen::Index j = 0; j < x.cols(); ++j) {
        double self = 0.0, sum = b(r, j);
        for (auto k = first[r]; k < first[r + 1]; ++k) {
          if (col[k] == r) self += val[k];
          else sum += val[k] * x(col[k], j);
        }
        if (!(self < 1.0)) diverges();
        x(r, j) = sum / (1.0 - self);
      }
      check(r);
      return;
    }
    for (std::uint32_t i = 0; i < rows.size(); ++i) local[rows[i]] = i;
    const auto m = static_cast<Eigen::Index>(rows.size());
    Triplets entries;
    Eigen::MatrixXd rhs(m, b.cols());
    for (Eigen::Index i = 0; i < m; ++i) {
      const std::uint32_t r = rows[static_cast<std::size_t>(i)];
      entries.emplace_back(i, i, 1.0);
      rhs.row(i) = b.row(r);
      for (auto k = first[r]; k < first[r + 1]; ++k) {
        if (on_stack[col[k]]) entries.emplace_back(i, local[col[k]], -val[k]);
        else rhs.row(i) += val[k] * x.row(col[k]);
      }
    }
    Eigen::SparseMatrix<double> block(m, m);
    block.setFromTriplets(entries.begin(), entries.end());
    block.makeCompressed();
    Eigen::SparseLU<Eigen::SparseMatrix<double>, Eigen::COLAMDOrdering<int>> lu;
    lu.analyzePattern(block);
    lu.factorize(block);
    if (lu.info() != Eigen::Success) diverges();
    const Eigen::MatrixXd y = lu.solve(rhs);
    if (lu.info() != Eigen::Success) diverges();
    for (Eigen::Index i = 0; i < m; ++i) {
      x.row(rows[static_cast<std::size_t>(i)]) = y.row(i);
      check(rows[static_cast<std::size_t>(i)]);
    }
  };

  // Iterative Tarjan. A component's rows stay marked on_stack until it is solved, which is how
  // solve_component tells its own unknowns from solved ones.
  std::vector<std::uint32_t> lowlink(size, 0);
  for (std::uint32_t root = 0; root < size; ++root) {
    if (order[root] != kUnreached) continue;
    path.emplace_back(root, first[root]);
    order[root] = lowlink[root] = counter++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!path.empty()) {
      auto& [r, k] = path.back();
      if (k < first[r + 1]) {
        const std::uint32_t c = col[k++];
        if (order[c] == kUnreached) {
          order[c] = lowlink[c] = counter++;
          stack.push_back(c);
          on_stack[c] = true;
          path.emplace_back(c, first[c]);
        } else if (on_stack[c]) {
          lowlink[r] = std::min(lowlink[r], order[c]);
        }
        continue;
      }
      const std::uint32_t done = r;
      path.pop_back();
      if (!path.empty()) lowlink[path.back().first] = std::min(lowlink[path.back().first], lowlink[done]);
      if (lowlink[done] != order[done]) continue;
      members.clear();
      std::uint32_t w;
      do {
        w = stack.back();
        stack.pop_back();
        members.push_back(w);
      } while (w != done);
      solve_component(members);
      for (const auto v : members) on_stack[v] = false;
    }
  }
  return x;
}

// One branch of a parallel group: calls of one edge, issued together with the group's other
// calls with probability `parallel`, each taking `shift` + an exponential of mean `mean`.
struct Branch {
  double shift = 0.0;
  double mean = 0.0;
  double parallel = 0.0;
  double calls = 0.0;  // mean calls per invocation (floor + Bernoulli, as the simulator draws)
};

// E[max] over the group: the simulator draws per invocation whether each edge is in the group
// (probability parallel) and how many calls it makes (floor(m) + Bernoulli(frac m)); branch
// times are taken independent and shifted-exponential. With P(max <= t) = prod_i
// E[F_i(t)^N_i], E[max] = integral_0^inf (1 - prod_i g_i(F_i(t))) dt, where g_i(x) =
// (1 - p) + p x^floor(m) (1 - frac(m) + frac(m) x). Simpson up to the largest shift, then the
// tail t = S - tau ln u (tau = the largest mean) by the midpoint rule in u, whose integrand is
// bounded and smooth for shifted exponentials.
double expected_max(const std::vector<Branch>& group) {
  auto survival = [&](double t) {
    double all_done = 1.0;
    for (const Branch& b : group) {
      const double f = t < b.shift ? 0.0 : (b.mean > 0.0 ? -std::expm1(-(t - b.shift) / b.mean) : 1.0);
      const double whole = std::floor(b.calls), frac = b.calls - whole;
      all_done *= (1.0 - b.parallel) + b.parallel * std::pow(f, whole) * (1.0 - frac + frac * f);
    }
    return 1.0 - all_done;
  };
  std::vector<double> cuts{0.0};
  double tau = 0.0;
  for (const Branch& b : group) {
    cuts.push_back(b.shift);
    tau = std::max(tau, b.mean);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  double sum = 0.0;
  constexpr int kSimpson = 32;  // even
  for (std::size_t i = 1; i < cuts.size(); ++i) {
    const double lo = cuts[i - 1], h = (cuts[i] - lo) / kSimpson;
    double s = survival(lo) + survival(cuts[i]);
    for (int k = 1; k < kSimpson; ++k) s += (k % 2 ? 4.0 : 2.0) * survival(lo + k * h);
    sum += s * h / 3.0;
  }
  if (tau > 0.0) {
    constexpr int kTail = 512;
    const double start = cuts.back();
    double s = 0.0;
    for (int k = 0; k < kTail; ++k) {
      const double u = (k + 0.5) / kTail;
      s += survival(start - tau * std::log(u)) / u;
    }
    sum += s * tau / kTail;
  }
  return sum;
}

// A synchronous call of a reached operation, priced for the latency equations: the call
// takes `fixed` + `wait` + L(callee) on average; `fixed` is deterministic (CPU and wire),
// `wait` the Erlang C waits (the callee's job, the caller's decode continuation); `comm` is
// the part of fixed + wait that is communication.
struct PricedCall {
  std::uint32_t callee = 0;  // reached index
  double calls = 0.0;
  double parallel = 0.0;
  double fixed = 0.0;
  double wait = 0.0;
  double comm = 0.0;
};

std::string percent(double x) {
  std::ostringstream s;
  s.precision(3);
  s << x * 100.0 << '%';
  return s.str();
}

// Who calls each reached operation (compressed, with whether the call is synchronous), and an
// order taking callees before their callers (Kahn); operations on or above a cycle come last.
struct CallStructure {
  std::vector<std::uint32_t> first;  // per callee: its range in caller / sync
  std::vector<std::uint32_t> caller;
  std::vector<char> sync;
  std::vector<std::uint32_t> callees_first;
  bool cyclic = false;
};

CallStructure call_structure(const Workload& workload, const std::vector<model::OperationId>& reached,
                             const std::vector<std::uint32_t>& index) {
  CallStructure cs;
  const std::size_t n = reached.size();
  cs.first.assign(n + 1, 0);
  std::vector<std::uint32_t> pending(n, 0);
  for (std::size_t i = 0; i < n; ++i)
    for (const CallSpec& c : workload.operations[reached[i]].calls)
      if (c.mean_calls > 0.0) {
        ++cs.first[index[c.callee] + 1];
        ++pending[i];
      }
  for (std::size_t i = 0; i < n; ++i) cs.first[i + 1] += cs.first[i];
  cs.caller.resize(cs.first[n]);
  cs.sync.resize(cs.first[n]);
  std::vector<std::uint32_t> next(cs.first.begin(), cs.first.end() - 1);
  for (std::uint32_t i = 0; i < n; ++i)
    for (const CallSpec& c : workload.operations[reached[i]].calls)
      if (c.mean_calls > 0.0) {
        const auto k = next[index[c.callee]]++;
        cs.caller[k] = i;
        cs.sync[k] = !c.async;
      }
  auto& order = cs.callees_first;
  order.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i)
    if (pending[i] == 0) order.push_back(i);
  for (std::size_t k = 0; k < order.size(); ++k)
    for (auto j = cs.first[order[k]]; j < cs.first[order[k] + 1]; ++j)
      if (--pending[cs.caller[j]] == 0) order.push_back(cs.caller[j]);
  cs.cyclic = order.size() < n;
  for (std::uint32_t i = 0; i < n; ++i)
    if (pending[i] > 0) order.push_back(i);
  return cs;
}

}  // namespace

AnalyticResult solve_analytic(const model::CallGraph& graph, const model::Partition& partition,
                              const Scenario& scenario) {
  if (partition.operation_count() != graph.operation_count())
    throw std::invalid_argument("partition and graph have different numbers of operations");
  const Workload workload = build_workload(graph, scenario);
  const CapacityPlan plan = plan_capacity(graph, partition, scenario, workload);
  const auto& ops = workload.operations;
  auto station_of = [&](model::OperationId op) { return plan.station_of_group[partition.group_of(op)]; };

  // Operations reached from the entries over calls made (mean_calls > 0), in discovery order;
  // unreached ones (and cycles among them) play no part.
  std::vector<std::uint32_t> index(ops.size(), kUnreached);
  std::vector<model::OperationId> reached;
  for (const auto& e : workload.entries)
    if (index[e.operation] == kUnreached && e.rate_per_s > 0.0) {
      index[e.operation] = static_cast<std::uint32_t>(reached.size());
      reached.push_back(e.operation);
    }
  for (std::size_t i = 0; i < reached.size(); ++i)
    for (const CallSpec& c : ops[reached[i]].calls)
      if (c.mean_calls > 0.0 && index[c.callee] == kUnreached) {
        index[c.callee] = static_cast<std::uint32_t>(reached.size());
        reached.push_back(c.callee);
      }
  const auto n = static_cast<Eigen::Index>(reached.size());

  // Traffic equations: v = lambda + C^T v over every call (synchronous or not).
  Eigen::VectorXd visits = Eigen::VectorXd::Zero(n);
  if (n > 0) {
    Triplets c_t;
    Eigen::MatrixXd lambda = Eigen::MatrixXd::Zero(n, 1);
    for (const auto& e : workload.entries)
      if (index[e.operation] != kUnreached) lambda(index[e.operation], 0) += e.rate_per_s;
    for (Eigen::Index i = 0; i < n; ++i)
      for (const CallSpec& c : ops[reached[static_cast<std::size_t>(i)]].calls)
        if (c.mean_calls > 0.0) c_t.emplace_back(index[c.callee], i, c.mean_calls);
    visits = solve_identity_minus(n, c_t, lambda).col(0);
  }

  const CallStructure structure = call_structure(workload, reached, index);

  // Jobs per station: visits that arrive from outside, over the network or as an in-process
  // asynchronous task, and remote responses whose decoding costs CPU. Offered CPU by
  // plan_capacity's rule (offered_cpu_per_group), but from the solved visit rates:
  // plan_capacity follows calls to max_call_depth only, as the simulator makes them.
  const double handshake_cpu = handshake_cpu_s(scenario);
  std::vector<double> jobs(plan.stations.size(), 0.0), offered(plan.stations.size(), 0.0);
  std::vector<double> visits_of(workload.operations.size(), 0.0);
  for (Eigen::Index i = 0; i < n; ++i) visits_of[reached[static_cast<std::size_t>(i)]] = visits(i);
  const std::vector<double> offered_by_group = offered_cpu_per_group(partition, scenario, workload, visits_of);
  for (model::GroupId g = 0; g < offered_by_group.size(); ++g)
    if (plan.station_of_group[g] != CapacityPlan::kNoStation) offered[plan.station_of_group[g]] += offered_by_group[g];
  for (const auto& e : workload.entries)
    if (index[e.operation] != kUnreached) jobs[station_of(e.operation)] += e.rate_per_s;
  for (Eigen::Index i = 0; i < n; ++i) {
    const model::OperationId op = reached[static_cast<std::size_t>(i)];
    const std::uint32_t from = station_of(op);
    for (const CallSpec& c : ops[op].calls) {
      if (!(c.mean_calls > 0.0)) continue;
      const bool remote = partition.group_of(op) != partition.group_of(c.callee);
      const double rate = visits(i) * c.mean_calls;
      if (remote || c.async) jobs[station_of(c.callee)] += rate;
      if (remote && !c.async && message_cpu(scenario, c.response_bytes).total() > 0.0) jobs[from] += rate;
    }
  }

  AnalyticResult result;
  std::vector<double> wait(plan.stations.size(), 0.0);
  std::vector<bool> unstable(plan.stations.size(), false);
  double busiest = 0.0;
  for (std::size_t s = 0; s < plan.stations.size(); ++s) {
    const StationPlan& sp = plan.stations[s];
    AnalyticStation st;
    st.name = sp.name;
    st.servers = sp.cores();
    st.utilisation = st.servers > 0.0 ? offered[s] / st.servers : 0.0;
    st.jobs_per_s = jobs[s];
    st.mean_service_s = jobs[s] > 0.0 ? offered[s] / jobs[s] : 0.0;
    busiest = std::max(busiest, st.utilisation);
    if (st.utilisation >= 1.0) {
      unstable[s] = true;
      st.mean_wait_s = kInf;
    } else if (jobs[s] > 0.0) {
      const double a = offered[s];  // offered load in Erlangs
      const double c = st.servers;
      st.mean_wait_s = erlang_c(static_cast<std::uint32_t>(c), a) * st.mean_service_s / (c - a);
      wait[s] = st.mean_wait_s;
    }
    result.stations.push_back(std::move(st));
  }

  // Calls priced for the latency equations (synchronous calls of reached operations).
  std::vector<std::string> names;
  names.reserve(plan.stations.size());
  for (const auto& sp : plan.stations) names.push_back(sp.name);
  const NetworkModel network(scenario, names);
  std::vector<std::vector<PricedCall>> priced(reached.size());
  std::vector<double> own(reached.size(), 0.0);
  bool any_parallel = false;
  for (std::size_t i = 0; i < reached.size(); ++i) {
    const model::OperationId op = reached[i];
    own[i] = ops[op].service.mean();
    for (const CallSpec& c : ops[op].calls) {
      if (c.async || !(c.mean_calls > 0.0)) continue;
      PricedCall pc{.callee = index[c.callee], .calls = c.mean_calls, .parallel = c.parallel};
      any_parallel = any_parallel || c.parallel > 0.0;
      const std::uint32_t from = station_of(op), to = station_of(c.callee);
      if (partition.group_of(op) == partition.group_of(c.callee)) {
        pc.fixed = scenario.inprocess_call_s;  // CPU on the caller's core, no queueing
      } else {
        const double request = message_cpu(scenario, c.request_bytes).total();
        const double response = message_cpu(scenario, c.response_bytes).total();
        // Caller: encode + handshake, later decode; callee: decode + encode + handshake.
        const double cpu = 2.0 * (request + response + handshake_cpu);
        const double wire = network.handshake_delay(from, to) + network.wire_delay(from, to, c.request_bytes) +
                            network.wire_delay(to, from, c.response_bytes);
        const double decode_wait = response > 0.0 ? wait[from] : 0.0;
        pc.fixed = cpu + wire;
        pc.wait = wait[to] + decode_wait;
        pc.comm = cpu + wire + decode_wait;
      }
      priced[i].push_back(pc);
    }
  }

  // Latency after the first wait (L) and its communication part (K): L = a + M L, K = b + M K.
  // Parallel groups make L non-linear: start from the all-sequential solution (an upper
  // bound, since a maximum is at most the sum) and sweep Gauss-Seidel, callees first.
  Eigen::VectorXd latency = Eigen::VectorXd::Zero(n), comm = Eigen::VectorXd::Zero(n);
  bool converged = true;
  if (n > 0) {
    Triplets m;
    Eigen::MatrixXd rhs = Eigen::MatrixXd::Zero(n, 2);
    for (std::size_t i = 0; i < reached.size(); ++i) {
      rhs(static_cast<Eigen::Index>(i), 0) = own[i];
      for (const PricedCall& pc : priced[i]) {
        rhs(static_cast<Eigen::Index>(i), 0) += pc.calls * (pc.fixed + pc.wait);
        rhs(static_cast<Eigen::Index>(i), 1) += pc.calls * pc.comm;
        m.emplace_back(static_cast<Eigen::Index>(i), pc.callee, pc.calls);
      }
    }
    const Eigen::MatrixXd x = solve_identity_minus(n, m, rhs);
    latency = x.col(0);
    comm = x.col(1);
  }
  if (any_parallel) {
    const std::vector<std::uint32_t>& order = structure.callees_first;
    std::vector<Branch> group;
    converged = false;
    for (int sweep = 0; sweep < 10000 && !converged; ++sweep) {
      double change = 0.0, size = 0.0;
      for (const std::uint32_t i : order) {
        double l = own[i], k = 0.0, branch_total = 0.0, branch_comm = 0.0;
        group.clear();
        for (const PricedCall& pc : priced[i]) {
          const double t = pc.fixed + pc.wait + latency(pc.callee);
          const double kc = pc.comm + comm(pc.callee);
          const double sequential = pc.calls * (1.0 - pc.parallel);
          l += sequential * t;
          k += sequential * kc;
          if (pc.parallel > 0.0) {
            group.push_back({.shift = pc.fixed, .mean = pc.wait + latency(pc.callee), .parallel = pc.parallel,
                             .calls = pc.calls});
            branch_total += pc.calls * pc.parallel * t;
            branch_comm += pc.calls * pc.parallel * kc;
          }
        }
        if (!group.empty()) {
          const double joined = expected_max(group);
          l += joined;
          // The join's communication share: the branches' share of communication.
          if (branch_total > 0.0) k += joined * branch_comm / branch_total;
        }
        change = std::max(change, std::abs(l - latency(i)));
        size = std::max(size, l);
        latency(i) = l;
        comm(i) = k;
      }
      converged = change <= 1e-12 * size;
    }
  }

  // Operations that synchronously reach an unstable station wait forever.
  std::vector<bool> stuck(reached.size(), false);
  {
    std::vector<std::uint32_t> worklist;
    for (std::uint32_t i = 0; i < reached.size(); ++i)
      if (unstable[station_of(reached[i])]) {
        stuck[i] = true;
        worklist.push_back(i);
      }
    while (!worklist.empty()) {
      const std::uint32_t i = worklist.back();
      worklist.pop_back();
      for (auto k = structure.first[i]; k < structure.first[i + 1]; ++k)
        if (structure.sync[k] && !stuck[structure.caller[k]]) {
          stuck[structure.caller[k]] = true;
          worklist.push_back(structure.caller[k]);
        }
    }
  }

  for (const auto& e : workload.entries) {
    AnalyticEntry entry;
    const model::Operation& o = graph.operation(e.operation);
    entry.operation = graph.service(o.service).name + "/" + o.name;
    entry.rate_per_s = e.rate_per_s;
    result.total_rate_per_s += e.rate_per_s;
    if (const auto i = index[e.operation]; i != kUnreached) {
      const bool inf = stuck[i];
      entry.mean_latency_s = inf ? kInf : wait[station_of(e.operation)] + latency(i);
      entry.comm_latency_s = inf ? kInf : comm(i);
    }
    result.entries.push_back(std::move(entry));
  }
  result.saturation_scale = busiest > 0.0 ? 1.0 / busiest : kInf;
  result.saturation_rate_per_s = busiest > 0.0 ? result.total_rate_per_s / busiest : kInf;

  // --- caveats: where the simulator differs ---
  auto& caveats = result.caveats;
  std::size_t forking = 0;
  for (const auto& calls : priced)
    forking += std::any_of(calls.begin(), calls.end(), [](const PricedCall& pc) { return pc.parallel > 0.0; });
  if (forking > 0)
    caveats.push_back("fork-join: " + std::to_string(forking) +
                      " operation(s) make parallel calls, taken as independent shifted-exponential branches; "
                      "the branches of a fork share their arrival instant and are positively correlated, so the "
                      "simulator's joins are shorter (two-way M/M/1 at utilisation r: (12 - r)/8 R by Nelson & "
                      "Tantawi, 12/8 R here)" +
                      (converged ? "" : "; the fork-join iteration did not converge"));
  if (scenario.concurrency == Concurrency::Blocking)
    caveats.push_back("blocking concurrency: solved as async; threads held while calls are outstanding and waits "
                      "for a free thread are not modelled");
  std::size_t non_exponential = 0;
  std::vector<bool> mixed(plan.stations.size(), false);
  std::vector<double> job_mean(plan.stations.size(), -1.0);
  for (std::size_t i = 0; i < reached.size(); ++i) {
    const model::OperationId op = reached[i];
    const std::uint32_t s = station_of(op);
    if (ops[op].service.kind() != ServiceTimeKind::Exponential && own[i] > 0.0) ++non_exponential;
    for (const CallSpec& c : ops[op].calls) {
      if (!(c.mean_calls > 0.0)) continue;
      if (partition.group_of(op) != partition.group_of(c.callee)) {
        const double cpu = message_cpu(scenario, c.request_bytes).total() +
                           (c.async ? 0.0 : message_cpu(scenario, c.response_bytes).total() + handshake_cpu);
        if (cpu > 0.0) mixed[s] = mixed[station_of(c.callee)] = true;
      } else if (!c.async && (own[index[c.callee]] > 0.0 || scenario.inprocess_call_s > 0.0)) {
        mixed[s] = true;  // the callee's work lengthens the caller's job
      }
    }
    if (job_mean[s] < 0.0) job_mean[s] = own[i];
    else if (std::abs(job_mean[s] - own[i]) > 1e-12 * std::max(job_mean[s], own[i])) mixed[s] = true;
  }
  if (non_exponential > 0)
    caveats.push_back("non-exponential service times: " + std::to_string(non_exponential) +
                      " operation(s) have measured or fixed service times, taken as exponential with their mean "
                      "(M/G/c waits scale roughly with (1 + cv^2) / 2)");
  if (const auto count = std::count(mixed.begin(), mixed.end(), true); count > 0)
    caveats.push_back("mixed jobs: at " + std::to_string(count) +
                      " station(s) a job is not one exponential (fixed message CPU, in-process callees' work or "
                      "operations of different means share a station); Erlang C uses their mean");
  bool any_remote_sync = false, any_remote_async = false, any_failures = false;
  for (std::size_t i = 0; i < reached.size(); ++i)
    for (const CallSpec& c : ops[reached[i]].calls) {
      if (!(c.mean_calls > 0.0) || partition.group_of(reached[i]) == partition.group_of(c.callee)) continue;
      (c.async ? any_remote_async : any_remote_sync) = true;
      any_failures = any_failures || c.failure_probability > 0.0 || c.timeout_s > 0.0;
    }
  if (scenario.connections_per_replica > 0 && any_remote_sync)
    caveats.push_back("connection pools: waits for a free connection are not modelled");
  if (any_failures)
    caveats.push_back("failures, timeouts and retries are not modelled: every call succeeds at its first attempt");
  if (scenario.broker && any_remote_async)
    caveats.push_back("broker: asynchronous messages go straight to their callee (no broker station or hops)");
  if (workload.replayed_entries > 0)
    caveats.push_back("replayed arrivals are taken as Poisson at their mean rate");
  const bool product_form = caveats.empty();  // a depth cut or an unstable station does not change the form
  {
    double worst = 0.0;
    for (std::size_t i = 0; i < reached.size(); ++i) {
      const double v = visits(static_cast<Eigen::Index>(i));
      if (v > 0.0) worst = std::max(worst, std::abs(v - plan.visits_per_s[reached[i]]) / v);
    }
    const bool cyclic = structure.cyclic;
    if (cyclic || worst > 1e-9)
      caveats.push_back(std::string(cyclic ? "max depth cut: the graph has cycles" : "max depth cut") +
                        "; calls are followed to any depth here, the simulator stops at max_call_depth = " +
                        std::to_string(scenario.max_call_depth) + " (visit rates differ by up to " + percent(worst) +
                        ")");
  }
  for (std::size_t s = 0; s < result.stations.size(); ++s)
    if (unstable[s])
      caveats.push_back("unstable: station " + result.stations[s].name + " at utilisation " +
                        percent(result.stations[s].utilisation) +
                        "; the latency of entries that synchronously reach it is infinite");
  result.product_form = product_form;
  return result;
}

}  // namespace nanoscope::sim
