// AppModel: selection, partition edits with undo/redo, the granularity slider, findings
// focus, and keeping the background layout in step with the document.
#include "gui/viewmodel/app_model.hpp"

#include "gui/viewmodel/data_tables.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cmath>
#include <map>
#include <thread>

#include "session/partition_edits.hpp"

namespace nanoscope::gui {

std::optional<ViewKind> parse_view(const std::string& text) {
  if (text == "graph") return ViewKind::Graph;
  if (text == "matrix") return ViewKind::Matrix;
  if (text == "findings") return ViewKind::Findings;
  if (text == "economics") return ViewKind::Economics;
  return std::nullopt;
}

AppModel::AppModel() {
  economics.load_eras();
}

void AppModel::load_graph(std::shared_ptr<const model::CallGraph> graph, const std::string& label) {
  slider_ = GranularitySlider::build(*graph);
  inputs_.clear();
  selection_ = {};
  session_path_.clear();
  const auto observed = model::Partition::observed(*graph);
  install(Document::build(std::move(graph), observed), label);
}

void AppModel::install(Document doc, const std::string& label) {
  const Document previous = std::move(doc_);
  const auto previous_positions = positions_;
  const bool new_graph = previous.empty() || previous.graph_ptr() != doc.graph_ptr();
  doc_ = std::move(doc);
  ++revision_;
  focus_edges_.clear();  // edge indices of the previous analysis
  if (new_graph) {
    history_.clear();
    selected_.clear();
    primary_.clear();
    level_ = slider_.observed_position();
    at_level_ = slider_.positions() && slider_.matches(level_, doc_.partition());
    sources_ = {label};
    focused_finding_ = -1;
    split_.cancel();
    simulation_.discard();  // it simulates the old graph: never show its entries in this one's panel
    // Another graph: a diff shown or still computing is over (install_diff shows its own after this).
    diff_.discard();
    if (diff_.open()) {
      (void)diff_.close();
      diff_rows_.clear();
      filters.colour = colour_before_diff_;
    }
    simulation_result_.reset();
    clean_partition_ = doc_.partition();  // a new graph starts without unsaved edits
    simulation_controls.reset(doc_.graph_ptr());
    economics.reset(doc_.graph_ptr(), slider_.levels());
    pricing.reset(doc_.graph_ptr());
    auto_fit_ = true;
    pins_.clear();
    submit_layout(nullptr, {});
  } else {
    submit_layout(&previous, previous_positions);
  }
  refresh_mask();
}

void AppModel::submit_layout(const Document* previous, const std::vector<Vec2>& previous_positions) {
  const auto& nodes = doc_.report().services.nodes;
  const auto& edges = doc_.report().services.edges;
  LayoutInput input;
  input.nodes = static_cast<std::uint32_t>(nodes.size());
  input.kind = layout_kind_;
  for (const auto& n : nodes) input.node_seeds.push_back(name_seed(n.name));
  const double log_max = std::log1p(static_cast<double>(doc_.max_edge_calls()));
  for (const auto& e : edges)
    input.links.push_back({e.from, e.to, static_cast<float>(0.4 + 0.6 * std::log1p(static_cast<double>(e.calls)) / log_max)});
  groups_ = doc_.empty() ? NodeGroups{} : group_nodes(doc_.graph(), doc_.report().services, group_mode_);
  if (layout_kind_ == LayoutKind::Layered) {
    for (const auto& n : nodes) input.entries.push_back(n.entry_count > 0);
    if (group_mode_ != GroupMode::None) input.groups = groups_.group_of;
  } else if (group_mode_ != GroupMode::None) {
    for (const auto& link : group_links(groups_)) input.links.push_back(link);
  }
  input.pinned = pins_.mask(doc_);
  if (previous && previous_positions.size() == previous->report().services.nodes.size()) {
    // Warm start: a node that kept its name stays put; a new one (merge or split) starts at
    // the centre of where its operations were, nudged by a seeded offset.
    std::map<model::GroupId, std::uint32_t> old_node_of_group;
    const auto& old_nodes = previous->report().services.nodes;
    for (std::uint32_t i = 0; i < old_nodes.size(); ++i) old_node_of_group[old_nodes[i].group] = i;
    input.start.resize(nodes.size());
    for (std::uint32_t i = 0; i < nodes.size(); ++i) {
      const int same = previous->find_node(nodes[i].name);
      if (same >= 0) {
        input.start[i] = previous_positions[same];
        continue;
      }
      double x = 0, y = 0, count = 0;
      for (auto op : nodes[i].operations) {
        const auto it = old_node_of_group.find(previous->partition().group_of(op));
        if (it == old_node_of_group.end()) continue;
        x += previous_positions[it->second].x;
        y += previous_positions[it->second].y;
        ++count;
      }
      const float angle = static_cast<float>(input.node_seeds[i] % 6283u) * 0.001f;
      const float nudge = kLayoutSpacing * 0.5f;
      input.start[i] = {static_cast<float>(count ? x / count : 0.0) + nudge * std::cos(angle),
                        static_cast<float>(count ? y / count : 0.0) + nudge * std::sin(angle)};
    }
    positions_ = input.start;
  } else {
    positions_ = initial_positions(input);
    if (auto_fit_) fit_camera();
  }
  layout_job_ = layout_engine_->submit(std::move(input));
}

void AppModel::set_layout_kind(LayoutKind kind) {
  if (kind == layout_kind_) return;
  layout_kind_ = kind;
  auto_fit_ = true;
  if (!doc_.empty()) submit_layout(nullptr, {});
  ++revision_;
}

void AppModel::set_group_mode(GroupMode mode) {
  if (mode == group_mode_) return;
  group_mode_ = mode;
  if (!doc_.empty()) submit_layout(&doc_, positions_);  // the same names: a warm start
  ++revision_;
}

void AppModel::tick() {
  if (auto loaded = import_.take_result()) install_import(std::move(*loaded));
  if (auto error = import_.take_error(); !error.empty()) add_message(true, "import failed: " + error);
  if (import_.take_cancelled()) add_message(false, "import cancelled");
  economics.tick();
  pricing.tick();
  if (auto result = simulation_.take_result()) simulation_result_ = std::move(*result);
  if (auto error = simulation_.take_error(); !error.empty()) add_message(true, "simulation failed: " + error);
  if (auto loaded = diff_.take_result()) install_diff(std::move(*loaded));
  if (auto error = diff_.take_error(); !error.empty()) add_message(true, "diff failed: " + error);
  if (diff_.take_cancelled()) add_message(false, "diff cancelled");
  if (layout_engine_->poll(layout_) && layout_.job == layout_job_ && layout_.positions.size() == positions_.size()) {
    positions_ = layout_.positions;
    pins_.apply(doc_, positions_);
    ++revision_;
    if (auto_fit_) fit_camera();
    if (!pending_focus_.empty()) {
      fit_camera(pending_focus_);
      if (layout_settled()) pending_focus_.clear();
    }
  }
}

bool AppModel::wait_idle(int timeout_ms, bool layout) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (import_.running() || diff_.running()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  tick();
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  const bool settled = doc_.empty() || !layout || layout_engine_->wait_settled(layout_job_, static_cast<int>(std::max<long>(0, left.count())));
  tick();
  return settled;
}

void AppModel::refresh_mask() {
  ++revision_;
  const auto& nodes = doc_.report().services.nodes;
  mask_.assign(nodes.size(), 0);
  std::set<std::string> kept;
  for (std::size_t i = 0; i < nodes.size(); ++i)
    if (selected_.count(nodes[i].name)) {
      mask_[i] = 1;
      kept.insert(nodes[i].name);
    }
  selected_ = std::move(kept);
  if (!selected_.count(primary_)) primary_ = selected_.empty() ? std::string() : *selected_.begin();
}

void AppModel::select(std::uint32_t node, bool additive) {
  const auto& nodes = doc_.report().services.nodes;
  if (node >= nodes.size()) return;
  const auto& name = nodes[node].name;
  if (!additive) selected_.clear();
  if (additive && selected_.count(name)) {
    selected_.erase(name);
  } else {
    selected_.insert(name);
    primary_ = name;
  }
  focused_finding_ = -1;
  focus_edges_.clear();
  refresh_mask();
}

void AppModel::select_names(const std::vector<std::string>& names) {
  selected_ = std::set<std::string>(names.begin(), names.end());
  primary_ = names.empty() ? std::string() : names.front();
  refresh_mask();
}

void AppModel::clear_selection() {
  selected_.clear();
  primary_.clear();
  focused_finding_ = -1;
  focus_edges_.clear();
  refresh_mask();
}

std::vector<std::uint32_t> AppModel::selected_nodes() const {
  std::vector<std::uint32_t> out;
  for (std::uint32_t i = 0; i < mask_.size(); ++i)
    if (mask_[i]) out.push_back(i);
  return out;
}

int AppModel::primary() const { return primary_.empty() ? -1 : doc_.find_node(primary_); }

bool AppModel::merge_selected() {
  const auto nodes = selected_nodes();
  if (nodes.size() < 2 || doc_.empty()) return false;
  const auto& services = doc_.report().services.nodes;
  // Keep the busiest service's group (and name first); ties: the order of the node list.
  auto sorted = nodes;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](auto a, auto b) { return doc_.facts()[a].traffic > doc_.facts()[b].traffic; });
  std::vector<model::GroupId> groups;
  for (const auto n : sorted) groups.push_back(services[n].group);
  auto p = doc_.partition();
  const std::string name = p.name(session::merge_groups(p, doc_.graph(), groups));
  history_.push({"merge " + std::to_string(sorted.size()) + " services", doc_.partition(), p, ""});
  install(Document::build(doc_.graph_ptr(), std::move(p)), "");
  sync_level();
  select_names({name});
  return true;
}

bool AppModel::begin_split() {
  const int node = primary();
  return node >= 0 && split_.begin(doc_, static_cast<std::uint32_t>(node));
}

bool AppModel::apply_split() {
  std::optional<SplitResult> result;
  try {
    result = split_.apply(doc_);
  } catch (const std::exception& e) {  // a setting the partition refuses: say so, change nothing
    add_message(true, std::string("split: ") + e.what());
    return false;
  }
  if (!result) return false;
  history_.push({"split " + split_.service(), doc_.partition(), result->partition, ""});
  split_.cancel();
  install(Document::build(doc_.graph_ptr(), std::move(result->partition)), "");
  sync_level();
  select_names(result->groups);
  return true;
}

bool AppModel::undo() {
  auto p = history_.undo();
  if (!p) return false;
  install(Document::build(doc_.graph_ptr(), std::move(*p)), "");
  sync_level();
  return true;
}

bool AppModel::redo() {
  auto p = history_.redo();
  if (!p) return false;
  install(Document::build(doc_.graph_ptr(), std::move(*p)), "");
  sync_level();
  return true;
}

void AppModel::set_level(std::size_t level, bool dragging) {
  if (doc_.empty() || !slider_.positions()) return;
  level = std::min(level, slider_.positions() - 1);
  regroup(level, "regroup to " + slider_.text(level), dragging);
}

void AppModel::regroup(std::size_t level, const std::string& label, bool dragging) {
  const auto& p = slider_.level(level).partition;
  level_ = level;
  at_level_ = true;
  if (slider_.matches(level, doc_.partition())) return;  // already grouped so
  history_.push({label, doc_.partition(), p, dragging ? "granularity" : ""});
  if (!dragging) history_.seal();
  install(Document::build(doc_.graph_ptr(), p), "");
}

std::optional<std::size_t> AppModel::best_level() const {
  const auto best = economics.best_level();
  const auto* result = economics.result();
  if (!best || !result || !slider_.positions()) return std::nullopt;
  if (result->levels == slider_.levels()) return best;  // the sweep priced the slider's own levels
  return slider_.exact_position(result->sweep.levels[*best].services);
}

bool AppModel::apply_best_level() {
  const auto best = best_level();
  if (doc_.empty() || !best) return false;
  regroup(*best, "best level in " + economics.eras()[economics.era()].name + ": " + slider_.text(*best), false);
  return true;
}

void AppModel::sync_level() {
  if (doc_.empty() || !slider_.positions()) return;
  level_ = slider_.nearest_position(business_services(doc_.graph(), doc_.partition()));
  at_level_ = slider_.matches(level_, doc_.partition());
}

void AppModel::focus_finding(std::size_t index) {
  const auto& findings = doc_.report().findings;
  if (index >= findings.size()) return;
  select_names(findings[index].services);
  focused_finding_ = static_cast<int>(index);
  focus_edges_ = finding_focus(doc_, index).edges;
  auto_fit_ = false;
  pending_focus_ = selected_nodes();
  fit_camera(pending_focus_);
  view = ViewKind::Graph;
}

void AppModel::drag_node(std::uint32_t node, Vec2 at) {
  if (node >= positions_.size() || node >= doc_.report().services.nodes.size()) return;
  pins_.pin(doc_.report().services.nodes[node].name, at);
  positions_[node] = at;
  auto_fit_ = false;
  ++revision_;
}

void AppModel::end_node_drag() {
  if (!doc_.empty()) submit_layout(&doc_, positions_);
}

bool AppModel::unpin_node(std::uint32_t node) {
  if (node >= doc_.report().services.nodes.size() || !pins_.unpin(doc_.report().services.nodes[node].name)) return false;
  submit_layout(&doc_, positions_);
  return true;
}

bool AppModel::node_pinned(std::uint32_t node) const {
  return node < doc_.report().services.nodes.size() && pins_.pinned(doc_.report().services.nodes[node].name);
}

const GraphScene& AppModel::graph_scene() {
  return scene_cache_.get({revision_, camera, filters, hovered, limits}, doc_, positions_, mask_, focus_edges_,
                          diff_.open() ? &diff_.paint() : nullptr);
}

const MatrixScene& AppModel::matrix_scene(std::uint32_t max_bins) {
  return matrix_cache_.get(revision_, max_bins, doc_, mask_);
}

void AppModel::set_canvas(Vec2 origin, Vec2 size) {
  camera.origin = origin;
  const bool resized = camera.size.x != size.x || camera.size.y != size.y;
  camera.size = size;
  if (resized && auto_fit_) fit_camera();
}

void AppModel::fit_camera(const std::vector<std::uint32_t>& nodes) {
  std::vector<Vec2> points;
  if (nodes.empty()) {
    points = positions_;
  } else {
    for (auto n : nodes)
      if (n < positions_.size()) points.push_back(positions_[n]);
  }
  if (points.empty()) return;
  camera.fit(points, nodes.empty() ? 40.0f : 160.0f);
  if (!nodes.empty()) camera.zoom = std::min(camera.zoom, 2.0f);
}

}  // namespace nanoscope::gui
