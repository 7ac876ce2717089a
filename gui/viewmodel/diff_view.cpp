// The diff view-model: the union graph of two sides, the job that imports and diffs them, and
// the per-node and per-edge diff colours the canvas paints.
#include "gui/viewmodel/diff_view.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>

#include "importers/import_set.hpp"
#include "model/partition.hpp"

namespace nanoscope::gui {
namespace {

using NamePair = std::pair<std::string, std::string>;

NamePair service_pair(const model::CallGraph& g, const model::Edge& e) {
  return {g.service(g.operation(e.from).service).name, g.service(g.operation(e.to).service).name};
}

/// The service called `name` in `out`, added with `from`'s kind when missing.
model::ServiceId ensure_service(model::CallGraph& out, const model::Service& from) {
  if (auto id = out.find_service(from.name)) return *id;
  const auto id = out.add_service(from.name, from.kind);
  auto& s = out.service(id);
  s.observed = from.observed;
  s.declared = from.declared;
  s.deployment = from.deployment;
  return id;
}

/// The operation `op` of `before` in `out` (its service and itself added, with before's
/// figures, when missing).
model::OperationId ensure_operation(model::CallGraph& out, const model::CallGraph& before, model::OperationId op) {
  const auto& o = before.operation(op);
  const auto service = ensure_service(out, before.service(o.service));
  if (auto id = out.find_operation(service, o.name)) return *id;
  const auto id = out.add_operation(service, o.name);
  auto& copy = out.operation(id);
  copy.invocations = o.invocations;
  copy.entry_count = o.entry_count;
  copy.errors = o.errors;
  copy.duration = o.duration;
  copy.self_time = o.self_time;
  return id;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

/// One side's graph: the one given, or its inputs imported (between `from` and `to` of the
/// job's progress).
std::shared_ptr<const model::CallGraph> side_graph(const DiffSideSource& side, const std::string& which,
                                                   JobProgress& progress, double from, double to,
                                                   std::vector<std::string>& warnings) {
  if (side.graph) return side.graph;
  if (side.paths.empty()) throw std::runtime_error(which + ": no inputs");
  progress.set_stage("importing " + which);
  importers::ImportOptions options;
  options.cancel = progress.cancel_token();
  options.progress = [&progress, from, to](std::uint64_t done, std::uint64_t total) {
    if (total) progress.set(from + (to - from) * static_cast<double>(done) / static_cast<double>(total));
  };
  auto result = importers::import_inputs(side.paths, options);
  for (const auto& d : result.diagnostics.sorted())
    warnings.push_back(which + ": " + d.file + ": " + d.code + ": " + d.message +
                       (d.count > 1 ? " (" + std::to_string(d.count) + " times)" : ""));
  if (result.graph.service_count() == 0) throw std::runtime_error(which + ": no service in " + joined(side.paths));
  return std::make_shared<const model::CallGraph>(std::move(result.graph));
}

/// 0..1: how strongly a changed edge is drawn (a flagged change is at least 0.4).
double strength(const session::EdgeChange& change) {
  const double m = change.magnitude();
  return std::clamp(std::isfinite(m) ? m / 2.0 : 1.0, 0.4, 1.0);
}

}  // namespace

model::CallGraph union_graph(const model::CallGraph& before, const model::CallGraph& after) {
  model::CallGraph out = after;
  std::set<NamePair> after_pairs;
  for (const auto& e : after.edges()) after_pairs.insert(service_pair(after, e));
  for (const auto& s : before.services()) ensure_service(out, s);
  for (model::OperationId op = 0; op < before.operation_count(); ++op) ensure_operation(out, before, op);
  // A service edge only `before` has comes over whole (every operation edge of the pair).
  for (const auto& e : before.edges()) {
    if (after_pairs.count(service_pair(before, e))) continue;
    const auto from = ensure_operation(out, before, e.from), to = ensure_operation(out, before, e.to);
    const auto id = out.add_edge(from, to, e.kind);
    auto& copy = out.edge(id);
    copy = e;
    copy.from = from;
    copy.to = to;
    copy.inputs.clear();
  }
  return out;
}

bool edge_grew(const session::EdgeChange& change) {
  if (change.rate_significant) return change.rate_ratio > 1.0;
  if (change.error_significant) return change.after.error_rate > change.before.error_rate;
  for (const auto& p : change.latency)
    if (p.significant) return p.after_us > p.before_us;
  return change.rate_ratio > 1.0;
}

DiffPaint diff_paint(const Document& doc, const session::DiffResult& diff) {
  DiffPaint paint;
  if (doc.empty()) return paint;
  const auto& nodes = doc.report().services.nodes;
  const auto& edges = doc.report().services.edges;
  paint.node_fill.assign(nodes.size(), kDiffUnchanged);
  paint.node_ring.assign(nodes.size(), 0);
  paint.edge_colour.assign(edges.size(), with_alpha(kDiffUnchanged, 110));
  paint.edge_width.assign(edges.size(), 1.0f);
  auto mark_node = [&](const std::string& name, Colour colour) {
    if (const int i = doc.find_node(name); i >= 0) paint.node_fill[static_cast<std::size_t>(i)] = colour;
  };
  for (const auto& s : diff.services_added) mark_node(s, kDiffAdded);
  for (const auto& s : diff.services_removed) mark_node(s, kDiffRemoved);
  for (const auto* knot : diff.knots_formed())
    for (const auto& s : knot->finding.services)
      if (const int i = doc.find_node(s); i >= 0) paint.node_ring[static_cast<std::size_t>(i)] = 1;

  // Each side's edges by service names; the document may hold one edge per interaction kind.
  std::map<NamePair, std::pair<Colour, float>> by_pair;
  for (const auto& e : diff.edges_added) by_pair[{e.from, e.to}] = {with_alpha(kDiffAdded, 235), 2.5f};
  for (const auto& e : diff.edges_removed) by_pair[{e.from, e.to}] = {with_alpha(kDiffRemoved, 235), 2.5f};
  for (const auto& e : diff.edges_common) {
    if (!e.changed()) continue;
    const double t = strength(e);
    const Colour colour = blend(kDiffUnchanged, edge_grew(e) ? kDiffGrew : kDiffShrank, 0.4 + 0.6 * t);
    by_pair[{e.from, e.to}] = {with_alpha(colour, 235), static_cast<float>(1.5 + 3.5 * t)};
  }
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const auto it = by_pair.find({nodes[edges[i].from].name, nodes[edges[i].to].name});
    if (it == by_pair.end()) continue;
    paint.edge_colour[i] = it->second.first;
    paint.edge_width[i] = it->second.second;
  }
  return paint;
}

LoadedDiff load_diff(const DiffSideSource& before, const DiffSideSource& after, JobProgress& progress) {
  LoadedDiff loaded;
  loaded.before = side_graph(before, "before", progress, 0.0, 0.35, loaded.warnings);
  loaded.after = side_graph(after, "after", progress, 0.35, 0.7, loaded.warnings);
  progress.cancel_token().check();
  progress.set_stage("comparing");
  progress.set(0.7);
  session::DiffOptions options;
  options.cancel = progress.cancel_token();
  const auto label = [](const DiffSideSource& side, const char* fallback) {
    return !side.label.empty() ? side.label : side.paths.empty() ? std::string(fallback) : joined(side.paths);
  };
  loaded.result = session::diff_graphs(*loaded.before, *loaded.after, options, label(before, "before"), label(after, "after"));
  progress.cancel_token().check();
  progress.set_stage("analysing the union");
  progress.set(0.8);
  auto graph = std::make_shared<const model::CallGraph>(union_graph(*loaded.before, *loaded.after));
  loaded.slider = GranularitySlider::build(*graph);
  progress.cancel_token().check();
  auto observed = model::Partition::observed(*graph);
  loaded.document = Document::build(std::move(graph), std::move(observed));
  loaded.paint = diff_paint(loaded.document, loaded.result);
  progress.cancel_token().check();
  progress.set_stage("analysing before");
  progress.set(0.9);
  loaded.before_slider = GranularitySlider::build(*loaded.before);
  loaded.before_document = Document::build(loaded.before, model::Partition::observed(*loaded.before));
  loaded.before_paths = before.graph ? std::vector<std::string>{} : before.paths;
  progress.set(1.0);
  return loaded;
}

void DiffView::start(DiffSideSource before, DiffSideSource after) {
  job_.discard();
  job_.start([before = std::move(before), after = std::move(after)](JobProgress& progress) {
    return load_diff(before, after, progress);
  });
}

}  // namespace nanoscope::gui
