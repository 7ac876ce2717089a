// Graph JSON writer (RapidJSON) and the UTF-8 checks behind it: names that are not UTF-8
// become U+FFFD and are counted, the file stays valid JSON and re-imports; the text checks
// find the first NUL or malformed sequence at its offset.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>

#include "importers/formats.hpp"
#include "importers/graph_builder.hpp"
#include "importers/graph_writers.hpp"
#include "importers/input_file.hpp"
#include "importers/text_checks.hpp"

using namespace nanoscope;
using importers::detail::find_bad_text;
using importers::detail::repair_utf8;
using importers::detail::TextProblem;

namespace {

const std::string kReplacement = "\xEF\xBF\xBD";

// Two services whose names are not UTF-8 (a truncated sequence, a stray continuation byte)
// and one clean service calling both.
model::CallGraph graph_with_bad_names() {
  model::CallGraph g;
  const auto front = g.add_service("front\xC3");          // C3 needs a continuation byte
  const auto back = g.add_service("b\x80" "ack");         // 80 starts no sequence
  const auto clean = g.add_service("caf\xC3\xA9");        // valid: "café"
  const auto a = g.add_operation(front, "get");
  const auto b = g.add_operation(back, "op\xFF");
  const auto c = g.add_operation(clean, "serve");
  g.edge(g.add_edge(a, b, model::InteractionKind::Sync)).calls = 3;
  g.edge(g.add_edge(a, c, model::InteractionKind::Sync)).calls = 1;
  return g;
}

}  // namespace

TEST_CASE("graph json: names that are not UTF-8 are written with U+FFFD, counted, and the file is valid JSON") {
  const auto g = graph_with_bad_names();
  std::ostringstream out;
  const std::size_t repaired = importers::write_graph_json(out, g, nullptr);
  const std::string text = out.str();
  // Strings: front\xC3 (service, edge ends), b\x80ack (service, edge ends), op\xFF (operation,
  // operation-edge end); each written string counts once.
  CHECK(repaired > 0);
  CHECK(find_bad_text(text).problem == TextProblem::None);
  const auto j = nlohmann::json::parse(text);  // strict: throws on invalid UTF-8
  std::vector<std::string> names;
  for (const auto& s : j["services"]) names.push_back(s["name"]);
  CHECK(names == std::vector<std::string>{"b" + kReplacement + "ack", "caf\xC3\xA9", "front" + kReplacement});
  const auto& last = j["diagnostics"].back();
  CHECK(last["code"] == "invalid-utf8");
  CHECK(last["severity"] == "warning");
  CHECK(last["count"] == repaired);
  // The repaired file re-imports and writes again with nothing left to repair.
  importers::GraphBuilder builder;
  importers::import_nanoscope_graph(importers::InputFile::from_string("graph.json", text), builder);
  const auto again = builder.finish();
  std::ostringstream second;
  CHECK(importers::write_graph_json(second, again, nullptr) == 0);
  CHECK(second.str().find("invalid-utf8") == std::string::npos);
}

TEST_CASE("graph json: a clean graph has no invalid-utf8 diagnostic and counts nothing") {
  model::CallGraph g;
  const auto s = g.add_service("caf\xC3\xA9");
  (void)g.add_operation(s, "\xE2\x82\xAC-price");
  std::ostringstream out;
  CHECK(importers::write_graph_json(out, g, nullptr) == 0);
  CHECK(out.str().find("invalid-utf8") == std::string::npos);
  CHECK(out.str().find("\"caf\xC3\xA9\"") != std::string::npos);  // not escaped
}

TEST_CASE("text checks: the first NUL byte or malformed sequence, at its offset") {
  CHECK(find_bad_text("plain ascii").problem == TextProblem::None);
  CHECK(find_bad_text("caf\xC3\xA9 \xF0\x9F\x98\x80").problem == TextProblem::None);
  const auto bad = find_bad_text("abc\xC3(def");
  CHECK(bad.problem == TextProblem::InvalidUtf8);
  CHECK(bad.offset == 3);
  const auto nul = find_bad_text(std::string_view("ab\0c\xFF", 5));
  CHECK(nul.problem == TextProblem::NulByte);  // the NUL comes first
  CHECK(nul.offset == 2);
  const auto later_nul = find_bad_text(std::string_view("a\xED\xA0\x80z\0", 6));  // a surrogate, then NUL
  CHECK(later_nul.problem == TextProblem::InvalidUtf8);
  CHECK(later_nul.offset == 1);
  CHECK(find_bad_text("\xC0\xAF").problem == TextProblem::InvalidUtf8);          // overlong
  CHECK(find_bad_text("\xF4\x90\x80\x80").problem == TextProblem::InvalidUtf8);  // above U+10FFFF
  // Past 64 bytes (simdjson's blocks) the offset is still exact.
  const std::string long_text = std::string(200, 'x') + "\xE2\x82" + std::string(10, 'y');
  CHECK(find_bad_text(long_text).offset == 200);
  CHECK(importers::detail::find_invalid_utf8(long_text, 203) == std::nullopt);
}

TEST_CASE("text checks: repair_utf8 replaces each byte that starts no sequence") {
  CHECK(repair_utf8("ok \xC3\xA9") == "ok \xC3\xA9");
  CHECK(repair_utf8("a\xFF" "b") == "a" + kReplacement + "b");
  CHECK(repair_utf8("\xE2\x82") == kReplacement + kReplacement);  // truncated: both bytes
  CHECK(repair_utf8("x\x80\x80") == "x" + kReplacement + kReplacement);
}
