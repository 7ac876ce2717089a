// Session files: a save/load round trip, relative inputs, one-line errors with the file and the
// position, the stored partition on a graph, and "export partition" read back by the CLI.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "importers/import_set.hpp"
#include "model/partition.hpp"
#include "session/partition_edits.hpp"
#include "session/session_document.hpp"
#include "support/partition_fixture.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
namespace fs = std::filesystem;

namespace {

std::string error_of(const std::string& json) {
  try {
    (void)session::parse_session_json(json, "s.json");
  } catch (const session::SessionError& e) {
    return e.what();
  }
  return "";
}

session::SessionDocument full_document() {
  session::SessionDocument d;
  d.inputs = {"/data/traces.json", "/data/k8s"};
  d.partition = {{"api+db", {"api", "db"}}, {"web:search", {"web/GET /search/x"}}};
  d.era = "2025 cloud";
  d.selection = {{"*-exporter", "jaeger"}, false, "2"};
  d.view.view = "matrix";
  d.view.selected = {"api+db", "web"};
  d.view.center_x = 12.5;
  d.view.center_y = -3.0;
  d.view.zoom = 0.75;
  d.view.hide_infrastructure = true;
  d.view.min_calls = 10;
  d.view.search = "api";
  return d;
}

// The first number after "key": in a JSON text.
double number_after(const std::string& json, const std::string& key) {
  const auto at = json.find("\"" + key + "\": ");
  REQUIRE(at != std::string::npos);
  return std::strtod(json.c_str() + at + key.size() + 4, nullptr);
}

}  // namespace

TEST_CASE("session file: everything saved is read back, with a version") {
  const auto d = full_document();
  const auto text = session::session_json(d);
  CHECK(text.find("\"nanoscope_session\": 1") != std::string::npos);
  CHECK(session::parse_session_json(text, "s.json") == d);
  // Missing sections take their defaults; an empty file of the right version is a session.
  const auto empty = session::parse_session_json(R"({"nanoscope_session": 1})", "s.json");
  CHECK(empty == session::SessionDocument{});
  CHECK(empty.selection.include_infrastructure);
  CHECK(empty.view.view == "graph");
}

TEST_CASE("session file: saved atomically with absolute inputs; relative inputs read against its folder") {
  const auto dir = test::fresh_temp_dir("session_file");
  auto d = full_document();
  d.inputs = {(dir / "a.json").string()};
  const auto path = (dir / "work.nanoscope.json").string();
  session::save_session(path, d);
  CHECK(session::load_session(path) == d);
  std::ofstream(dir / "rel.json") << R"({"nanoscope_session": 1, "inputs": ["traces/x.json", "/abs/y.json"]})";
  const auto rel = session::load_session((dir / "rel.json").string());
  CHECK(rel.inputs == std::vector<std::string>{(dir / "traces/x.json").string(), "/abs/y.json"});
  CHECK_THROWS_WITH_AS((void)session::load_session((dir / "missing.json").string()),
                       ((dir / "missing.json").string() + ": cannot open session file").c_str(), session::SessionError);
  // A directory cannot be written over: an error naming it, and the folder is untouched.
  CHECK_THROWS((void)session::save_session(dir.string(), d));
  CHECK(fs::is_directory(dir));
}

TEST_CASE("session file: bad files are one-line errors naming the file and the position") {
  // Bad JSON: the line and column where the parser stopped (here the end of the text).
  CHECK(error_of("{\n  \"nanoscope_session\": 1,\n  \"inputs\": [1,\n").starts_with("s.json:4:1: invalid JSON: "));
  CHECK(error_of("{\"a\": }") ==
        "s.json:1:7: invalid JSON: syntax error while parsing value - unexpected '}'; expected '[', '{', or a literal");
  CHECK(error_of(R"({"nanoscope_session": 1, "inputs": ["a", 2]})") == "s.json: /inputs/1: expected a string");
  CHECK(error_of(R"({"nanoscope_session": 2})") == "s.json: /nanoscope_session: version 2 is newer than this nanoscope reads (1)");
  CHECK(error_of(R"({"inputs": []})") == "s.json: /: not a nanoscope session file (no 'nanoscope_session' version)");
  CHECK(error_of(R"({"nanoscope_session": 1, "inptus": []})") ==
        "s.json: /inptus: unknown key 'inptus' (known: era, inputs, nanoscope_session, partition, selection, view)");
  CHECK(error_of(R"({"nanoscope_session": 1, "view": {"view": "3d"}})") ==
        "s.json: /view/view: unknown view '3d' (known: graph, matrix, findings, economics)");
  CHECK(error_of(R"({"nanoscope_session": 1, "view": {"camera": {"x": 0, "y": 0, "zoom": 0}}})") ==
        "s.json: /view/camera/zoom: expected a number above 0");
  CHECK(error_of(R"({"nanoscope_session": 1, "partition": {"a/b": "api"}})") ==
        "s.json: /partition/a~1b: expected a list of strings");
  CHECK(error_of(R"({"nanoscope_session": 1, "selection": {"include_infrastructure": "yes"}})") ==
        "s.json: /selection/include_infrastructure: expected true or false");
  CHECK(error_of("[]") == "s.json: /: expected an object");
}

TEST_CASE("session file: the stored partition is the edited partition on the graph") {
  const auto g = test::small_graph();
  auto p = model::Partition::observed(g);
  session::merge_groups(p, g, "api", "db");
  (void)session::apply_split(p, g, session::parse_split_spec("web:home"));
  session::SessionDocument d;
  d.partition = session::partition_groups(g, p);
  CHECK(d.partition.size() == 3);  // api+db, web (its other operation), web:home
  const auto back = session::session_partition(session::parse_session_json(session::session_json(d), "s.json"), g, "s.json");
  for (model::OperationId op = 0; op < g.operation_count(); ++op) {
    CAPTURE(op);
    CHECK(back.name(back.group_of(op)) == p.name(p.group_of(op)));
  }
  CHECK(session::session_partition({}, g, "s.json") == model::Partition::observed(g));
  d.partition = {{"x", {"api", "nope"}}};
  CHECK_THROWS_WITH_AS((void)session::session_partition(d, g, "s.json"),
                       "s.json: /partition/x/1: unknown service or operation 'nope' (not in the imported graph)",
                       session::SessionError);
}

TEST_CASE("export partition: `nanoscope simulate --partition` reads what a document exports") {
  const std::string in = test::corpus_path("jaeger-deathstarbench-social-20traces.json");
  const auto imported = importers::import_inputs({in});
  const auto& g = imported.graph;
  auto p = model::Partition::observed(g);
  session::merge_groups(p, g, "compose-post-service", "text-service");
  const auto dir = test::fresh_temp_dir("export_partition");
  const auto file = (dir / "edited.yaml").string();
  session::export_partition(file, g, p, "merged in a test");
  const std::string common = " --duration 30 --seed 7 --format json";
  const auto exported = test::run_cli("simulate " + in + " --partition " + file + common, false);
  const auto flags = test::run_cli("simulate " + in + " --merge compose-post-service,text-service" + common, false);
  REQUIRE(exported.code == 0);
  REQUIRE(flags.code == 0);
  CHECK(exported.out.find("compose-post-service+text-service") != std::string::npos);
  CHECK(number_after(exported.out, "remote_calls") == number_after(flags.out, "remote_calls"));
  CHECK(number_after(exported.out, "inprocess_calls") == number_after(flags.out, "inprocess_calls"));
  CHECK(number_after(exported.out, "inprocess_calls") > 0.0);
  // whatif reads the same file.
  CHECK(test::run_cli("whatif " + in + " --partition " + file + " -q --format json", false).code == 0);
}
