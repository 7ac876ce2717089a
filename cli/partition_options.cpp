// --partition, --merge and --split: parsed and checked once (applied by session/partition_edits).
#include "cli/partition_options.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <functional>

#include "session/partition_edits.hpp"

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
  command->add_option("--partition", options.file,
                      "Partition file grouping services and operations into services (docs/scenarios.md)");
  command->add_option("--merge", options.merges, "Merge two services: A,B (repeatable, in order)")
      ->allow_extra_args(false)
      ->check(syntax_check("A,B", [](const std::string& spec) { (void)session::parse_merge_spec(spec); }));
  command->add_option("--split", options.splits,
                      "Split SERVICE into one service per operation, or SERVICE:op1,op2 into a new service "
                      "(repeatable, after the merges)")
      ->allow_extra_args(false)
      ->check(syntax_check("SERVICE[:op,...]", [](const std::string& spec) { (void)session::parse_split_spec(spec); }));
}

}  // namespace nanoscope::cli
