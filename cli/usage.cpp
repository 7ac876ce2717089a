// Exit codes, parse errors mapped to exit 2, and "did you mean" by edit distance.
#include "cli/usage.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>

namespace nanoscope::cli {
namespace {

// Optimal string alignment distance: Levenshtein plus the swap of two neighbours.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::string with_suggestion(const std::string& what, const std::string& typed, const std::vector<std::string>& names) {
  std::string message = "unknown " + what + " '" + typed + "'";
  if (const auto near = closest_name(typed, names)) message += "; did you mean '" + *near + "'?";
  return message;
}

// The first word that is not an option: the command (the top level has only --help and --version).
const char* first_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (argv[i][0] != '-') return argv[i];
  return nullptr;
}

// A long option the command does not know ("--durations" in `simulate`), with the closest known one.
std::optional<std::string> unknown_long_option(const CLI::App& command, int argc, char** argv) {
  std::vector<std::string> known;
  for (const CLI::Option* option : command.get_options())
    for (const auto& name : option->get_lnames()) known.push_back("--" + name);
  known.push_back("--help");
  std::sort(known.begin(), known.end());
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (!arg.starts_with("--")) continue;
    const std::string name(arg.substr(0, arg.find('=')));
    if (!std::binary_search(known.begin(), known.end(), name)) return with_suggestion("option", name, known);
  }
  return std::nullopt;
}

int usage_error(const std::string& message, const std::string& command) {
  std::fprintf(stderr, "nanoscope: error: %s (see 'nanoscope %s--help')\n", message.c_str(),
               command.empty() ? "" : (command + " ").c_str());
  return kExitUsageError;
}

}  // namespace

std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& candidates) {
  std::vector<std::string> sorted = candidates;
  std::sort(sorted.begin(), sorted.end());
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& name : sorted) {
    const std::size_t d = edit_distance(typed, name);
    if (d > 2 || 2 * d >= typed.size()) continue;
    if (!best || d < best_distance) {
      best = name;
      best_distance = d;
    }
  }
  return best;
}

std::string conventions_help() {
  return "Conventions (every command):\n"
         "  Inputs are files or directories in any format `import` reads, merged into one graph; an input\n"
         "  that yields nothing (an empty file, a folder without a recognised file) is an error naming it.\n"
         "  -o FILE writes atomically (a failed run leaves FILE as it was); repeat -o to write one result\n"
         "  in several formats; -o - or no -o writes to standard output. The format comes from --format,\n"
         "  else the output's extension; an unknown extension without --format is a usage error.\n"
         "  -q silences progress and notes on standard error; errors are one line on standard error.\n"
         "  --limit NAME=VALUE sets an import limit (docs/limits.md).\n"
         "  Every command but import leaves out infrastructure (telemetry, feature flags, registries,\n"
         "  gateways, sidecars; --include-infrastructure keeps it, --exclude NAME|GLOB leaves out more) and\n"
         "  treats unrelated inputs as separate systems: analyze reports each, the others need --system.\n"
         "\n"
         "Exit codes:\n"
         "  0  success\n"
         "  1  failed run: unreadable, malformed or empty input, nothing to analyse, output not written\n"
         "  2  usage error: unknown command or option, bad option value, unknown output extension\n";
}

int run_command_line(CLI::App& app, const std::vector<Command>& commands, int argc, char** argv) {
  if (const char* word = first_word(argc, argv)) {
    std::vector<std::string> names;
    for (const auto& c : commands) names.push_back(c.app->get_name());
    if (std::find(names.begin(), names.end(), word) == names.end())
      return usage_error(with_suggestion("command", word, names), "");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);  // --help, --version
    const CLI::App* chosen = nullptr;
    if (const char* word = first_word(argc, argv))
      for (const auto& c : commands)
        if (c.app->get_name() == word) chosen = c.app;
    if (!chosen) return usage_error(e.what(), "");
    if (const auto unknown = unknown_long_option(*chosen, argc, argv)) return usage_error(*unknown, chosen->get_name());
    return usage_error(e.what(), chosen->get_name());
  }
  for (const auto& c : commands) {
    if (!c.app->parsed()) continue;
    try {
      return c.run();
    } catch (const UsageError& e) {
      return usage_error(e.what(), c.app->get_name());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "nanoscope: error: %s\n", e.what());
      return kExitFailedRun;
    }
  }
  return kExitSuccess;
}

}  // namespace nanoscope::cli
