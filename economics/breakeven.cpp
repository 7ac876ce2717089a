// One-at-a-time break-even search by scanning then bisecting the median ratio.
#include "economics/breakeven.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "economics/cost_models.hpp"
#include "economics/parallel_work.hpp"

namespace nanoscope::economics {
namespace {

bool is_fraction(Param p) {
  switch (p) {
    case Param::AiShare:
    case Param::HumanReviewShare:
    case Param::CrashShare:
    case Param::ContractChangeShare:
    case Param::ReviewCatchShare:
    case Param::DesignAiRelief:
    case Param::TraceSamplingShare: return true;
    default: return false;
  }
}

}  // namespace

std::optional<Breakeven> find_breakeven(const PartitionMeasures& level, const PartitionMeasures& reference,
                                        const ParamRanges& ranges, Param p) {
  if (level.groups.size() < 2) return std::nullopt;
  const ParamValues nominal = ranges.nominal();
  const double hi = is_fraction(p) ? 1.0 : std::max(4.0 * ranges[p].high, 1.0);
  // Physically meaningful lower ends: one-off work spread over at least half a year, some
  // load, at least one operation per team and one release a year.
  const double lo = p == Param::AmortizationYears    ? 0.5
                    : p == Param::ProductionRatePerS ? 1.0
                    : p == Param::OperationsPerTeam  ? 1.0
                    : p == Param::ReleasesPerYearMax ? 1.0
                                                     : 0.0;
  auto excess = [&](double x) {
    ParamValues v = nominal;
    v[p] = x;
    const double r = evaluate(level, reference, v).median_ratio;
    return std::isfinite(r) ? r - 1.0 : 1e9;
  };
  constexpr int kSteps = 32;
  double prev_x = lo, prev = excess(lo);
  for (int i = 1; i <= kSteps; ++i) {
    const double x = lo + (hi - lo) * i / kSteps;
    const double cur = excess(x);
    if ((prev > 0.0) != (cur > 0.0)) {
      double a = prev_x, b = x;
      const bool a_above = prev > 0.0;
      for (int step = 0; step < 40; ++step) {
        const double m = 0.5 * (a + b);
        if ((excess(m) > 0.0) == a_above) a = m;
        else b = m;
      }
      return Breakeven{p, nominal[p], 0.5 * (a + b), a_above};
    }
    prev_x = x;
    prev = cur;
  }
  return std::nullopt;
}

std::vector<Breakeven> sorted_breakevens(const std::vector<std::optional<Breakeven>>& found) {
  std::vector<Breakeven> out;
  for (const auto& b : found)
    if (b) out.push_back(*b);
  std::sort(out.begin(), out.end(), [](const Breakeven& x, const Breakeven& y) {
    auto rel = [](const Breakeven& b) { return std::fabs(b.value - b.nominal) / std::max(std::fabs(b.nominal), 1e-9); };
    return rel(x) != rel(y) ? rel(x) < rel(y) : x.param < y.param;
  });
  return out;
}

std::vector<Breakeven> find_breakevens(const PartitionMeasures& level, const PartitionMeasures& reference,
                                       const ParamRanges& ranges, unsigned threads) {
  if (level.groups.size() < 2) return {};
  const auto& table = parameter_table();
  std::vector<std::optional<Breakeven>> found(table.size());
  parallel_for(table.size(), threads,
               [&](std::size_t k) { found[k] = find_breakeven(level, reference, ranges, table[k].param); });
  return sorted_breakevens(found);
}

}  // namespace nanoscope::economics
