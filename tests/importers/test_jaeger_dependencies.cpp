// Jaeger dependency links importer: the corpus sample, the /api/dependencies wrapper, and
// bad input failing with a position.
#include <doctest/doctest.h>

#include <string>

#include "importers/formats.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using importers::ImportError;
using importers::InputFile;

namespace {

using test::Imported;

Imported import_file(const InputFile& file) { return test::import_with(importers::import_jaeger_dependencies, file); }

Imported import_text(std::string_view text) { return import_file(InputFile::from_string("deps.json", text)); }

ImportError error_of(std::string_view text) {
  auto e = test::import_error(importers::import_jaeger_dependencies, "deps.json", text);
  if (!e) FAIL("no ImportError for: " << text);
  return e.value_or(ImportError("", {}, ""));
}

}  // namespace

TEST_CASE("jaeger dependencies: jaeger ui sample, 7 links between 8 services") {
  auto r = import_file(InputFile::read(test::corpus_path("jaeger-deps-small.json")));
  CHECK(r.records == 7);
  CHECK(r.graph.service_count() == 8);
  auto sg = test::service_graph(r.graph);
  CHECK(sg.edges.size() == 7);
  CHECK(test::service_calls(sg, "Service1", "Service2") == 30489);
  CHECK(test::service_calls(sg, "Service2", "Service4") == 129216);
  CHECK(test::service_calls(sg, "Service8", "Service6") == 30489);
  CHECK_FALSE(test::has_service_edge(sg, "Service2", "Service1"));
  // Links know services only: every edge joins the services' "*" operations.
  for (const auto& op : r.graph.operations()) CHECK(op.name == importers::kAnyOperation);
  CHECK(r.diagnostics.empty());
}

TEST_CASE("jaeger dependencies: the /api/dependencies wrapper and extra fields") {
  auto r = import_text(R"({"data":[{"parent":"a","child":"b","callCount":3,"source":"jaeger"},
                                    {"callCount":2.0,"child":"c","parent":"a"},
                                    {"parent":"a","child":"b","callCount":4}],"total":3,"errors":null})");
  CHECK(r.records == 3);
  auto sg = test::service_graph(r.graph);
  CHECK(test::service_calls(sg, "a", "b") == 7);
  CHECK(test::service_calls(sg, "a", "c") == 2);

  auto empty = import_text("[]");
  CHECK(empty.records == 0);
  CHECK(empty.graph.service_count() == 0);

  auto blank = import_text(R"([{"parent":"","child":"b","callCount":1}])");
  CHECK(blank.records == 1);
  CHECK(blank.diagnostics.count("empty-service-name") == 1);
  CHECK(blank.graph.service_count() == 0);
}

TEST_CASE("jaeger dependencies: bad input fails with file and position") {
  SUBCASE("truncated") {
    auto e = error_of(R"([{"parent":"a","child":"b","callCount":1})");
    CHECK(std::string(e.what()).starts_with("deps.json:"));
    CHECK(e.position().byte_offset.has_value());
  }
  SUBCASE("callCount a string") {
    auto e = error_of(R"([{"parent":"a","child":"b","callCount":"1"}])");
    CHECK(e.message() == "\"callCount\" must be a number");
    CHECK(e.position().byte_offset == 39u);
  }
  SUBCASE("negative callCount") {
    CHECK(error_of(R"([{"parent":"a","child":"b","callCount":-1}])").message() ==
          "\"callCount\" must be a non-negative integer");
  }
  SUBCASE("missing child") {
    auto e = error_of("[\n  {\"parent\":\"a\",\"callCount\":1}]");
    CHECK(e.message() == "dependency link has no \"child\"");
    CHECK(e.position().line == 2u);
    CHECK(e.position().column == 3u);
  }
  SUBCASE("parent not a string") {
    CHECK(error_of(R"([{"parent":1,"child":"b","callCount":1}])").message() == "\"parent\" must be a string");
  }
  SUBCASE("wrong shapes") {
    CHECK(error_of(R"({"data":{}})").message() == "\"data\" must be an array of dependency links");
    CHECK(error_of(R"({"links":[]})").message() == "not a jaeger dependencies document: no \"data\" array");
    CHECK(error_of(R"("links")").message() == "expected an array of dependency links or an object with \"data\"");
    CHECK(error_of(R"([1])").message() == "a dependency link must be an object");
    CHECK(error_of(R"([] [])").message() == "unexpected content after the end of the json document");
    CHECK(error_of("").message().starts_with("invalid json"));
  }
}
