// libFuzzer target: sim::parse_partition_yaml against a small fixed graph (three services,
// five operations) imported once from Zipkin JSON.
#include <string_view>

#include "fuzz/fuzz_support.hpp"
#include "importers/formats.hpp"
#include "sim/partition_file.hpp"

namespace {

const nanoscope::model::CallGraph& graph() {
  static const nanoscope::model::CallGraph g = [] {
    using namespace nanoscope::importers;
    const auto file = InputFile::from_string("g.json", R"([
      {"traceId":"t","id":"1","name":"get","timestamp":1,"duration":9,"localEndpoint":{"serviceName":"front"}},
      {"traceId":"t","id":"2","parentId":"1","name":"read","timestamp":2,"duration":5,"localEndpoint":{"serviceName":"cart"}},
      {"traceId":"t","id":"3","parentId":"1","name":"write","timestamp":2,"duration":5,"localEndpoint":{"serviceName":"cart"}},
      {"traceId":"t","id":"4","parentId":"2","name":"query","timestamp":3,"duration":1,"localEndpoint":{"serviceName":"db"}},
      {"traceId":"t","id":"5","parentId":"3","name":"insert","timestamp":3,"duration":1,"localEndpoint":{"serviceName":"db"}}])");
    GraphBuilder b;
    b.set_source("g.json");
    (void)import_zipkin_json(file, b);
    return b.finish();
  }();
  return g;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nanoscope;
  if (size > fuzz::kMaxInputBytes) return -1;
  fuzz::expect_only<sim::PartitionError>(
      [&] { (void)sim::parse_partition_yaml({reinterpret_cast<const char*>(data), size}, "partition.yaml", graph()); });
  return 0;
}
