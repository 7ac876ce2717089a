// Expected maximum of independent shifted-exponential branches (fork-join groups).
#include "sim/fork_join.hpp"

#include <algorithm>
#include <cmath>

namespace nanoscope::sim {

double expected_max(const std::vector<ForkBranch>& group) {
  auto survival = [&](double t) {
    double all_done = 1.0;
    for (const ForkBranch& b : group) {
      const double f = t < b.shift ? 0.0 : (b.mean > 0.0 ? -std::expm1(-(t - b.shift) / b.mean) : 1.0);
      const double whole = std::floor(b.calls), frac = b.calls - whole;
      all_done *= (1.0 - b.parallel) + b.parallel * std::pow(f, whole) * (1.0 - frac + frac * f);
    }
    return 1.0 - all_done;
  };
  std::vector<double> cuts{0.0};
  double tau = 0.0;
  for (const ForkBranch& b : group) {
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

}  // namespace nanoscope::sim
