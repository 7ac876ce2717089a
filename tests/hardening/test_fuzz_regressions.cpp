// Replays every input under fuzz/regressions/TARGET/ through the entry point of fuzz target
// TARGET: each must import or fail with the importer's one-line ImportError, nothing else.
#include <doctest/doctest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "importers/callgraph_csv_detail.hpp"
#include "importers/formats.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
namespace fs = std::filesystem;

namespace {

using Entry = std::function<void(const std::string& name, const std::string& bytes)>;

template <class Fn>
Entry one_file(Fn fn) {
  return [fn](const std::string& name, const std::string& bytes) {
    const auto file = importers::InputFile::from_string(name, bytes);
    importers::GraphBuilder b;
    b.set_source(name);
    (void)fn(file, b);
    (void)b.finish();
  };
}

const std::map<std::string, Entry>& entries() {
  static const std::map<std::string, Entry> table = {
      {"jaeger_json", one_file(importers::import_jaeger_json)},
      {"jaeger_dependencies", one_file(importers::import_jaeger_dependencies)},
      {"zipkin_json", one_file(importers::import_zipkin_json)},
      {"otlp_json", one_file(importers::import_otlp_json)},
      {"prometheus_service_graph", one_file(importers::import_prometheus_service_graph)},
      {"compose_yaml", one_file(importers::import_compose_yaml)},
      {"nanoscope_graph", one_file(importers::import_nanoscope_graph)},
      {"kubernetes_yaml",
       [](const std::string& name, const std::string& bytes) {
         std::vector<importers::InputFile> files;
         files.push_back(importers::InputFile::from_string(name, bytes));
         importers::GraphBuilder b;
         (void)importers::import_kubernetes_yaml(files, b);
         (void)b.finish();
       }},
      {"callgraph_csv",
       [](const std::string& name, const std::string& bytes) {
         importers::detail::CsvReader reader(name, bytes, 64);
         importers::GraphBuilder b;
         (void)importers::detail::import_callgraph_csv(reader, b);
         (void)b.finish();
       }},
  };
  return table;
}

}  // namespace

TEST_CASE("fuzz regressions: every saved input imports or fails with a one-line ImportError") {
  const fs::path root = fs::path(NANOSCOPE_GOLDEN_DIR).parent_path().parent_path() / "fuzz" / "regressions";
  REQUIRE(fs::is_directory(root));
  int replayed = 0;
  for (const auto& dir : fs::directory_iterator(root)) {
    const std::string target = dir.path().filename().string();
    CAPTURE(target);
    REQUIRE(entries().count(target) == 1);
    for (const auto& f : fs::directory_iterator(dir.path())) {
      const std::string name = f.path().filename().string();
      CAPTURE(name);
      try {
        entries().at(target)(name, test::read_text(f.path().string()));
      } catch (const importers::ImportError& e) {
        const std::string what = e.what();
        CHECK(what.starts_with(name));
        CHECK(what.find('\n') == std::string::npos);
      }
      ++replayed;
    }
  }
  CHECK(replayed >= 3);
}
