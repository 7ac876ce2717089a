// The parameter table, lookup by name, nominal values and seeded uniform sampling.
#include "economics/parameters.hpp"

#include "sim/rng.hpp"

namespace nanoscope::economics {

const std::array<ParamInfo, kParamCount>& parameter_table() {
  static const std::array<ParamInfo, kParamCount> table = {{
#define NANOSCOPE_X(id, name, unit, model, lo, hi, meaning) {Param::id, name, unit, model, lo, hi, meaning},
      NANOSCOPE_ECONOMIC_PARAMETERS(NANOSCOPE_X)
#undef NANOSCOPE_X
  }};
  return table;
}

const ParamInfo& info(Param p) { return parameter_table()[static_cast<std::size_t>(p)]; }

std::optional<Param> parse_param(std::string_view name) {
  for (const auto& i : parameter_table())
    if (i.name == name) return i.param;
  return std::nullopt;
}

ParamRanges::ParamRanges() {
  for (const auto& i : parameter_table()) r_[static_cast<std::size_t>(i.param)] = {i.default_low, i.default_high};
}

ParamValues ParamRanges::nominal() const {
  ParamValues v;
  for (std::size_t i = 0; i < kParamCount; ++i) v[static_cast<Param>(i)] = r_[i].mid();
  return v;
}

ParamValues ParamRanges::sample(std::uint64_t seed, std::uint64_t index) const {
  ParamValues v;
  for (std::size_t i = 0; i < kParamCount; ++i) {
    sim::RngStream rng(seed ^ (index * 0x9E3779B97F4A7C15ull), sim::stream_id(sim::StreamKind::Workload, 1000 + i));
    v[static_cast<Param>(i)] = r_[i].low == r_[i].high ? r_[i].low : r_[i].at(rng.uniform());
  }
  return v;
}

std::size_t ParamRanges::uncertain_count() const {
  std::size_t n = 0;
  for (const auto& r : r_) n += r.low != r.high;
  return n;
}

}  // namespace nanoscope::economics
