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

}  // namespace nanoscope::cli
