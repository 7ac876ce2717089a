// The mean time of a group of parallel calls: the expected maximum of independent
// shifted-exponential branches, each in the group with some probability and making a random
// number of calls, as the simulator draws them. Used by the analytic solver's latency
// equations (docs/analytic.md, "Fork-join").
#pragma once

#include <vector>

namespace nanoscope::sim {

/// One branch of a parallel group: calls of one edge, issued together with the group's other
/// calls with probability `parallel`, each taking `shift` + an exponential of mean `mean`.
struct ForkBranch {
  double shift = 0.0;
  double mean = 0.0;
  double parallel = 0.0;
  double calls = 0.0;  ///< mean calls per invocation (floor + Bernoulli, as the simulator draws)
};

/// E[max] over the group. With P(max <= t) = prod_i E[F_i(t)^N_i],
/// E[max] = integral_0^inf (1 - prod_i g_i(F_i(t))) dt, g_i(x) = (1 - p) + p x^floor(m)
/// (1 - frac(m) + frac(m) x): Simpson up to the largest shift, then the tail t = S - tau ln u
/// (tau = the largest mean) by the midpoint rule in u, whose integrand is bounded and smooth.
[[nodiscard]] double expected_max(const std::vector<ForkBranch>& group);

}  // namespace nanoscope::sim
