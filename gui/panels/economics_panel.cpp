// The economics view: era selector, the four overheads, the utility and the net value along
// the granularity sweep (P50 lines, P10..P90 bands) with today, the best and the current
// partition marked; hovering shows the level's figures, a click applies the level (one undo
// step, the slider moves to it); while another era is swept the previous chart stays, greyed,
// under the progress. "Apply best level", "apply nearest level", and the per-service
// overhead / utility ratio table of the current partition or the nearest level.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>

#include "gui/panels/panels.hpp"

namespace nanoscope::gui {
namespace {

// Today against the current partition, row by row, with the change coloured by its sign
// (a lower overhead or a higher utility or net value is good).
void draw_price_table(const std::vector<PriceRow>& rows) {
  if (!ImGui::BeginTable("price", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.6f);
  ImGui::TableSetupColumn("today", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("current", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("change", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableHeadersRow();
  for (const auto& r : rows) {
    const double change = r.current - r.today;
    const bool good = change == 0.0 || ((change > 0) == r.higher_is_better);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(r.name.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(money_text(r.today).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(money_text(r.current).c_str());
    ImGui::TableNextColumn();
    const std::string text = (change > 0 ? "+" : "") + money_text(change);
    ImGui::TextColored(change == 0.0 ? ImColor(170, 175, 185) : good ? ImColor(110, 200, 120) : ImColor(235, 80, 70), "%s",
                       text.c_str());
  }
  ImGui::EndTable();
}

// Per service: overhead, utility and their ratio (red above 1), worst first.
void draw_ratio_table(const std::vector<ServiceRatioRow>& rows) {
  if (!ImGui::BeginTable("ratios", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp))
    return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("service", ImGuiTableColumnFlags_WidthStretch, 3.0f);
  ImGui::TableSetupColumn("overhead/yr", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("utility/yr", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("ratio", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()));
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const auto& r = rows[static_cast<std::size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.name.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(money_text(r.overhead_usd).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(money_text(r.utility_usd).c_str());
      ImGui::TableNextColumn();
      if (std::isfinite(r.ratio))
        ImGui::TextColored(r.ratio > 1.0 ? ImColor(235, 80, 70) : ImColor(110, 200, 120), "%.2f", r.ratio);
      else
        ImGui::TextColored(ImColor(235, 80, 70), "inf");
    }
  ImGui::EndTable();
}

// The hovered level: a line at its x and its figures in a tooltip.
void draw_readout(const LevelReadout& r, ImDrawList* dl, float px, float top, float bottom, bool clickable) {
  dl->AddLine({px, top}, {px, bottom}, IM_COL32(255, 255, 255, 140), 1.0f);
  ImGui::BeginTooltip();
  ImGui::Text("%s%s", business_services_text(r.services).c_str(), r.label.empty() ? "" : (" (" + r.label + ")").c_str());
  const std::pair<const char*, double> rows[] = {{"network", r.network},   {"operational", r.operational},
                                                 {"development", r.development}, {"design", r.design},
                                                 {"overhead (total)", r.overhead}, {"utility", r.utility},
                                                 {"net value", r.net}};
  for (const auto& [name, usd] : rows) ImGui::Text("%-17s %s/yr", name, money_text(usd).c_str());
  ImGui::TextDisabled("P50 per year; %s", clickable ? "click to apply this level" : "greyed: another era is being swept");
  ImGui::EndTooltip();
}

// Draws the chart; returns the level clicked, if any. `stale`: the previous era's chart, greyed.
std::optional<std::size_t> draw_chart(const PlotChart& chart, ImVec2 size, const EconomicsModel& eco, bool stale) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float left = 64, bottom = 26, top = 8, right = 12;
  const ImVec2 a(origin.x + left, origin.y + top), b(origin.x + size.x - right, origin.y + size.y - bottom);
  auto at = [&](PlotPoint p) { return ImVec2(a.x + p.x * (b.x - a.x), b.y - p.y * (b.y - a.y)); };
  dl->AddRectFilled(a, b, kCanvasBackground);
  // Axes: x ticks at powers of ten of services, y at the range ends and zero.
  for (const auto& [x, label] : chart.x_ticks) {
    const float px = at({x, 0}).x;
    dl->AddLine({px, a.y}, {px, b.y}, IM_COL32(255, 255, 255, 25));
    dl->AddText({px - 6, b.y + 4}, kLabelColour, label.c_str());
  }
  for (const auto& [y, label] : chart.y_ticks) {
    const float py = at({0, y}).y;
    dl->AddLine({a.x, py}, {b.x, py}, IM_COL32(255, 255, 255, y == chart.zero_y ? 80 : 25));
    dl->AddText({origin.x + 2, py - 8}, kLabelColour, label.c_str());
  }
  // The axis title right-aligned, moved left of any tick label it would cover.
  const char* x_title = "services (log scale)";
  float title_x = b.x - ImGui::CalcTextSize(x_title).x;
  for (auto it = chart.x_ticks.rbegin(); it != chart.x_ticks.rend(); ++it) {
    const float tick_x0 = at({it->first, 0}).x - 6, tick_x1 = tick_x0 + ImGui::CalcTextSize(it->second.c_str()).x;
    if (tick_x1 + 8 > title_x && tick_x0 < b.x) title_x = std::min(title_x, tick_x0 - 8 - ImGui::CalcTextSize(x_title).x);
  }
  dl->AddText({title_x, b.y + 4}, IM_COL32(170, 175, 185, 255), x_title);
  auto mark = [&](float x, Colour c, const char* text, int row) {
    if (x < 0) return;
    const float px = at({x, 0}).x;
    dl->AddLine({px, a.y}, {px, b.y}, c, 2.0f);
    const float w = ImGui::CalcTextSize(text).x;
    dl->AddText({x > 0.85f ? px - w - 4 : px + 4, a.y + 2 + 16.0f * static_cast<float>(row)}, c, text);
  };
  mark(chart.observed_x, IM_COL32(170, 175, 185, 255), "today", 0);
  mark(chart.best_x, IM_COL32(110, 200, 120, 255), "best", 1);
  const auto flags = dl->Flags;
  dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;  // no seams between the band's quads
  for (const auto& s : chart.series) {
    if (!s.p10.empty())
      for (std::size_t i = 0; i + 1 < s.p10.size(); ++i)
        dl->AddQuadFilled(at(s.p10[i]), at(s.p10[i + 1]), at(s.p90[i + 1]), at(s.p90[i]), with_alpha(s.colour, 40));
    dl->Flags = flags;
    std::vector<ImVec2> line;
    for (const auto& p : s.p50) line.push_back(at(p));
    dl->AddPolyline(line.data(), static_cast<int>(line.size()), s.colour, 0, s.p10.empty() ? 2.0f : 3.0f);
    for (const auto& p : line) dl->AddCircleFilled(p, 2.5f, s.colour);
    dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
  }
  dl->Flags = flags;
  mark(chart.current_x, kSelectionOutline, "current", 2);
  std::optional<std::size_t> clicked;
  if (stale) dl->AddRectFilled(a, b, IM_COL32(20, 22, 27, 150));  // greyed until the chosen era is ready
  // Hover and click: the level nearest the mouse on the x axis.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (ImGui::IsItemHovered() && mouse.x >= a.x && mouse.x <= b.x && b.x > a.x) {
    if (const auto r = eco.level_at((mouse.x - a.x) / (b.x - a.x))) {
      draw_readout(*r, dl, at({r->x, 0}).x, a.y, b.y, !stale);
      if (!stale && ImGui::IsItemClicked(ImGuiMouseButton_Left)) clicked = r->level;
    }
  }
  // Legend and caption on dark backdrops, below the three rows of marker labels.
  const char* caption = "USD per year, signed log scale; P50 lines, P10-P90 bands";
  const ImVec2 caption_size = ImGui::CalcTextSize(caption);
  dl->AddRectFilled({a.x + 2, b.y - 20}, {a.x + 8 + caption_size.x, b.y - 2}, IM_COL32(20, 22, 27, 210));
  dl->AddText({a.x + 4, b.y - 18}, IM_COL32(170, 175, 185, 255), caption);
  float lx = a.x + 8, ly = a.y + 56, widest = 0;
  for (const auto& s : chart.series) widest = std::max(widest, ImGui::CalcTextSize(s.name.c_str()).x);
  dl->AddRectFilled({lx - 4, ly - 4}, {lx + 24 + widest, ly + 16.0f * static_cast<float>(chart.series.size()) + 2},
                    IM_COL32(20, 22, 27, 210));
  for (const auto& s : chart.series) {
    dl->AddRectFilled({lx, ly + 4}, {lx + 14, ly + 8}, s.colour);
    dl->AddText({lx + 18, ly - 2}, kLabelColour, s.name.c_str());
    ly += 16;
  }
  return clicked;
}

}  // namespace

void draw_economics_panel(AppModel& app) {
  auto& eco = app.economics;
  const auto& doc = app.document();
  if (doc.empty()) {
    ImGui::TextDisabled("No graph open.");
    return;
  }
  if (eco.eras().empty()) {
    ImGui::TextColored(ImColor(235, 80, 70), "no eras: %s", eco.error().c_str());
    return;
  }
  ImGui::SetNextItemWidth(220);
  if (ImGui::BeginCombo("era", eco.eras()[eco.era()].name.c_str())) {
    for (std::size_t i = 0; i < eco.eras().size(); ++i)
      if (ImGui::Selectable(eco.eras()[i].name.c_str(), i == eco.era())) eco.set_era(i);
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::TextDisabled("%s", eco.eras()[eco.era()].description.c_str());
  // The sweep starts by itself when the view is shown (it runs in the background); results
  // stay per era, so switching back to an era swept before is instant.
  if (!eco.result() && !eco.running() && eco.error().empty()) eco.start();
  if (eco.running()) {
    ImGui::ProgressBar(static_cast<float>(eco.progress().fraction()), {-120, 0}, eco.progress().stage().c_str());
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) eco.cancel();
  }
  if (!eco.error().empty()) {
    ImGui::TextColored(ImColor(235, 80, 70), "sweep failed: %s", eco.error().c_str());
    if (ImGui::Button("Retry")) {
      eco.reset(doc.graph_ptr(), app.slider().levels());
      eco.start();
    }
    return;
  }
  const auto* result = eco.shown_result();
  if (!result) return;
  const bool stale = eco.showing_previous_era();
  const auto& sweep = result->sweep;
  const auto current = business_services(doc.graph(), doc.partition());
  const auto& best = sweep.levels[sweep.best_level];
  if (stale) ImGui::TextDisabled("showing %s (greyed) until %s is swept", sweep.era.name.c_str(), eco.eras()[eco.era()].name.c_str());
  ImGui::Text("best: %s (net %s/yr P50)   today: %s   current: %s", business_services_text(best.services).c_str(),
              money_text(best.net.p50).c_str(), business_services_text(sweep.levels[sweep.observed_level].services).c_str(),
              business_services_text(current).c_str());
  // Every level priced here is a slider position: applying one moves the slider to it.
  const auto best_position = app.best_level();
  const bool at_best = best_position && app.at_level() && app.level() == *best_position;
  ImGui::SameLine();
  ImGui::BeginDisabled(!best_position || at_best);
  if (ImGui::Button(at_best ? "best level applied" : "Apply best level")) app.apply_best_level();
  ImGui::EndDisabled();
  const auto counts = service_counts(doc);
  if (counts.services > current) {
    ImGui::SameLine();
    ImGui::TextDisabled("  (%s of the graph's %s not priced: databases, infrastructure or no traffic)",
                        std::to_string(counts.services - current).c_str(), counted(counts.services, "service is", "services are").c_str());
  }
  ImGui::TextColored(sweep.nanoservice_antipattern ? ImColor(235, 80, 70) : ImColor(110, 200, 120),
                     "one operation per service: %s (%.0f%% of samples have median overhead/utility > 1)",
                     sweep.nanoservice_antipattern ? "nanoservice anti-pattern" : "viable",
                     sweep.nanoservice_antipattern_probability * 100.0);
  const auto chart = eco.overhead_chart(current);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (chart) {
    // A click applies the level under the mouse: the document regroups to it (one undo step).
    const auto clicked = draw_chart(*chart, {avail.x, std::max(200.0f, avail.y * 0.58f)}, eco, stale);
    if (const auto position = clicked ? app.slider().position_of(result->levels, *clicked) : std::nullopt)
      app.set_level(*position);
  }
  // Below the chart: the current partition against today's (left), per service (right).
  auto& pricing = app.pricing;
  const auto& era = eco.eras()[eco.era()];
  pricing.request(era, doc.partition());
  const bool priced = pricing.matches(era.name, doc.partition());
  const float half = ImGui::GetContentRegionAvail().x * 0.42f;
  ImGui::BeginChild("current-vs-today", {half, 0}, false);
  if (priced) {
    ImGui::Text("current partition vs today, %s (P50 per year)", era.name.c_str());
    draw_price_table(price_rows(*pricing.result()));
  } else if (pricing.running()) {
    ImGui::TextDisabled("pricing the current partition...");
    ImGui::ProgressBar(static_cast<float>(pricing.progress().fraction()), {-1, 0}, pricing.progress().stage().c_str());
  } else if (!pricing.error().empty()) {
    ImGui::TextColored(ImColor(235, 80, 70), "pricing failed: %s", pricing.error().c_str());
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("per-service", {0, 0}, false);
  const auto level = eco.nearest_level(current);
  std::vector<ServiceRatioRow> rows;
  if (priced) {
    rows = ratio_rows(pricing.result()->after);
    ImGui::Text("per service in the current partition (%s)", business_services_text(rows.size()).c_str());
  } else if (level) {
    rows = eco.ratio_table(*level);
    ImGui::Text("per service at %s (nearest level)", business_services_text(sweep.levels[*level].services).c_str());
  }
  // Never hidden: disabled (and saying so) when the nearest level is the current partition.
  const auto position = level ? app.slider().position_of(result->levels, *level) : std::optional<std::size_t>{};
  const std::size_t target = position.value_or(0);
  const bool applied = position && app.at_level() && app.level() == target;
  ImGui::SameLine();
  ImGui::BeginDisabled(!position || applied);
  if (ImGui::SmallButton(applied ? "nearest level applied" : "apply nearest level") && position) app.set_level(target);
  ImGui::EndDisabled();
  draw_ratio_table(rows);
  ImGui::EndChild();
}

}  // namespace nanoscope::gui
