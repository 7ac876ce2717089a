// The HTML report's charts: a logarithmic axis keeps small terms readable beside a huge one,
// load curves are drawn per shown level with saturated points marked, and the sanity flags and
// the levels within noise reach the page.
#include <doctest/doctest.h>

#include <cstdlib>
#include <regex>
#include <sstream>

#include "economics/report_writers.hpp"
#include "economics/svg_chart.hpp"

using namespace nanoscope;

namespace {

// The y coordinates of the n-th polyline of an SVG.
std::vector<double> polyline_y(const std::string& svg, std::size_t n) {
  std::size_t pos = 0;
  for (std::size_t k = 0; k <= n; ++k) pos = svg.find("<polyline", pos + 1);
  const auto start = svg.find("points=\"", pos) + 8;
  const auto end = svg.find('"', start);
  std::vector<double> ys;
  std::istringstream points(svg.substr(start, end - start));
  for (std::string xy; points >> xy;) ys.push_back(std::atof(xy.substr(xy.find(',') + 1).c_str()));
  return ys;
}

economics::LoadPoint point(double rate, double p50, bool saturated) {
  economics::LoadPoint p;
  p.rate_per_s = rate;
  p.added_mean_ms = p.added_p50_ms = p50;
  p.added_p99_ms = 3 * p50;
  p.max_utilisation = saturated ? 1.2 : 0.5;
  p.saturated = saturated;
  return p;
}

}  // namespace

TEST_CASE("on a log axis a term 100,000 times smaller than another stays off the floor") {
  economics::detail::LineChart c;
  c.log_y = true;
  c.series.push_back({"huge", "#000", {1, 10, 100}, {1e8, 2e8, 4e8}, {}, {}, false, {}});
  c.series.push_back({"small", "#111", {1, 10, 100}, {1e3, 2e3, 4e3}, {}, {}, false, {}});
  const std::string svg = economics::detail::render_svg(c);
  const auto huge = polyline_y(svg, 0), small = polyline_y(svg, 1);
  REQUIRE(huge.size() == 3);
  REQUIRE(small.size() == 3);
  const double plot = c.height - 30.0 - 45.0;  // the renderer's top and bottom margins
  // The small series still rises visibly (a doubling is ~6% of the plot height) ...
  CHECK(small[0] - small[2] > 0.05 * plot);
  // ... while on a linear axis it would be flat on the floor.
  c.log_y = false;
  const auto flat = polyline_y(economics::detail::render_svg(c), 1);
  CHECK(flat[0] - flat[2] < 0.01 * plot);
  // Values at or below zero are left out of a log axis instead of dragging it to 1e-300.
  c.log_y = true;
  c.series[1].y = {0.0, -5.0, 4e3};
  CHECK(polyline_y(economics::detail::render_svg(c), 1).size() == 1);
}

TEST_CASE("the HTML report draws load curves per shown level and lists flags and the levels within noise") {
  economics::EconomicsReport r;
  economics::EraSweep e;
  e.era.name = "test-era";
  e.era.params[economics::Param::ProductionRatePerS] = {100.0, 400.0};
  for (const std::size_t services : {1, 4, 9}) {
    economics::LevelResult l;
    l.services = services;
    l.label = services == 1 ? "monolith" : services == 4 ? "observed" : "nanoservices";
    const double scale = static_cast<double>(services - 1);
    l.measures.load_curve = {point(10, 0.1 * scale, false), point(100, 0.2 * scale, false),
                             point(1000, 0.5 * scale, false), point(5000, 4.0 * scale, services == 9),
                             point(9000, 9.0 * scale, services > 1)};
    e.levels.push_back(l);
  }
  e.observed_level = 1;
  e.nanoservice_level = 2;
  e.best_level = 1;
  e.within_noise = {0, 1};
  e.levels[0].within_noise = e.levels[1].within_noise = true;
  e.flags.push_back({"saturated", 9, "nanoservices", "the busiest station runs at utilisation 1.2"});
  r.eras.push_back(e);
  std::ostringstream out;
  economics::write_html(out, r);
  const std::string html = out.str();
  CHECK(html.find("test-era: added p50 latency against load") != std::string::npos);
  CHECK(html.find(">4 observed (best)</text>") != std::string::npos);
  CHECK(html.find(">9 nanoservices</text>") != std::string::npos);
  CHECK(html.find(">1 monolith</text>") == std::string::npos);  // adds nothing to itself: not drawn
  // Saturated points are circled: one on the observed curve, two on the nanoservice curve.
  const auto load = html.substr(html.find("test-era: added p50 latency against load"));
  std::size_t circles = 0;
  for (std::size_t p = 0; (p = load.find("<circle", p)) < load.find("</svg>"); ++p) ++circles;
  CHECK(circles == 3);
  CHECK(html.find("the busiest station runs at utilisation 1.2") != std::string::npos);
  CHECK(html.find("Within noise of it") != std::string::npos);
  // Markdown says the same in words.
  std::ostringstream md;
  economics::write_markdown(md, r);
  CHECK(md.str().find("**saturated** at 9 (nanoservices)") != std::string::npos);
  CHECK(md.str().find("- 9 (nanoservices): 10/s 0.8 / 2.40;") != std::string::npos);
}
