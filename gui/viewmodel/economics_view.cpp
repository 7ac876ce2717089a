// Economics sweep job and its charts and tables.
#include "gui/viewmodel/economics_view.hpp"

#include "gui/viewmodel/granularity_slider.hpp"

#include "session/scenario_locator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "economics/partition_measures.hpp"
#include "model/service_graph.hpp"

namespace nanoscope::gui {

bool EconomicsModel::load_eras() {
  try {
    return load_eras(session::scenarios_root().string());
  } catch (const std::exception& e) {
    error_ = e.what();
    return false;
  }
}

bool EconomicsModel::load_eras(const std::string& root) {
  try {
    eras_ = economics::load_bundled_eras(root);
    era_ = eras_.empty() ? 0 : eras_.size() - 1;  // the newest era first
    error_.clear();
    return true;
  } catch (const std::exception& e) {
    error_ = e.what();
    return false;
  }
}

void EconomicsModel::set_era(std::size_t index) {
  if (index >= eras_.size() || index == era_) return;
  if (results_.count(era_)) previous_era_ = era_;
  era_ = index;
}

void EconomicsModel::reset(std::shared_ptr<const model::CallGraph> graph, SharedLevels levels) {
  job_.discard();
  graph_ = std::move(graph);
  levels_ = std::move(levels);
  results_.clear();
  previous_era_.reset();
  if (!eras_.empty()) error_.clear();
}

bool EconomicsModel::start() {
  if (!graph_ || eras_.empty() || job_.running() || results_.count(era_)) return false;
  running_era_ = era_;
  error_.clear();
  return job_.start([graph = graph_, levels = levels_, era = eras_[era_]](JobProgress& progress) {
    EconomicsResult out;
    out.levels = levels;
    if (!out.levels) {
      progress.set_stage("building the granularity family");
      out.levels = std::make_shared<const std::vector<economics::GranularityLevel>>(economics::granularity_levels(*graph));
    }
    economics::SweepOptions options;
    options.service_bands = economics::ServiceBands::All;
    options.cancel = progress.cancel_token();
    options.progress = [&](const std::string& what, std::size_t done, std::size_t total) {
      progress.set_stage(what);
      if (total) progress.set(static_cast<double>(done) / static_cast<double>(total));
    };
    out.sweep = economics::sweep_era(*graph, *out.levels, era, options);
    return out;
  });
}

void EconomicsModel::tick() {
  if (auto r = job_.take_result()) results_[running_era_] = std::move(*r);
  if (auto e = job_.take_error(); !e.empty()) error_ = std::move(e);
  if (job_.take_cancelled()) error_ = "cancelled (press Retry to run it again)";
}

const EconomicsResult* EconomicsModel::result() const {
  const auto it = results_.find(era_);
  return it == results_.end() ? nullptr : &it->second;
}

const EconomicsResult* EconomicsModel::shown_result() const {
  if (const auto* r = result()) return r;
  if (!previous_era_) return nullptr;
  const auto it = results_.find(*previous_era_);
  return it == results_.end() ? nullptr : &it->second;
}

double signed_log_usd(double usd) {
  if (!std::isfinite(usd)) return usd > 0 ? 12.0 : -12.0;
  return (usd < 0 ? -1.0 : 1.0) * std::log10(1.0 + std::fabs(usd) / 1000.0);
}

std::string money_text(double usd) {
  if (!std::isfinite(usd)) return usd > 0 ? "inf" : "-inf";
  const double a = std::fabs(usd);
  const char* sign = usd < 0 ? "-" : "";
  struct Unit { double size; const char* suffix; int decimals; };
  const Unit units[] = {{1e9, "B", 1}, {1e6, "M", 1}, {1e3, "k", 0}, {1.0, "", 0}};
  for (const auto& u : units) {
    if (a < u.size && u.size > 1.0) continue;
    char text[48];
    std::snprintf(text, sizeof text, "%s$%.*f", sign, u.decimals, a / u.size);
    std::string out = text;
    if (u.decimals > 0 && out.size() > 2 && out.compare(out.size() - 2, 2, ".0") == 0) out.resize(out.size() - 2);
    return out + u.suffix;
  }
  return "$0";
}

float plot_x(const PlotChart& chart, double services) {
  if (chart.max_services <= chart.min_services) return 0.5f;
  return static_cast<float>(std::log(std::max(services, chart.min_services) / chart.min_services) /
                            std::log(chart.max_services / chart.min_services));
}

namespace {

// The x axis of a chart of `levels` (fewest services first).
PlotChart chart_frame(const std::vector<economics::LevelResult>& levels) {
  PlotChart chart;
  chart.min_services = std::max<double>(1.0, static_cast<double>(levels.front().services));
  chart.max_services = std::max<double>(chart.min_services, static_cast<double>(levels.back().services));
  return chart;
}

float level_x(const PlotChart& chart, const economics::LevelResult& level) {
  return plot_x(chart, static_cast<double>(std::max<std::size_t>(1, level.services)));
}

}  // namespace

std::optional<LevelReadout> EconomicsModel::level_at(float x) const {
  const auto* r = shown_result();
  if (!r || r->sweep.levels.empty()) return std::nullopt;
  const auto& levels = r->sweep.levels;
  const PlotChart chart = chart_frame(levels);
  std::size_t best = 0;
  for (std::size_t i = 1; i < levels.size(); ++i)  // strictly nearer: ties keep the coarser
    if (std::fabs(level_x(chart, levels[i]) - x) < std::fabs(level_x(chart, levels[best]) - x)) best = i;
  const auto& l = levels[best];
  return LevelReadout{best,           l.services,       l.label,        level_x(chart, l),
                      l.network.p50,  l.operational.p50, l.development.p50, l.design.p50,
                      l.overhead.p50, l.utility.p50,    l.net.p50};
}

std::optional<PlotChart> EconomicsModel::overhead_chart(std::size_t current_services) const {
  const auto* r = shown_result();
  if (!r || r->sweep.levels.empty()) return std::nullopt;
  const auto& levels = r->sweep.levels;
  PlotChart chart = chart_frame(levels);
  struct Pick {
    const char* name;
    Colour colour;
    economics::Band economics::LevelResult::*band;
    bool with_band;
  };
  const Pick picks[] = {
      {"network", rgba(86, 156, 214), &economics::LevelResult::network, false},
      {"operational", rgba(120, 190, 110), &economics::LevelResult::operational, false},
      {"development", rgba(214, 200, 70), &economics::LevelResult::development, false},
      {"design", rgba(190, 120, 230), &economics::LevelResult::design, false},
      {"overhead (total)", rgba(235, 80, 70), &economics::LevelResult::overhead, true},
      {"utility", rgba(80, 220, 200), &economics::LevelResult::utility, true},
      {"net value", rgba(255, 170, 60), &economics::LevelResult::net, false},
  };
  chart.min_usd = 0.0;
  chart.max_usd = 0.0;
  for (const auto& l : levels)
    for (const auto& p : picks) {
      const auto& b = l.*(p.band);
      for (double v : {b.p10, b.p50, b.p90})
        if (std::isfinite(v)) {
          chart.min_usd = std::min(chart.min_usd, signed_log_usd(v));
          chart.max_usd = std::max(chart.max_usd, signed_log_usd(v));
        }
    }
  if (chart.max_usd <= chart.min_usd) chart.max_usd = chart.min_usd + 1.0;
  const double span = chart.max_usd - chart.min_usd;
  // min_usd / max_usd hold the range on the signed log scale.
  auto y = [&](double usd) {
    return static_cast<float>((std::clamp(signed_log_usd(usd), chart.min_usd, chart.max_usd) - chart.min_usd) / span);
  };
  for (const auto& p : picks) {
    PlotSeries s{p.name, p.colour, {}, {}, {}};
    for (const auto& l : levels) {
      const float x = level_x(chart, l);
      const auto& b = l.*(p.band);
      s.p50.push_back({x, y(b.p50)});
      if (p.with_band) {
        s.p10.push_back({x, y(b.p10)});
        s.p90.push_back({x, y(b.p90)});
      }
    }
    chart.series.push_back(std::move(s));
  }
  chart.zero_y = y(0.0);
  for (int e = 3; e <= 12; ++e)
    for (double sign : {1.0, -1.0}) {
      const double usd = sign * std::pow(10.0, e);
      const double s = signed_log_usd(usd);
      if (s >= chart.min_usd && s <= chart.max_usd) chart.y_ticks.push_back({y(usd), money_text(usd)});
    }
  chart.y_ticks.push_back({chart.zero_y, "$0"});
  for (double s = 1; s <= chart.max_services * 1.0001; s *= 10)
    if (s >= chart.min_services) chart.x_ticks.push_back({plot_x(chart, s), std::to_string(static_cast<long long>(s))});
  chart.observed_x = plot_x(chart, static_cast<double>(levels[r->sweep.observed_level].services));
  chart.best_x = plot_x(chart, static_cast<double>(levels[r->sweep.best_level].services));
  chart.current_x = current_services ? plot_x(chart, static_cast<double>(current_services)) : -1.0f;
  return chart;
}

std::optional<std::size_t> EconomicsModel::best_level() const {
  const auto* r = result();
  if (!r || r->sweep.best_level >= r->sweep.levels.size()) return std::nullopt;
  return r->sweep.best_level;
}

std::optional<std::size_t> EconomicsModel::nearest_level(std::size_t services) const {
  const auto* r = shown_result();
  if (!r || r->sweep.levels.empty() || !r->levels) return std::nullopt;
  return gui::nearest_level(*r->levels, services);  // sweep.levels[i] prices (*levels)[i]
}

std::vector<ServiceRatioRow> EconomicsModel::ratio_table(std::size_t level) const {
  const auto* r = shown_result();
  if (!r || level >= r->sweep.levels.size()) return {};
  return ratio_rows(r->sweep.levels[level]);
}

std::vector<ServiceRatioRow> ratio_rows(const economics::LevelResult& l) {
  std::vector<ServiceRatioRow> rows;
  for (std::size_t i = 0; i < l.measures.groups.size(); ++i) {
    ServiceRatioRow row;
    row.name = l.measures.groups[i].name;
    if (i < l.service_overhead.size()) row.overhead_usd = l.service_overhead[i].p50;
    if (i < l.service_utility.size()) row.utility_usd = l.service_utility[i].p50;
    if (i < l.service_ratio.size()) row.ratio = l.service_ratio[i].p50;
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.ratio > b.ratio; });
  return rows;
}

}  // namespace nanoscope::gui
