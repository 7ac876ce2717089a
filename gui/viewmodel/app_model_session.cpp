// AppModel's documents and sessions: installing an import only when it holds services, the
// dirty flag and the "Discard unsaved edits?" decisions, session files (save, open), partition
// export and the recent-files list. The window only asks the question and forwards the answer.
#include <algorithm>
#include <filesystem>

#include "gui/viewmodel/app_model.hpp"
#include "model/service_filter.hpp"
#include "model/systems.hpp"

namespace nanoscope::gui {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

std::string view_name(ViewKind view) {
  switch (view) {
    case ViewKind::Graph: return "graph";
    case ViewKind::Matrix: return "matrix";
    case ViewKind::Findings: return "findings";
    case ViewKind::Economics: return "economics";
  }
  return "graph";
}

LoadedInputs AppModel::import_inputs(std::vector<std::string> paths, session::Selection selection,
                                     std::optional<session::SessionDocument> session, std::string session_path,
                                     JobProgress& progress) {
  progress.set_stage("importing");
  importers::ImportOptions options;
  options.cancel = progress.cancel_token();
  options.progress = [&progress](std::uint64_t done, std::uint64_t total) {
    if (total) progress.set(0.8 * static_cast<double>(done) / static_cast<double>(total));
  };
  auto result = importers::import_inputs(paths, options);
  LoadedInputs loaded;
  loaded.files = std::move(result.files);
  loaded.spans = result.spans;
  for (const auto& d : result.diagnostics.sorted())
    loaded.warnings.push_back(d.file + ": " + d.code + ": " + d.message +
                              (d.count > 1 ? " (" + std::to_string(d.count) + " times)" : ""));
  model::CallGraph graph = std::move(result.graph);
  if (!selection.include_infrastructure || !selection.exclude.empty()) {
    auto filtered = model::exclude_services(graph, model::exclusion_predicate({selection.include_infrastructure, selection.exclude}));
    if (auto line = model::describe_exclusion(filtered.summary); !line.empty()) loaded.warnings.push_back(std::move(line));
    graph = std::move(filtered.graph);
  }
  if (!selection.system.empty() && graph.service_count() > 0) {
    const auto systems = model::split_systems(graph);
    const model::System* chosen = model::find_system(systems, graph, selection.system);
    if (!chosen) throw std::runtime_error(session_path + ": no system '" + selection.system + "' in the inputs");
    graph = model::system_graph(graph, *chosen);
  }
  progress.cancel_token().check();
  auto shared = std::make_shared<const model::CallGraph>(std::move(graph));
  progress.set_stage("building the granularity family");
  progress.set(0.85);
  loaded.slider = GranularitySlider::build(*shared);
  progress.cancel_token().check();
  progress.set_stage("analysing");
  const bool partitioned = session && shared->service_count() > 0;
  auto partition = partitioned ? session::session_partition(*session, *shared, session_path) : model::Partition::observed(*shared);
  loaded.document = Document::build(std::move(shared), std::move(partition));
  progress.cancel_token().check();
  loaded.requested = std::move(paths);
  loaded.selection = std::move(selection);
  loaded.session = std::move(session);
  loaded.session_path = std::move(session_path);
  progress.set(1.0);
  return loaded;
}

void AppModel::install_import(LoadedInputs loaded) {
  if (loaded.document.empty() || loaded.document.graph().service_count() == 0) {
    // Nothing to show: say why, and keep the open document, its history and its messages.
    std::string files;
    for (const auto& f : loaded.files) files += (files.empty() ? "" : ", ") + f.path + " (" + f.format + ")";
    add_message(true, "nothing imported from " + joined(loaded.requested) + ": no service found" +
                          (files.empty() ? "" : " in " + files) +
                          (doc_.empty() ? "" : "; the open document is kept"));
    for (auto& w : loaded.warnings) add_message(false, std::move(w));
    return;
  }
  slider_ = std::move(loaded.slider);
  std::string label;
  for (const auto& f : loaded.files) label += (label.empty() ? "" : ", ") + f.path;
  install(std::move(loaded.document), label);
  clear_messages();  // they were about the document just replaced
  for (auto& w : loaded.warnings) add_message(false, std::move(w));
  inputs_ = std::move(loaded.requested);
  selection_ = std::move(loaded.selection);
  if (loaded.session) {
    session_path_ = loaded.session_path;
    sync_level();
    apply_session_view(*loaded.session);
    recent.add({{session_path_}, true});
  } else {
    session_path_.clear();
    recent.add({inputs_, false});
  }
}

void AppModel::apply_session_view(const session::SessionDocument& session) {
  if (!session.era.empty()) {
    const auto& eras = economics.eras();
    const auto it = std::find_if(eras.begin(), eras.end(), [&](const auto& e) { return e.name == session.era; });
    if (it != eras.end()) economics.set_era(static_cast<std::size_t>(it - eras.begin()));
    else add_message(false, session_path_ + ": era '" + session.era + "' is not among the bundled eras; using " +
                                (eras.empty() ? std::string("none") : eras[economics.era()].name));
  }
  if (const auto kind = parse_view(session.view.view)) view = *kind;
  filters.hide_infrastructure = session.view.hide_infrastructure;
  filters.min_calls = session.view.min_calls;
  filters.search = session.view.search;
  select_names(session.view.selected);
  if (session.view.center_x && session.view.center_y && session.view.zoom) {
    camera.center = {static_cast<float>(*session.view.center_x), static_cast<float>(*session.view.center_y)};
    camera.zoom = static_cast<float>(*session.view.zoom);
    auto_fit_ = false;
  }
}

bool AppModel::dirty() const { return !doc_.empty() && !(doc_.partition() == clean_partition_); }

bool AppModel::request_open(std::vector<std::string> paths) {
  if (paths.empty()) return false;
  if (dirty()) {
    pending_ = PendingKind::Open;
    pending_paths_ = std::move(paths);
    return false;
  }
  return open(std::move(paths));
}

bool AppModel::request_open_session(const std::string& path) {
  if (dirty()) {
    pending_ = PendingKind::OpenSession;
    pending_paths_ = {path};
    return false;
  }
  return open_session(path);
}

bool AppModel::request_close() {
  if (!dirty()) {
    close_allowed_ = true;
    return true;
  }
  pending_ = PendingKind::Close;
  pending_paths_.clear();
  return false;
}

bool AppModel::resolve_pending(DiscardChoice choice, const std::string& save_path) {
  if (pending_ == PendingKind::None) return false;
  if (choice == DiscardChoice::Cancel) {
    pending_ = PendingKind::None;
    pending_paths_.clear();
    return false;
  }
  // A failed save keeps the question open: nothing is discarded.
  if (choice == DiscardChoice::SaveSession &&
      !save_session(!save_path.empty() ? save_path : !session_path_.empty() ? session_path_ : "nanoscope-session.json"))
    return false;
  return run_pending();
}

bool AppModel::run_pending() {
  const PendingKind kind = pending_;
  auto paths = std::move(pending_paths_);
  pending_ = PendingKind::None;
  pending_paths_.clear();
  switch (kind) {
    case PendingKind::Open: return open(std::move(paths));
    case PendingKind::OpenSession: return open_session(paths.front());
    case PendingKind::Close: close_allowed_ = true; return true;
    case PendingKind::None: break;
  }
  return false;
}

session::SessionDocument AppModel::session_document() const {
  session::SessionDocument d;
  d.inputs = inputs_;
  if (!doc_.empty()) d.partition = session::partition_groups(doc_.graph(), doc_.partition());
  if (!economics.eras().empty()) d.era = economics.eras()[economics.era()].name;
  d.selection = selection_;
  d.view.view = view_name(view);
  if (!primary_.empty()) d.view.selected.push_back(primary_);
  for (const auto& name : selected_)
    if (name != primary_) d.view.selected.push_back(name);
  d.view.center_x = camera.center.x;
  d.view.center_y = camera.center.y;
  d.view.zoom = camera.zoom;
  d.view.hide_infrastructure = filters.hide_infrastructure;
  d.view.min_calls = filters.min_calls;
  d.view.search = filters.search;
  return d;
}

bool AppModel::save_session(const std::string& path) {
  if (doc_.empty()) {
    add_message(true, "nothing to save: no graph is open");
    return false;
  }
  if (inputs_.empty()) {
    add_message(true, "cannot save a session: this graph was not opened from files");
    return false;
  }
  try {
    session::save_session(path, session_document());
  } catch (const std::exception& e) {
    add_message(true, e.what());
    return false;
  }
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(path, ec);
  session_path_ = ec ? path : absolute.lexically_normal().string();
  clean_partition_ = doc_.partition();
  recent.add({{session_path_}, true});
  add_message(false, "session saved to " + path);
  return true;
}

bool AppModel::open_session(const std::string& path) {
  session::SessionDocument d;
  try {
    d = session::load_session(path);
  } catch (const std::exception& e) {
    add_message(true, e.what());
    return false;
  }
  if (d.inputs.empty()) {
    add_message(true, path + ": the session lists no inputs");
    return false;
  }
  auto inputs = d.inputs;
  auto selection = d.selection;
  const bool started = import_.start([inputs, selection, d = std::move(d), path](JobProgress& progress) {
    return import_inputs(inputs, selection, d, path, progress);
  });
  if (!started) add_message(true, "an import is still running; open the session again when it ends");
  return started;
}

bool AppModel::export_partition(const std::string& path) {
  if (doc_.empty()) {
    add_message(true, "nothing to export: no graph is open");
    return false;
  }
  try {
    session::export_partition(path, doc_.graph(), doc_.partition(), "edited in nanoscope-gui from " + joined(inputs_));
  } catch (const std::exception& e) {
    add_message(true, e.what());
    return false;
  }
  add_message(false, "partition written to " + path + " (for nanoscope simulate/whatif --partition)");
  return true;
}

}  // namespace nanoscope::gui
