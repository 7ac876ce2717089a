// -o (repeatable) and --format: resolving each output's format and writing one result to all.
#include "cli/output_options.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/usage.hpp"
#include "importers/atomic_output.hpp"

namespace nanoscope::cli {
namespace {

const OutputFormat* find_format(const OutputFormats& formats, const std::string& name) {
  for (const auto& f : formats.formats)
    if (f.name == name || std::find(f.aliases.begin(), f.aliases.end(), name) != f.aliases.end()) return &f;
  return nullptr;
}

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::vector<std::string> names(const OutputFormats& formats, bool with_aliases) {
  std::vector<std::string> out;
  for (const auto& f : formats.formats) {
    out.push_back(f.name);
    if (with_aliases) out.insert(out.end(), f.aliases.begin(), f.aliases.end());
  }
  return out;
}

std::vector<std::string> extensions(const OutputFormats& formats) {
  std::vector<std::string> out;
  for (const auto& f : formats.formats) out.insert(out.end(), f.extensions.begin(), f.extensions.end());
  return out;
}

std::string format_of(const std::string& path, const OutputFormats& formats) {
  if (path == "-") return formats.fallback;
  const std::string extension = std::filesystem::path(path).extension().string();
  if (extension.empty()) return formats.fallback;
  for (const auto& f : formats.formats)
    if (std::find(f.extensions.begin(), f.extensions.end(), extension) != f.extensions.end()) return f.name;
  throw UsageError("-o " + path + ": unknown extension '" + extension + "' (known: " +
                   joined(extensions(formats), ", ") + "); give --format " + joined(names(formats, false), "|"));
}

}  // namespace

void add_output_options(CLI::App* command, OutputOptions& options, const OutputFormats& formats,
                        const std::string& what) {
  command->add_option("-o,--output", options.outputs,
                      "Write " + what + " here, atomically (repeatable: one result, several files; - or none: "
                      "standard output)")
      ->allow_extra_args(false);
  std::string help = "Format: " + joined(names(formats, false), ", ") + " (default: from -o's extension, else " +
                     formats.fallback + ")";
  command->add_option("--format", options.format, help)->check(CLI::IsMember(names(formats, true)));
}

std::vector<OutputTarget> resolve_outputs(const OutputOptions& options, const OutputFormats& formats) {
  std::vector<std::string> paths = options.outputs;
  if (paths.empty()) paths.push_back("-");
  std::vector<OutputTarget> targets;
  for (const auto& path : paths) {
    for (const auto& t : targets)
      if (t.path == path) throw UsageError("-o " + path + " is given twice");
    if (options.format.empty()) {
      targets.push_back({path, format_of(path, formats)});
    } else if (const OutputFormat* f = find_format(formats, options.format)) {
      targets.push_back({path, f->name});
    } else {
      throw UsageError("unknown format '" + options.format + "' (formats: " + joined(names(formats, false), ", ") + ")");
    }
  }
  return targets;
}

bool writes_to_stdout(const std::vector<OutputTarget>& targets) {
  return std::any_of(targets.begin(), targets.end(), [](const OutputTarget& t) { return t.path == "-"; });
}

void write_outputs(const std::vector<OutputTarget>& targets,
                   const std::function<void(std::ostream&, const std::string& format)>& write) {
  for (const auto& t : targets) {
    if (t.path != "-") {
      importers::write_file_atomically(t.path, [&](std::ostream& out) { write(out, t.format); });
      continue;
    }
    std::ostringstream text;
    write(text, t.format);
    std::cout << text.view();
    std::cout.flush();
    if (!std::cout) throw std::runtime_error("cannot write to standard output");
  }
}

}  // namespace nanoscope::cli
