// `nanoscope diff BEFORE... -- AFTER...` (or `diff INPUTS... --window-split TIME`): import each
// side like `import` does (saved graphs too; both at once), compare them with session::diff_graphs, price each
// side's overhead bill in every era unless --no-bill, and write text, JSON, Markdown or HTML.
#include <CLI/CLI.hpp>

#include <cstring>
#include <ctime>
#include <exception>
#include <future>
#include <iostream>
#include <memory>
#include <tuple>
#include <utility>

#include "cli/command.hpp"
#include "cli/economics_options.hpp"
#include "cli/input_options.hpp"
#include "cli/output_options.hpp"
#include "cli/usage.hpp"
#include "session/diff_writers.hpp"

namespace nanoscope::cli {
namespace {

// CLI11 treats a bare `--` as "only positionals follow" and does not say where it stood, so
// main() turns the one after `diff` into this option before parsing (mark_diff_sides).
constexpr const char* kAfterOption = "--after-inputs";

struct DiffCommand {
  InputOptions input;                 ///< the before side (or both, with --window-split)
  std::vector<std::string> after;     ///< the after side (after `--`)
  std::string window_split;           ///< TIME: one input set split there
  OutputOptions output;
  EconomicsOptions economics;
  bool no_bill = false;
  session::DiffOptions diff;
};

const OutputFormats& diff_formats() {
  static const OutputFormats formats{{{"text", {}, {".txt"}},
                                      {"json", {}, {".json"}},
                                      {"markdown", {"md"}, {".md", ".markdown"}},
                                      {"html", {}, {".html", ".htm"}}},
                                     "text"};
  return formats;
}

// TIME as microseconds since the epoch: an integer (microseconds) or UTC ISO 8601
// "2024-05-01T12:00:00Z" with optional fractional seconds.
std::int64_t parse_time(const std::string& text) {
  char* end = nullptr;
  const long long us = std::strtoll(text.c_str(), &end, 10);
  if (!text.empty() && end && *end == '\0') return us;
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &consumed) == 6) {
    std::int64_t fraction_us = 0;
    const char* rest = text.c_str() + consumed;
    if (*rest == '.') {
      std::int64_t scale = 100000;
      for (++rest; *rest >= '0' && *rest <= '9'; ++rest, scale /= 10) fraction_us += (*rest - '0') * scale;
    }
    if (std::strcmp(rest, "Z") == 0 || std::strcmp(rest, "+00:00") == 0) {
      tm.tm_year -= 1900;
      tm.tm_mon -= 1;
      return static_cast<std::int64_t>(::timegm(&tm)) * 1'000'000 + fraction_us;
    }
  }
  throw UsageError("--window-split '" + text +
                   "' is not a time: give UTC ISO 8601 (2024-05-01T12:00:00Z) or microseconds since the epoch");
}

model::CallGraph load_side(const InputOptions& input) { return load_systems(input).imported.graph; }

// Both sides imported at once (two threads: importing dominates a diff of saved graphs). When
// both fail, the before side's error is the one reported, as if they had run in turn.
std::pair<model::CallGraph, model::CallGraph> load_sides(const InputOptions& first, const InputOptions& second) {
  auto before = std::async(std::launch::async, [&] { return load_side(first); });
  model::CallGraph after;
  std::exception_ptr failed;
  try {
    after = load_side(second);
  } catch (...) {
    failed = std::current_exception();
  }
  model::CallGraph early = before.get();
  if (failed) std::rethrow_exception(failed);
  return {std::move(early), std::move(after)};
}

int run(const DiffCommand& o) {
  const auto targets = resolve_outputs(o.output, diff_formats());
  if (o.window_split.empty() == o.after.empty())
    throw UsageError(o.after.empty() ? "diff needs two sides: BEFORE... -- AFTER..., or INPUTS... --window-split TIME"
                                     : "--window-split splits one input set; give no `--` AFTER inputs with it");
  const auto eras = o.no_bill ? std::vector<economics::Era>{} : load_eras(o.economics);
  model::CallGraph before, after;
  std::string before_label, after_label;
  if (o.window_split.empty()) {
    InputOptions other = o.input;
    other.inputs = o.after;
    std::tie(before, after) = load_sides(o.input, other);
    before_label = system_name(o.input.inputs);
    after_label = system_name(o.after);
  } else {
    const std::int64_t split = parse_time(o.window_split);
    InputOptions early = o.input, late = o.input;
    early.trace_window = importers::TraceWindow{std::nullopt, split};
    late.trace_window = importers::TraceWindow{split, std::nullopt};
    std::tie(before, after) = load_sides(early, late);
    before_label = system_name(o.input.inputs) + ", traces starting before " + o.window_split;
    after_label = system_name(o.input.inputs) + ", traces starting from " + o.window_split;
  }
  session::DiffResult result = session::diff_graphs(before, after, o.diff, before_label, after_label);
  if (!eras.empty()) {
    try {
      session::price_bills(result, before, after, eras, economics_threads(o.economics));
    } catch (const std::invalid_argument& e) {
      if (!o.input.quiet) std::cerr << "nanoscope: note: no overhead bill: " << e.what() << "\n";
    }
  }
  write_outputs(targets, [&](std::ostream& out, const std::string& format) {
    session::write_diff(out, result, *session::parse_diff_format(format));
  });
  if (!o.input.quiet && !writes_to_stdout(targets)) {
    for (const auto& t : targets) std::cerr << "wrote " << t.path << "\n";
    std::cerr << session::detail::headline(result) << "\n";
  }
  return 0;
}

}  // namespace

std::vector<char*> mark_diff_sides(int argc, char** argv) {
  std::vector<char*> args(argv, argv + argc);
  // Only when the command (the first word that is not an option) is `diff`.
  std::size_t i = 1;
  while (i < args.size() && args[i][0] == '-') ++i;
  if (i == args.size() || std::strcmp(args[i], "diff") != 0) return args;
  for (++i; i < args.size(); ++i)
    if (std::strcmp(args[i], "--") == 0) {
      args[i] = const_cast<char*>(kAfterOption);
      break;
    }
  return args;
}

Command add_diff_command(CLI::App& app) {
  auto state = std::make_shared<DiffCommand>();
  CLI::App* command = app.add_subcommand(
      "diff", "What changed between two periods: BEFORE... -- AFTER... (or INPUTS... --window-split TIME): services, "
              "edges, rates, errors, latency, findings and the overhead bill (text, json, markdown, html)");
  add_input_options(command, state->input);
  command->add_option(kAfterOption, state->after, "The after side's inputs (what follows `--`)")
      ->group("")  // hidden: written as `--`
      ->allow_extra_args(true);
  command->add_option("--window-split", state->window_split,
                      "Split one input set at TIME (UTC ISO 8601 or microseconds since the epoch): traces starting "
                      "before it are the before side (span formats only; docs/diff.md)");
  add_output_options(command, state->output, diff_formats(), "the diff");
  add_economics_options(command, state->economics);
  command->add_flag("--no-bill", state->no_bill, "Leave out the overhead bill of each side in each era");
  command->add_option("--alpha", state->diff.alpha,
                      "Family-wise error rate of each measure (Bonferroni over the edges compared; default 0.05)")
      ->check(CLI::Range(1e-12, 0.5));
  command->add_option("--min-rate-change", state->diff.min_rate_change,
                      "Smallest relative rate change flagged (default 0.10)")
      ->check(CLI::Range(0.0, 1e6));
  return {command, [state] { return run(*state); }};
}

}  // namespace nanoscope::cli
