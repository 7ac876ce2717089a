// --partition, --merge and --split: parsed and checked once, applied to the imported graph.
#include "cli/partition_options.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <functional>

#include "sim/partition_file.hpp"

namespace nanoscope::cli {
namespace {

// A parser check from a function that throws on a malformed setting.
CLI::Validator syntax_check(const std::string& description, std::function<void(const std::string&)> parse) {
  return CLI::Validator(
      [parse = std::move(parse)](std::string& setting) {
        try {
          parse(setting);
        } catch (const std::exception& e) {
          return std::string(e.what());
        }
        return std::string();
      },
      description, description);
}

}  // namespace

void add_partition_options(CLI::App* command, PartitionOptions& options) {
  command->add_option("--partition", options.partition,
                      "Partition file grouping services and operations into services (docs/scenarios.md)");
  command->add_option("--merge", options.merges, "Merge two services: A,B (repeatable, in order)")
      ->allow_extra_args(false)
      ->check(syntax_check("A,B", [](const std::string& spec) { (void)sim::parse_merge_spec(spec); }));
  command->add_option("--split", options.splits,
                      "Split SERVICE into one service per operation, or SERVICE:op1,op2 into a new service "
                      "(repeatable, after the merges)")
      ->allow_extra_args(false)
      ->check(syntax_check("SERVICE[:op,...]", [](const std::string& spec) { (void)sim::parse_split_spec(spec); }));
}

ChosenPartition choose_partition(const PartitionOptions& options, const model::CallGraph& graph) {
  ChosenPartition out{options.partition.empty() ? model::Partition::observed(graph)
                                                : sim::load_partition_file(options.partition, graph),
                      options.partition.empty() ? "" : "partition " + options.partition};
  const auto add = [&](const std::string& what) { out.description += (out.description.empty() ? "" : "; ") + what; };
  for (const auto& spec : options.merges) {
    sim::apply_merge_spec(out.partition, spec);
    add("merge " + spec);
  }
  for (const auto& spec : options.splits) {
    sim::apply_split_spec(out.partition, graph, spec);
    add("split " + spec);
  }
  return out;
}

}  // namespace nanoscope::cli
