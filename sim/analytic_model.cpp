// Analytic solver: traffic and latency equations as sparse linear systems factorized once per
// graph (block_solver.hpp), stations and priced calls once per partition, Erlang C waits and
// one right-hand side per load, fork-join groups as the expected maximum of independent
// shifted-exponential branches (fork_join.hpp). Method and formulas: docs/analytic.md.
#include "sim/analytic_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "sim/analytic_detail.hpp"
#include "sim/fork_join.hpp"
#include "sim/network_model.hpp"
#include "sim/open_network.hpp"

namespace nanoscope::sim {
namespace detail {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The mean wait of a job at a station of `replicas` replicas of `workers` cores each, at
// `a` Erlangs offered to each replica, jobs of mean `service`: each replica has its own line and takes every
// replicas-th job (round robin, as the simulator's stations do), so it is a GI/M/c queue whose
// arrivals are smoother than Poisson (SCV 1/replicas: Erlang-distributed gaps). Erlang C for
// one replica, scaled by (c_a^2 + 1) / 2 with the Kraemer & Langenbach-Belz factor for
// c_a^2 < 1 (the QNA approximation, Whitt 1983); exactly Erlang C with one replica.
double replica_wait(double replicas, double workers, double a, double service) {
  double wait = erlang_c(static_cast<std::uint32_t>(workers), a) * service / (workers - a);
  if (replicas > 1.0) {
    const double rho = a / workers, ca2 = 1.0 / replicas;
    wait *= 0.5 * (ca2 + 1.0) * std::exp(-2.0 * (1.0 - rho) * (1.0 - ca2) * (1.0 - ca2) / (3.0 * rho * (ca2 + 1.0)));
  }
  return wait;
}

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

std::shared_ptr<const AnalyticPrepared> prepare(const model::CallGraph& graph, const Scenario& scenario) {
  auto p = std::make_shared<AnalyticPrepared>();
  p->graph = &graph;
  p->scenario = scenario;
  p->workload = build_workload(graph, scenario);
  p->depth_visits = visit_rates(p->workload, scenario.max_call_depth);
  const auto& ops = p->workload.operations;
  // Operations reached from the entries over calls made (mean_calls > 0), in discovery order;
  // unreached ones (and cycles among them) play no part.
  auto& index = p->index;
  auto& reached = p->reached;
  index.assign(ops.size(), kUnreached);
  for (const auto& e : p->workload.entries) {
    p->total_rate += e.rate_per_s;
    if (index[e.operation] == kUnreached && e.rate_per_s > 0.0) {
      index[e.operation] = static_cast<std::uint32_t>(reached.size());
      reached.push_back(e.operation);
    }
  }
  for (std::size_t i = 0; i < reached.size(); ++i)
    for (const CallSpec& c : ops[reached[i]].calls)
      if (c.mean_calls > 0.0 && index[c.callee] == kUnreached) {
        index[c.callee] = static_cast<std::uint32_t>(reached.size());
        reached.push_back(c.callee);
      }
  const auto n = static_cast<std::uint32_t>(reached.size());

  // Traffic equations: v = lambda + C^T v over every call (synchronous or not).
  p->visits.assign(n, 0.0);
  p->visits_of.assign(ops.size(), 0.0);
  if (n > 0) {
    std::vector<BlockEntry> c_t;
    Eigen::MatrixXd lambda = Eigen::MatrixXd::Zero(n, 1);
    for (const auto& e : p->workload.entries)
      if (index[e.operation] != kUnreached) lambda(index[e.operation], 0) += e.rate_per_s;
    for (std::uint32_t i = 0; i < n; ++i)
      for (const CallSpec& c : ops[reached[i]].calls)
        if (c.mean_calls > 0.0) c_t.push_back({index[c.callee], i, c.mean_calls});
    const Eigen::MatrixXd v = BlockSolver(n, c_t).solve(lambda);
    for (std::uint32_t i = 0; i < n; ++i) {
      p->visits[i] = v(i, 0);
      p->visits_of[reached[i]] = v(i, 0);
    }
  }
  p->structure = call_structure(p->workload, reached, index);
  // Latency equations L = a + M L: M is the synchronous mean calls, whatever the partition.
  std::vector<BlockEntry> m;
  p->own.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    p->own[i] = ops[reached[i]].service.mean();
    for (const CallSpec& c : ops[reached[i]].calls)
      if (!c.async && c.mean_calls > 0.0) m.push_back({i, index[c.callee], c.mean_calls});
  }
  p->latency = BlockSolver(n, m);
  return p;
}

}  // namespace

PartitionSetup setup_partition(const AnalyticPrepared& p, const model::Partition& partition) {
  if (partition.operation_count() != p.graph->operation_count())
    throw std::invalid_argument("partition and graph have different numbers of operations");
  const Scenario& scenario = p.scenario;
  const auto& ops = p.workload.operations;
  PartitionSetup s;
  s.plan = plan_capacity(*p.graph, partition, scenario, p.workload, p.depth_visits);
  const std::size_t stations = s.plan.stations.size();
  auto station_of = [&](model::OperationId op) { return s.station_of(partition, op); };

  // Jobs per station: visits that arrive from outside, over the network or as an in-process
  // asynchronous task, and remote responses whose decoding costs CPU. Offered CPU by
  // plan_capacity's rule (offered_cpu_per_group), but from the solved visit rates:
  // plan_capacity follows calls to max_call_depth only, as the simulator makes them.
  s.jobs.assign(stations, 0.0);
  s.offered.assign(stations, 0.0);
  const std::vector<double> offered_by_group = offered_cpu_per_group(partition, scenario, p.workload, p.visits_of);
  for (model::GroupId g = 0; g < offered_by_group.size(); ++g)
    if (s.plan.station_of_group[g] != kNoStation) s.offered[s.plan.station_of_group[g]] += offered_by_group[g];
  for (const auto& e : p.workload.entries)
    if (p.index[e.operation] != kUnreached) s.jobs[station_of(e.operation)] += e.rate_per_s;
  for (std::size_t i = 0; i < p.reached.size(); ++i) {
    const model::OperationId op = p.reached[i];
    const std::uint32_t from = station_of(op);
    for (const CallSpec& c : ops[op].calls) {
      if (!(c.mean_calls > 0.0)) continue;
      const bool remote = partition.group_of(op) != partition.group_of(c.callee);
      const double rate = p.visits[i] * c.mean_calls;
      if (remote || c.async) s.jobs[station_of(c.callee)] += rate;
      if (remote && !c.async && message_cpu(scenario, c.response_bytes).total() > 0.0) s.jobs[from] += rate;
    }
  }

  // Calls priced for the latency equations (synchronous calls of reached operations).
  std::vector<std::string> names;
  names.reserve(stations);
  for (const auto& sp : s.plan.stations) names.push_back(sp.name);
  const NetworkModel network(scenario, names);
  const double handshake_cpu = handshake_cpu_s(scenario);
  s.priced.resize(p.reached.size());
  for (std::size_t i = 0; i < p.reached.size(); ++i) {
    const model::OperationId op = p.reached[i];
    for (const CallSpec& c : ops[op].calls) {
      if (c.async || !(c.mean_calls > 0.0)) continue;
      PricedCall pc{.callee = p.index[c.callee], .calls = c.mean_calls, .parallel = c.parallel};
      s.any_parallel = s.any_parallel || c.parallel > 0.0;
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
        pc.fixed = cpu + wire;
        pc.remote = true;
        pc.wait_station = to;
        if (response > 0.0) pc.decode_station = from;
      }
      s.priced[i].push_back(pc);
    }
  }
  return s;
}

std::vector<SolvedLoad> solve_loads(const AnalyticPrepared& p, const model::Partition& partition,
                                    const PartitionSetup& s, const std::vector<double>& scales, double cap) {
  const bool capped = cap < 1.0;
  const std::size_t stations = s.plan.stations.size();
  const auto n = static_cast<Eigen::Index>(p.reached.size());
  std::vector<SolvedLoad> loads(scales.size());
  Eigen::MatrixXd rhs = Eigen::MatrixXd::Zero(n, 2 * static_cast<Eigen::Index>(scales.size()));
  for (std::size_t j = 0; j < scales.size(); ++j) {
    SolvedLoad& load = loads[j];
    const double k = load.scale = scales[j];
    load.servers.resize(stations);
    load.utilisation.assign(stations, 0.0);
    load.service.assign(stations, 0.0);
    load.wait.assign(stations, 0.0);
    load.unstable.assign(stations, false);
    // The equations take an unstable station's wait as 0 (its callers are stuck instead);
    // it becomes +inf once they are solved.
    for (std::size_t st = 0; st < stations; ++st) {
      const StationPlan& sp = s.plan.stations[st];
      const double replicas = station_replicas(sp.offered_cpu_per_s * k, sp.base_replicas, p.scenario);
      load.servers[st] = replicas * sp.workers;
      const double a = s.offered[st] * k;  // offered load in Erlangs
      const double jobs = s.jobs[st] * k;
      load.utilisation[st] = load.servers[st] > 0.0 ? a / load.servers[st] : 0.0;
      load.service[st] = jobs > 0.0 ? a / jobs : 0.0;
      load.unstable[st] = load.utilisation[st] >= 1.0;
      const bool at_cap = capped && load.utilisation[st] > cap;
      if (at_cap || (!load.unstable[st] && jobs > 0.0))
        load.wait[st] = replica_wait(replicas, sp.workers, at_cap ? cap * sp.workers : a / replicas, load.service[st]);
    }
    const std::vector<double>& wait = load.wait;
    // Right-hand sides: the first wait's continuation (columns 2j) and its communication (2j + 1).
    for (Eigen::Index i = 0; i < n; ++i) {
      rhs(i, 2 * j) = p.own[static_cast<std::size_t>(i)];
      for (const PricedCall& pc : s.priced[static_cast<std::size_t>(i)]) {
        const double decode = pc.decode_station != kNoStation ? wait[pc.decode_station] : 0.0;
        const double call_wait = pc.remote ? wait[pc.wait_station] + decode : 0.0;
        const double comm = pc.remote ? pc.fixed + decode : 0.0;
        rhs(i, 2 * j) += pc.calls * (pc.fixed + call_wait);
        rhs(i, 2 * j + 1) += pc.calls * comm;
      }
    }
  }
  const Eigen::MatrixXd x = n > 0 ? p.latency.solve(rhs) : Eigen::MatrixXd(0, rhs.cols());

  std::vector<ForkBranch> group;
  for (std::size_t j = 0; j < scales.size(); ++j) {
    SolvedLoad& load = loads[j];
    const std::vector<double>& wait = load.wait;
    load.latency.resize(p.reached.size());
    load.comm.resize(p.reached.size());
    for (Eigen::Index i = 0; i < n; ++i) {
      load.latency[static_cast<std::size_t>(i)] = x(i, 2 * j);
      load.comm[static_cast<std::size_t>(i)] = x(i, 2 * j + 1);
    }
    // Parallel groups make L non-linear: start from the all-sequential solution (an upper
    // bound, since a maximum is at most the sum) and sweep Gauss-Seidel, callees first.
    if (s.any_parallel) {
      load.converged = false;
      for (int sweep = 0; sweep < 10000 && !load.converged; ++sweep) {
        double change = 0.0, size = 0.0;
        for (const std::uint32_t i : p.structure.callees_first) {
          double l = p.own[i], kk = 0.0, branch_total = 0.0, branch_comm = 0.0;
          group.clear();
          for (const PricedCall& pc : s.priced[i]) {
            const double decode = pc.decode_station != kNoStation ? wait[pc.decode_station] : 0.0;
            const double call_wait = pc.remote ? wait[pc.wait_station] + decode : 0.0;
            const double comm = pc.remote ? pc.fixed + decode : 0.0;
            const double t = pc.fixed + call_wait + load.latency[pc.callee];
            const double kc = comm + load.comm[pc.callee];
            const double sequential = pc.calls * (1.0 - pc.parallel);
            l += sequential * t;
            kk += sequential * kc;
            if (pc.parallel > 0.0) {
              // The branch's fixed part: its call's CPU and wire and the communication inside its
              // callee (message CPU, wire, handshakes: nearly deterministic); the exponential
              // part: the waits and the rest of the callee's life.
              const double inside = std::min(load.comm[pc.callee], load.latency[pc.callee]);
              group.push_back({.shift = pc.fixed + inside,
                               .mean = call_wait + load.latency[pc.callee] - inside,
                               .parallel = pc.parallel,
                               .calls = pc.calls});
              branch_total += pc.calls * pc.parallel * t;
              branch_comm += pc.calls * pc.parallel * kc;
            }
          }
          if (!group.empty()) {
            const double joined = expected_max(group);
            l += joined;
            // The join's communication share: the branches' share of communication.
            if (branch_total > 0.0) kk += joined * branch_comm / branch_total;
          }
          change = std::max(change, std::abs(l - load.latency[i]));
          size = std::max(size, l);
          load.latency[i] = l;
          load.comm[i] = kk;
        }
        load.converged = change <= 1e-12 * size;
      }
    }
    // Operations that synchronously reach an unstable station wait forever (uncapped only).
    load.stuck.assign(p.reached.size(), false);
    if (!capped) {
      std::vector<std::uint32_t> worklist;
      for (std::uint32_t i = 0; i < p.reached.size(); ++i)
        if (load.unstable[s.station_of(partition, p.reached[i])]) {
          load.stuck[i] = true;
          worklist.push_back(i);
        }
      const CallStructure& cs = p.structure;
      while (!worklist.empty()) {
        const std::uint32_t i = worklist.back();
        worklist.pop_back();
        for (auto k = cs.first[i]; k < cs.first[i + 1]; ++k)
          if (cs.sync[k] && !load.stuck[cs.caller[k]]) {
            load.stuck[cs.caller[k]] = true;
            worklist.push_back(cs.caller[k]);
          }
      }
    }
    for (std::size_t st = 0; st < stations; ++st)
      if (load.unstable[st] && !capped) load.wait[st] = kInf;
  }
  return loads;
}

}  // namespace detail

namespace {

// Mean latency and communication of an entry at a solved load; +inf when stuck.
std::pair<double, double> entry_means(const detail::AnalyticPrepared& p, const model::Partition& partition,
                                      const detail::PartitionSetup& s, const detail::SolvedLoad& load,
                                      model::OperationId op) {
  const auto i = p.index[op];
  if (i == detail::kUnreached) return {0.0, 0.0};
  if (load.stuck[i]) return {detail::kInf, detail::kInf};
  return {load.wait[s.station_of(partition, op)] + load.latency[i], load.comm[i]};
}

}  // namespace

AnalyticModel::AnalyticModel(const model::CallGraph& graph, const Scenario& scenario)
    : prepared_(detail::prepare(graph, scenario)) {}

const Scenario& AnalyticModel::scenario() const { return prepared_->scenario; }
const Workload& AnalyticModel::workload() const { return prepared_->workload; }
double AnalyticModel::total_rate_per_s() const { return prepared_->total_rate; }
const std::vector<double>& AnalyticModel::visits_per_s() const { return prepared_->depth_visits; }

AnalyticResult AnalyticModel::solve(const model::Partition& partition) const {
  const detail::AnalyticPrepared& p = *prepared_;
  const detail::PartitionSetup s = detail::setup_partition(p, partition);
  const detail::SolvedLoad load = detail::solve_loads(p, partition, s, {1.0}, 1.0).front();
  AnalyticResult result;
  double busiest = 0.0;
  std::vector<std::string> names;
  for (std::size_t st = 0; st < s.plan.stations.size(); ++st) {
    AnalyticStation station;
    station.name = s.plan.stations[st].name;
    station.servers = load.servers[st];
    station.utilisation = load.utilisation[st];
    station.mean_wait_s = load.wait[st];
    station.mean_service_s = load.service[st];
    station.jobs_per_s = s.jobs[st];
    busiest = std::max(busiest, station.utilisation);
    names.push_back(station.name);
    result.stations.push_back(std::move(station));
  }
  const model::CallGraph& graph = *p.graph;
  for (const auto& e : p.workload.entries) {
    AnalyticEntry entry;
    const model::Operation& o = graph.operation(e.operation);
    entry.operation = graph.service(o.service).name + "/" + o.name;
    entry.rate_per_s = e.rate_per_s;
    result.total_rate_per_s += e.rate_per_s;
    std::tie(entry.mean_latency_s, entry.comm_latency_s) = entry_means(p, partition, s, load, e.operation);
    result.entries.push_back(std::move(entry));
  }
  result.saturation_scale = busiest > 0.0 ? 1.0 / busiest : detail::kInf;
  result.saturation_rate_per_s = busiest > 0.0 ? result.total_rate_per_s / busiest : detail::kInf;
  result.caveats = detail::analytic_caveats(p, partition, s, load, names, result.product_form);
  return result;
}

AnalyticCurve AnalyticModel::solve_rates(const model::Partition& partition, const std::vector<double>& rates,
                                         const AnalyticLoadOptions& options) const {
  const detail::AnalyticPrepared& p = *prepared_;
  const detail::PartitionSetup s = detail::setup_partition(p, partition);
  AnalyticCurve curve;
  const double total = p.total_rate;
  const bool autoscale = p.scenario.effective_capacity_policy() == CapacityPolicy::Autoscale;
  double busiest_per_rps = 0.0;  // fixed capacity: the largest utilisation per request/s
  for (std::size_t st = 0; st < s.plan.stations.size(); ++st) {
    const StationPlan& sp = s.plan.stations[st];
    curve.stations.push_back({.group = sp.group,
                              .offered_cpu_per_rps = total > 0.0 ? sp.offered_cpu_per_s / total : 0.0,
                              .base_replicas = sp.base_replicas});
    if (total > 0.0 && sp.cores() > 0.0)
      busiest_per_rps = std::max(busiest_per_rps, s.offered[st] / total / sp.cores());
  }
  curve.saturation_rate_per_s = autoscale || !(busiest_per_rps > 0.0) ? detail::kInf : 1.0 / busiest_per_rps;
  for (const auto& e : p.workload.entries) curve.entry_share.push_back(total > 0.0 ? e.rate_per_s / total : 0.0);
  std::vector<double> scales;
  for (const double r : rates) scales.push_back(total > 0.0 ? r / total : 0.0);
  const auto loads = detail::solve_loads(p, partition, s, scales, options.wait_utilisation_cap);
  for (std::size_t j = 0; j < loads.size(); ++j) {
    const detail::SolvedLoad& load = loads[j];
    AnalyticLoad out;
    out.total_rate_per_s = rates[j];
    for (const auto& e : p.workload.entries) {
      const auto [mean, comm] = entry_means(p, partition, s, load, e.operation);
      out.mean_latency_s.push_back(mean);
      out.comm_latency_s.push_back(comm);
    }
    for (std::size_t st = 0; st < load.utilisation.size(); ++st) {
      out.max_utilisation = std::max(out.max_utilisation, load.utilisation[st]);
      out.unstable_stations += load.unstable[st] ? 1 : 0;
    }
    curve.loads.push_back(std::move(out));
  }
  return curve;
}

AnalyticResult solve_analytic(const model::CallGraph& graph, const model::Partition& partition,
                              const Scenario& scenario) {
  if (partition.operation_count() != graph.operation_count())
    throw std::invalid_argument("partition and graph have different numbers of operations");
  return AnalyticModel(graph, scenario).solve(partition);
}

AnalyticCurve solve_analytic_rates(const model::CallGraph& graph, const model::Partition& partition,
                                   const Scenario& scenario, const std::vector<double>& rates,
                                   const AnalyticLoadOptions& options) {
  if (partition.operation_count() != graph.operation_count())
    throw std::invalid_argument("partition and graph have different numbers of operations");
  return AnalyticModel(graph, scenario).solve_rates(partition, rates, options);
}

}  // namespace nanoscope::sim
