// The sanity guards of a priced partition, each with its cause sentence.
#include "economics/sanity_guards.hpp"

#include "economics/report_writers.hpp"

#include <cmath>
#include <iomanip>
#include <sstream>
#include <utility>

namespace nanoscope::economics {
namespace {

// Figures in flag sentences: the report writers' short numbers (one home), and shares to one
// decimal so "95.6%" shows why a 95% threshold was crossed.
std::string number(double x) {
  std::ostringstream out;
  out << std::setprecision(3) << x;  // three significant digits, as %g
  return out.str();
}
std::string money(double x) { return detail::short_number(x); }
std::string percent(double share) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << 100.0 * share << '%';
  return out.str();
}

// The largest USD component a model lists among its native figures ("" when none).
std::pair<std::string, double> largest_usd_part(const CostResult& c) {
  std::pair<std::string, double> best{"", 0.0};
  for (const auto& q : c.native)
    if (q.unit == "USD/year" && std::fabs(q.value) > std::fabs(best.second)) best = {q.name, q.value};
  return best;
}

}  // namespace

double p99_latency_at(const PartitionMeasures& m, double rate_per_s) {
  if (m.des_check && m.des_check->rate_per_s == rate_per_s && m.des_check->requests > 0) return m.des_check->p99_ms;
  return m.reference_p99_ms + load_at(m, rate_per_s).added_p99_ms;
}

std::vector<SanityFlag> sanity_flags(const PartitionMeasures& m, const Evaluation& nominal, std::size_t services,
                                     const std::string& label, const ParamRanges& params) {
  std::vector<SanityFlag> out;
  auto flag = [&](const char* kind, std::string message) {
    out.push_back({kind, services, label, std::move(message)});
  };
  const ParamValues v = params.nominal();
  const double rate = v[Param::ProductionRatePerS];
  const LoadPoint point = load_at(m, rate);
  const bool saturated = !m.load_curve.empty() && (point.saturated || point.max_utilisation >= 1.0);
  if (saturated)
    flag("saturated", "at the nominal production rate of " + number(rate) + " requests/s the busiest station runs at "
                          "utilisation " + number(point.max_utilisation) + " (at or past 1), so queues grow without "
                          "bound and the latency figures are not steady-state values");
  if (const auto timeout = parse_param("request_timeout_s"); timeout && !saturated) {
    const double limit_ms = v[*timeout] * 1000.0;
    const double p99 = p99_latency_at(m, rate);
    if (limit_ms > 0.0 && p99 > limit_ms)
      flag("timeout", "p99 latency " + number(p99) + " ms at " + number(rate) + " requests/s exceeds the era's request "
                      "timeout of " + number(limit_ms / 1000.0) + " s, so at least 1% of requests would time out");
  }
  const std::pair<const char*, const CostResult*> terms[] = {{"network", &nominal.network},
                                                             {"operational", &nominal.operational},
                                                             {"development", &nominal.development},
                                                             {"design", &nominal.design}};
  double sum = 0.0;
  for (const auto& t : terms) sum += std::fabs(t.second->usd);
  if (services > 1 && sum > 0.0) {
    for (const auto& [name, c] : terms) {
      const double share = std::fabs(c->usd) / sum;
      if (share <= kDominantShare) continue;
      std::string message = std::string(name) + " is " + percent(share) + " of the four overheads (" + money(c->usd) +
                            " of " + money(sum) + " USD/year at nominal parameters)";
      if (const auto [part, usd] = largest_usd_part(*c); !part.empty() && c->usd != 0.0)
        message += ", mostly " + part + " (" + percent(usd / c->usd) + " of it)";
      flag("dominant_term", message + ": the verdict at this level rests on that one model's parameters");
    }
  }
  // The utility resting on one kind, above all isolation against a one process that its own
  // crash rate keeps down for much of the year.
  const std::pair<const char*, const CostResult*> kinds[] = {{"scaling", &nominal.utility.scaling},
                                                             {"isolation", &nominal.utility.isolation},
                                                             {"deployability", &nominal.utility.deployability},
                                                             {"verifiability", &nominal.utility.verifiability}};
  double utility = 0.0;
  for (const auto& k : kinds) utility += std::fabs(k.second->usd);
  if (services > 1 && utility > 0.0)
    for (const auto& [name, c] : kinds) {
      const double share = std::fabs(c->usd) / utility;
      if (share <= kDominantShare) continue;
      std::string message = std::string(name) + " is " + percent(share) + " of the utility (" + money(c->usd) + " of " +
                            money(utility) + " USD/year at nominal parameters)";
      if (std::string(name) == "isolation")
        message += ": at these fault rates the one process (every business operation in one unit) is down for "
                   "much of the year, and splitting is measured against that";
      flag("dominant_utility", message + "; the verdict at this level rests on that one model's parameters");
    }
  if (nominal.network.usd < 0.0 && nominal.overhead_usd >= 0.0)
    flag("latency_credit", "the network overhead is negative (" + money(nominal.network.usd) +
                               " USD/year): this level holds more cores than the one process (minimum replicas, "
                               "rounding up), queues less than its communication adds, and the latency credit "
                               "exceeds the price of its extra cores and wire");
  if (nominal.overhead_usd < 0.0) {
    std::string negative;
    for (const auto& [name, c] : terms)
      if (c->usd < 0.0) negative += (negative.empty() ? "" : ", ") + std::string(name) + " " + money(c->usd);
    flag("negative_total", "the total overhead came out negative (" + money(nominal.overhead_usd) +
                               " USD/year at nominal parameters" + (negative.empty() ? "" : "; " + negative) +
                               "): a partition should not cost less than the one process it splits");
  }
  return out;
}

}  // namespace nanoscope::economics
