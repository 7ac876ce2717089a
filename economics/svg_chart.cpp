// Inline SVG line charts: axes with "nice" ticks, bands as polygons, lines as polylines.
#include "economics/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace nanoscope::economics::detail {
namespace {

// Ticks of a logarithmic axis spanning [10^lo, 10^hi]: 1, 2, 5 per decade, only the decades when
// that makes more than ten ticks, and 1..9 per decade when the span holds fewer than two ticks
// (a curve between 230 and 720 ms would otherwise get no label at all).
std::vector<double> log_ticks(double lo, double hi) {
  const int first = static_cast<int>(std::floor(lo)), last = static_cast<int>(std::ceil(hi));
  auto collect = [&](std::initializer_list<double> steps) {
    std::vector<double> t;
    for (int e = first; e <= last; ++e)
      for (const double m : steps) {
        const double v = m * std::pow(10.0, e);
        if (std::log10(v) >= lo - 1e-9 && std::log10(v) <= hi + 1e-9) t.push_back(v);
      }
    return t;
  };
  if (3 * (last - first) > 10) return collect({1.0});
  auto t = collect({1.0, 2.0, 5.0});
  if (t.size() < 2) t = collect({1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0});
  return t;
}

std::string fixed1(double v) { return fmt::format("{:.1f}", v); }

std::string tick_text(double v) {
  const double a = std::fabs(v);
  if (a >= 1e6) return fmt::format("{:g}M", v / 1e6);
  if (a >= 1e3) return fmt::format("{:g}k", v / 1e3);
  return fmt::format("{:g}", v);
}

std::vector<double> nice_ticks(double lo, double hi, int count) {
  if (!(hi > lo)) return {lo};
  const double raw = (hi - lo) / count;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (const double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  std::vector<double> t;
  for (double v = std::ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) t.push_back(std::fabs(v) < 1e-12 ? 0.0 : v);
  return t;
}

}  // namespace

std::string html_escape(const std::string& s) {
  std::string o;
  for (const char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string render_svg(const LineChart& c) {
  const double left = 70, right = 150, top = 30, bottom = 45;
  const double pw = c.width - left - right, ph = c.height - top - bottom;
  double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
  auto fy = [&](double v) { return c.log_y ? std::log10(std::max(v, 1e-300)) : v; };
  auto fx = [&](double v) { return c.log_x ? std::log10(std::max(v, 1e-300)) : v; };
  // A value a logarithmic axis can show (finite, and positive on a log axis).
  auto shown_y = [&](double v) { return std::isfinite(v) && (!c.log_y || v > 0.0); };
  auto shown_x = [&](double v) { return std::isfinite(v) && (!c.log_x || v > 0.0); };
  for (const auto& s : c.series) {
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!shown_x(s.x[i])) continue;
      if (shown_y(s.y[i]) || (i < s.marked.size() && s.marked[i])) {
        xmin = std::min(xmin, fx(s.x[i]));
        xmax = std::max(xmax, fx(s.x[i]));
      }
      if (!shown_y(s.y[i])) continue;
      ymin = std::min(ymin, fy(s.y[i]));
      ymax = std::max(ymax, fy(s.y[i]));
      if (i < s.low.size() && shown_y(s.low[i])) ymin = std::min(ymin, fy(s.low[i]));
      if (i < s.high.size() && shown_y(s.high[i])) ymax = std::max(ymax, fy(s.high[i]));
    }
  }
  for (const auto& m : c.markers)
    if (shown_x(m.x)) {
      xmin = std::min(xmin, fx(m.x));
      xmax = std::max(xmax, fx(m.x));
    }
  if (c.reference_y) {
    ymin = std::min(ymin, fy(*c.reference_y));
    ymax = std::max(ymax, fy(*c.reference_y));
  }
  if (!std::isfinite(xmin)) xmin = 0, xmax = 1;
  if (!std::isfinite(ymin)) ymin = 0, ymax = 1;
  if (xmax <= xmin) xmax = xmin + 1;
  if (ymax <= ymin) ymax = ymin + 1;
  const double pad = (ymax - ymin) * 0.05;
  ymin -= pad;
  ymax += pad;
  auto X = [&](double v) { return left + (std::clamp(fx(v), xmin, xmax) - xmin) / (xmax - xmin) * pw; };
  auto Y = [&](double v) {
    const double cv = std::clamp(fy(v), ymin, ymax);
    return top + (1.0 - (cv - ymin) / (ymax - ymin)) * ph;
  };
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << c.width << "\" height=\"" << c.height
    << "\" viewBox=\"0 0 " << c.width << ' ' << c.height << "\" font-family=\"sans-serif\" font-size=\"11\">\n";
  o << "<text x=\"" << left << "\" y=\"18\" font-size=\"13\" font-weight=\"bold\">" << html_escape(c.title) << "</text>\n";
  o << "<rect x=\"" << left << "\" y=\"" << top << "\" width=\"" << fixed1(pw) << "\" height=\"" << fixed1(ph)
    << "\" fill=\"#fafafa\" stroke=\"#ccc\"/>\n";
  // y ticks
  std::vector<double> yt;
  if (c.log_y) {
    yt = log_ticks(ymin, ymax);
  } else {
    yt = nice_ticks(ymin, ymax, 5);
  }
  for (const double v : yt) {
    if (fy(v) < ymin || fy(v) > ymax) continue;
    o << "<line x1=\"" << left << "\" x2=\"" << fixed1(left + pw) << "\" y1=\"" << fixed1(Y(v)) << "\" y2=\"" << fixed1(Y(v))
      << "\" stroke=\"#e4e4e4\"/><text x=\"" << left - 4 << "\" y=\"" << fixed1(Y(v) + 4) << "\" text-anchor=\"end\">"
      << tick_text(v) << "</text>\n";
  }
  // x ticks
  std::vector<double> xt;
  if (c.log_x) {
    xt = log_ticks(xmin, xmax);
  } else {
    xt = nice_ticks(xmin, xmax, 6);
  }
  for (const double v : xt)
    o << "<text x=\"" << fixed1(X(v)) << "\" y=\"" << fixed1(top + ph + 14) << "\" text-anchor=\"middle\">" << tick_text(v)
      << "</text>\n";
  o << "<text x=\"" << fixed1(left + pw / 2) << "\" y=\"" << c.height - 8 << "\" text-anchor=\"middle\">"
    << html_escape(c.x_label) << "</text>\n";
  o << "<text transform=\"translate(14," << fixed1(top + ph / 2) << ") rotate(-90)\" text-anchor=\"middle\">"
    << html_escape(c.y_label) << "</text>\n";
  if (c.reference_y)
    o << "<line x1=\"" << left << "\" x2=\"" << fixed1(left + pw) << "\" y1=\"" << fixed1(Y(*c.reference_y)) << "\" y2=\""
      << fixed1(Y(*c.reference_y)) << "\" stroke=\"#000\" stroke-dasharray=\"4 3\"/>\n";
  for (const auto& m : c.markers) {
    o << "<line x1=\"" << fixed1(X(m.x)) << "\" x2=\"" << fixed1(X(m.x)) << "\" y1=\"" << top << "\" y2=\"" << fixed1(top + ph)
      << "\" stroke=\"" << m.color << "\" stroke-dasharray=\"2 2\"/><text x=\"" << fixed1(X(m.x) + 3) << "\" y=\""
      << top + 12 << "\" fill=\"" << m.color << "\">" << html_escape(m.label) << "</text>\n";
  }
  int legend = 0;
  for (const auto& s : c.series) {
    if (!s.low.empty()) {
      o << "<polygon fill=\"" << s.color << "\" fill-opacity=\"0.15\" stroke=\"none\" points=\"";
      for (std::size_t i = 0; i < s.x.size(); ++i) o << fixed1(X(s.x[i])) << ',' << fixed1(Y(s.high[i])) << ' ';
      for (std::size_t i = s.x.size(); i-- > 0;) o << fixed1(X(s.x[i])) << ',' << fixed1(Y(s.low[i])) << ' ';
      o << "\"/>\n";
    }
    o << "<polyline fill=\"none\" stroke=\"" << s.color << "\" stroke-width=\"2\""
      << (s.dashed ? " stroke-dasharray=\"6 3\"" : "") << " points=\"";
    for (std::size_t i = 0; i < s.x.size(); ++i)
      if (shown_x(s.x[i]) && shown_y(s.y[i])) o << fixed1(X(s.x[i])) << ',' << fixed1(Y(s.y[i])) << ' ';
    o << "\"/>\n";
    for (std::size_t i = 0; i < s.x.size() && i < s.marked.size(); ++i) {
      if (!s.marked[i] || !shown_x(s.x[i])) continue;
      const double y = shown_y(s.y[i]) ? Y(s.y[i]) : top;  // unbounded: at the top edge
      o << "<circle cx=\"" << fixed1(X(s.x[i])) << "\" cy=\"" << fixed1(y) << "\" r=\"4\" fill=\"none\" stroke=\""
        << s.color << "\" stroke-width=\"1.5\"/>\n";
    }
    const double ly = top + 10 + legend * 16;
    o << "<line x1=\"" << fixed1(left + pw + 10) << "\" x2=\"" << fixed1(left + pw + 30) << "\" y1=\"" << fixed1(ly) << "\" y2=\""
      << fixed1(ly) << "\" stroke=\"" << s.color << "\" stroke-width=\"2\"" << (s.dashed ? " stroke-dasharray=\"6 3\"" : "")
      << "/><text x=\"" << fixed1(left + pw + 34) << "\" y=\"" << fixed1(ly + 4) << "\">" << html_escape(s.name) << "</text>\n";
    ++legend;
  }
  o << "</svg>\n";
  return o.str();
}

}  // namespace nanoscope::economics::detail
