// The commands of the nanoscope CLI, each a thin function over the libraries.
#pragma once

#include <string>
#include <vector>

namespace nanoscope::cli {

/// Options of `nanoscope import`.
struct ImportOptions {
  std::vector<std::string> inputs;
  std::string output;  ///< empty: print a summary
  std::string format;  ///< empty: from the output's extension, else json
  bool quiet = false;
};

/// Runs `nanoscope import`; returns the exit code. Throws on errors (caught by main).
int run_import(const ImportOptions& options);

/// Options of `nanoscope analyze`.
struct AnalyzeOptions {
  std::vector<std::string> inputs;
  std::string output;                   ///< empty or "-": standard output
  std::string format;                   ///< text, json or markdown; empty: from the output's extension, else text
  std::vector<std::string> thresholds;  ///< "name=value" settings (see analysis/thresholds.hpp)
};

/// Runs `nanoscope analyze`; returns the exit code. Throws on errors (caught by main).
int run_analyze(const AnalyzeOptions& options);

}  // namespace nanoscope::cli
