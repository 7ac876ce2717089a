// Cancelling an import: GraphBuilder checks its token every few thousand records, import_inputs
// before every file, and a cancel in the middle of a big generated file ends it promptly with
// the typed model::Cancelled (no graph, no half result).
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "importers/graph_builder.hpp"
#include "importers/import_set.hpp"
#include "support/big_inputs.hpp"
#include "support/job_timing.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;

TEST_CASE("a cancelled GraphBuilder throws Cancelled within 4096 records") {
  importers::GraphBuilder builder;
  const auto token = model::CancelToken::make();
  builder.set_cancel(token);
  for (int i = 0; i < 5000; ++i) builder.add_span(test::span_record("t", std::to_string(i), "", "a", "op", 0, 10));
  token.request();
  int added = 0;
  bool cancelled = false;
  try {
    for (; added < 5000; ++added) {
      importers::CallRecord call;
      call.from_service = "a";
      call.to_service = "b";
      builder.add_call(call);
    }
  } catch (const model::Cancelled&) {
    cancelled = true;
  }
  CHECK(cancelled);
  CHECK(added < 4096);
}

TEST_CASE("an import cancelled before it starts reads no file") {
  const auto dir = test::fresh_temp_dir("import-cancel-early");
  test::write_jaeger_chains((dir / "small.json").string(), 10, 5);
  importers::ImportOptions options;
  options.cancel = model::CancelToken::make();
  CHECK(importers::import_inputs({(dir / "small.json").string()}).graph.service_count() == 5);
  options.cancel.request();
  CHECK_THROWS_AS((void)importers::import_inputs({(dir / "small.json").string()}, options), model::Cancelled);
}

TEST_CASE("a cancel in the middle of a big Jaeger file ends the import promptly") {
  const auto dir = test::fresh_temp_dir("import-cancel-big");
  const auto path = (dir / "big.json").string();
  test::write_jaeger_chains(path, 40000, 1200);  // 400,000 spans, ~70 MB
  importers::ImportOptions options;
  options.cancel = model::CancelToken::make();
  const auto started = test::Clock::now();
  // After the file is read (mapped whole before the first record; that phase is not
  // cancellable, docs/performance.md), in the middle of its 400,000 spans.
  test::DelayedCancel cancel(options.cancel, 250);
  bool cancelled = false;
  try {
    (void)importers::import_inputs({path}, options);
  } catch (const model::Cancelled&) {
    cancelled = true;
  }
  const auto ended = test::Clock::now();
  const auto requested = cancel.requested_at();
  REQUIRE_MESSAGE(cancelled, "the import ended before the cancel, after ", test::ms_since(started), " ms");
  const double latency = std::chrono::duration<double, std::milli>(ended - requested).count();
  MESSAGE("import cancel latency: ", latency, " ms");
  CHECK(latency < test::kPromptCancelMs);
  std::filesystem::remove_all(dir);
}
