// AppModel's documents and sessions without a window: failed and empty imports keep the open
// document and its undo history, the dirty flag and the "Discard unsaved edits?" decisions,
// a session saved and opened again, partition export, and the recent-files list.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "gui/viewmodel/app_model.hpp"
#include "gui/viewmodel/recent_files.hpp"
#include "gui_fixture.hpp"
#include "session/session_document.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
namespace fs = std::filesystem;

namespace {

int node(const gui::AppModel& app, const std::string& name) { return app.document().find_node(name); }

// The fixture with A, B and C merged: one undo step, unsaved.
void load_and_merge(gui::AppModel& app) {
  app.load_graph(test::knot_graph(), "fixture");
  for (const char* name : {"A", "B", "C"}) app.select(static_cast<std::uint32_t>(node(app, name)), true);
  REQUIRE(app.merge_selected());
}

bool has_error(const gui::AppModel& app, const std::string& part) {
  for (const auto& m : app.messages())
    if (m.error && m.text.find(part) != std::string::npos) return true;
  return false;
}

// Sets an environment variable for one scope and restores it after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) ::setenv(name, value->c_str(), 1);
    else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

const std::string kTraces = "jaeger-deathstarbench-social-20traces.json";

}  // namespace

TEST_CASE("a failed import keeps the open document and its undo history") {
  gui::AppModel app;
  load_and_merge(app);
  const auto partition = app.document().partition();
  const auto dir = test::fresh_temp_dir("gui_failed_import");
  std::ofstream(dir / "broken.json") << "{ \"data\": [ {";
  REQUIRE(app.open({(dir / "broken.json").string()}));
  app.wait_idle(30000);
  CHECK(has_error(app, "broken.json"));
  CHECK(app.document().partition() == partition);
  CHECK(app.history().can_undo());
  CHECK(app.dirty());
  CHECK(app.sources() == std::vector<std::string>{"fixture"});
}

TEST_CASE("an import that finds no service keeps the open document and says why") {
  gui::AppModel app;
  load_and_merge(app);
  const auto partition = app.document().partition();
  const auto dir = test::fresh_temp_dir("gui_empty_import");
  std::ofstream(dir / "notes.txt") << "nothing a tracer wrote\n";
  fs::create_directories(dir / "empty-folder");
  for (const auto& input : {dir / "notes.txt", dir / "empty-folder"}) {
    CAPTURE(input);
    app.clear_messages();
    REQUIRE(app.open({input.string()}));
    app.wait_idle(30000);
    // The importer refuses a file it cannot read (an error naming it); a folder without
    // inputs imports nothing, which install_import reports.
    CHECK(has_error(app, input.filename().string()));
    CHECK(app.document().partition() == partition);
    CHECK(app.document().report().services.nodes.size() == 3);
    CHECK(app.history().can_undo());
    CHECK(app.recent.entries().empty());  // nothing was opened
  }
  CHECK(has_error(app, "nothing imported from " + (dir / "empty-folder").string()));
  CHECK(has_error(app, "the open document is kept"));
  REQUIRE(app.undo());  // the history still works on the kept document
  CHECK_FALSE(app.dirty());
}

TEST_CASE("unsaved edits: opening or closing asks first, and each answer does what it says") {
  gui::AppModel app;
  app.load_graph(test::knot_graph(), "fixture");
  CHECK_FALSE(app.dirty());
  CHECK(app.request_close());  // nothing to lose: closes at once
  CHECK(app.close_allowed());

  gui::AppModel edited;
  load_and_merge(edited);
  CHECK(edited.dirty());
  const auto merged = edited.document().partition();
  const std::string input = test::corpus_path(kTraces);
  // Cancel: nothing happens, the edits stay.
  CHECK_FALSE(edited.request_open({input}));
  CHECK(edited.pending() == gui::PendingKind::Open);
  CHECK_FALSE(edited.importing());
  CHECK_FALSE(edited.resolve_pending(gui::DiscardChoice::Cancel));
  CHECK(edited.pending() == gui::PendingKind::None);
  CHECK(edited.document().partition() == merged);
  CHECK_FALSE(edited.resolve_pending(gui::DiscardChoice::Discard));  // nothing waits any more
  // Closing asks too; Cancel keeps the window.
  CHECK_FALSE(edited.request_close());
  CHECK(edited.pending() == gui::PendingKind::Close);
  CHECK_FALSE(edited.resolve_pending(gui::DiscardChoice::Cancel));
  CHECK_FALSE(edited.close_allowed());
  // Save session fails for a graph not opened from files: the question stays open.
  CHECK_FALSE(edited.request_close());
  const auto dir = test::fresh_temp_dir("gui_prompt");
  CHECK_FALSE(edited.resolve_pending(gui::DiscardChoice::SaveSession, (dir / "s.json").string()));
  CHECK(edited.pending() == gui::PendingKind::Close);
  CHECK_FALSE(edited.close_allowed());
  CHECK(has_error(edited, "not opened from files"));
  // Discard goes on.
  CHECK(edited.resolve_pending(gui::DiscardChoice::Discard));
  CHECK(edited.close_allowed());
  // Undoing back to the opened partition is clean again: no question.
  REQUIRE(edited.undo());
  CHECK_FALSE(edited.dirty());
  CHECK(edited.request_open({input}));
  REQUIRE(edited.wait_idle(60000));
  CHECK(edited.sources().front().find(kTraces) != std::string::npos);

  // Discard on a pending open starts the import and replaces the document.
  gui::AppModel other;
  load_and_merge(other);
  CHECK_FALSE(other.request_open({input}));
  CHECK(other.resolve_pending(gui::DiscardChoice::Discard));
  REQUIRE(other.wait_idle(60000));
  CHECK(other.sources().front().find(kTraces) != std::string::npos);
  CHECK_FALSE(other.dirty());
  CHECK_FALSE(other.history().can_undo());
}

TEST_CASE("a session saves inputs, partition, era and view, and opens to the same state") {
  const auto dir = test::fresh_temp_dir("gui_session");
  const auto file = (dir / "work.json").string();
  gui::AppModel app;
  REQUIRE(app.open({test::corpus_path(kTraces)}));
  REQUIRE(app.wait_idle(60000));
  for (const char* name : {"compose-post-service", "text-service"})
    app.select(static_cast<std::uint32_t>(node(app, name)), true);
  REQUIRE(app.merge_selected());
  const auto merged_name = app.document().report().services.nodes[static_cast<std::size_t>(app.primary())].name;
  CHECK(app.dirty());
  if (app.economics.eras().size() > 1) app.economics.set_era(1);
  app.view = gui::ViewKind::Matrix;
  app.filters.min_calls = 3;
  app.filters.search = "post";
  REQUIRE(app.save_session(file));
  CHECK_FALSE(app.dirty());
  CHECK(app.session_path() == file);
  CHECK(app.recent.entries().front() == gui::RecentEntry{{file}, true});

  gui::AppModel opened;
  REQUIRE(opened.open_session(file));
  REQUIRE(opened.wait_idle(60000));
  for (const auto& m : opened.messages()) CHECK_FALSE(m.error);
  const auto names = [](const gui::AppModel& m) {
    std::vector<std::string> out;
    for (const auto& n : m.document().report().services.nodes) out.push_back(n.name);
    return out;
  };
  CHECK(names(opened) == names(app));
  for (model::OperationId op = 0; op < app.document().graph().operation_count(); ++op) {
    const auto& a = app.document().partition();
    const auto& b = opened.document().partition();
    CHECK(a.name(a.group_of(op)) == b.name(b.group_of(op)));
  }
  CHECK(opened.document().find_node(merged_name) >= 0);
  CHECK(opened.economics.era() == app.economics.era());
  CHECK(opened.view == gui::ViewKind::Matrix);
  CHECK(opened.filters.min_calls == 3);
  CHECK(opened.filters.search == "post");
  CHECK(opened.primary() == opened.document().find_node(merged_name));
  CHECK(opened.camera.zoom == doctest::Approx(app.camera.zoom));
  CHECK_FALSE(opened.dirty());  // opened, not edited
  CHECK_FALSE(opened.history().can_undo());
  CHECK(opened.session_path() == file);
  auto saved = app.session_document(), reopened = opened.session_document();
  CHECK(reopened.inputs.size() == 1);
  saved.inputs = reopened.inputs = {};  // as given vs absolute
  CHECK(reopened == saved);

  // A bad session file is one error message, and the open document stays.
  std::ofstream(dir / "bad.json") << "{\"nanoscope_session\": 1, \"inputs\": 3}";
  CHECK_FALSE(opened.open_session((dir / "bad.json").string()));
  CHECK(has_error(opened, (dir / "bad.json").string() + ": /inputs: expected a list of strings"));
  CHECK(opened.document().find_node(merged_name) >= 0);
  // A session whose partition names a service the inputs lack fails the import, not the document.
  auto stale = session::load_session(file);
  stale.partition.push_back({"ghost", {"no-such-service"}});
  session::save_session((dir / "stale.json").string(), stale);
  REQUIRE(opened.open_session((dir / "stale.json").string()));
  opened.wait_idle(60000);
  CHECK(has_error(opened, "no-such-service"));
  CHECK(opened.document().find_node(merged_name) >= 0);
}

TEST_CASE("export partition writes the file simulate --partition reads") {
  gui::AppModel app;
  const auto dir = test::fresh_temp_dir("gui_export_partition");
  CHECK_FALSE(app.export_partition((dir / "none.yaml").string()));  // nothing open
  CHECK_FALSE(fs::exists(dir / "none.yaml"));
  const std::string input = test::corpus_path(kTraces);
  REQUIRE(app.open({input}));
  REQUIRE(app.wait_idle(60000));
  for (const char* name : {"compose-post-service", "text-service"})
    app.select(static_cast<std::uint32_t>(node(app, name)), true);
  REQUIRE(app.merge_selected());
  const auto merged_name = app.document().report().services.nodes[static_cast<std::size_t>(app.primary())].name;
  const auto file = (dir / "p.yaml").string();
  REQUIRE(app.export_partition(file));
  const auto run = test::run_cli("simulate -q " + input + " --duration 5 --partition " + file);
  CHECK(run.code == 0);
  CHECK(run.out.find(merged_name) != std::string::npos);
}

TEST_CASE("recent files: newest first, at most ten, pruned when gone, kept in the user's config folder") {
  const auto dir = test::fresh_temp_dir("gui_recent");
  {
    ScopedEnv xdg("XDG_CONFIG_HOME", (dir / "xdg").string());
    CHECK(gui::RecentFiles::default_path() == (dir / "xdg" / "nanoscope" / "recent.json").string());
  }
  {
    ScopedEnv xdg("XDG_CONFIG_HOME", std::nullopt);
    ScopedEnv home("HOME", (dir / "home").string());
    CHECK(gui::RecentFiles::default_path() == (dir / "home" / ".config" / "nanoscope" / "recent.json").string());
  }
  ScopedEnv xdg("XDG_CONFIG_HOME", (dir / "xdg").string());
  std::vector<std::string> files;
  for (int i = 0; i < 12; ++i) {
    files.push_back((dir / ("f" + std::to_string(i) + ".json")).string());
    std::ofstream(files.back()) << "{}";
  }
  gui::RecentFiles recent;
  CHECK(recent.entries().empty());
  for (const auto& f : files) recent.add({{f}, false});
  REQUIRE(recent.entries().size() == gui::RecentFiles::kMax);
  CHECK(recent.entries().front().paths.front() == files[11]);
  CHECK(recent.entries().back().paths.front() == files[2]);
  recent.add({{files[5]}, false});  // again: moves to the top, no duplicate
  CHECK(recent.entries().front().paths.front() == files[5]);
  CHECK(recent.entries().size() == gui::RecentFiles::kMax);
  // Another run reads the same list; a file that went away is pruned.
  fs::remove(files[11]);
  gui::RecentFiles again;
  CHECK(again.entries().size() == gui::RecentFiles::kMax - 1);
  CHECK(again.entries().front().paths.front() == files[5]);
  for (const auto& e : again.entries()) CHECK(e.paths.front() != files[11]);
  CHECK(gui::RecentFiles::label({{files[0], files[1]}, false}) == "f0.json + 1 more");
  CHECK(gui::RecentFiles::label({{files[0]}, true}) == "f0.json (session)");
  // A broken list is ignored, with a note, never an exception.
  std::ofstream(dir / "xdg" / "nanoscope" / "recent.json") << "[1, 2";
  gui::RecentFiles broken;
  CHECK(broken.entries().empty());
  CHECK(broken.error().find("recent.json") != std::string::npos);

  // The window's model adds what it opened.
  gui::AppModel app;
  app.recent = gui::RecentFiles();
  REQUIRE(app.open({test::corpus_path(kTraces)}));
  REQUIRE(app.wait_idle(60000));
  CHECK(app.recent.entries().front() == gui::RecentEntry{{test::corpus_path(kTraces)}, false});
  CHECK(gui::RecentFiles().entries().front() == app.recent.entries().front());
}
