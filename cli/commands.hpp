// The commands of the nanoscope CLI, each a thin function over the libraries.
#pragma once

#include <cstdint>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace nanoscope::cli {

/// Options of `nanoscope import`.
struct ImportOptions {
  std::vector<std::string> inputs;
  std::string output;  ///< empty: print a summary
  std::string format;  ///< empty: from the output's extension, else json
  bool quiet = false;
  double max_input_mb = 0;      ///< largest input file in MB (0: no limit; docs/limits.md)
  double max_manifest_mb = 64;  ///< largest YAML manifest / .env file in MB (0: no limit)
  std::vector<std::string> limits;  ///< "--limit NAME=VALUE" (importers/import_limits.hpp), after the two above
};

/// Runs `nanoscope import`; returns the exit code. Throws on errors (caught by main).
int run_import(const ImportOptions& options);

/// Options of `nanoscope analyze`.
struct AnalyzeOptions {
  std::vector<std::string> inputs;
  std::string output;                   ///< empty or "-": standard output
  std::string format;                   ///< text, json or markdown; empty: from the output's extension, else text
  std::vector<std::string> thresholds;  ///< "name=value" settings (see analysis/thresholds.hpp)
  std::string scenario;                 ///< scenario YAML whose `analysis.thresholds` apply first
  std::vector<std::string> limits;      ///< import limits, "NAME=VALUE" (importers/import_limits.hpp)
};

/// Runs `nanoscope analyze`; returns the exit code. Throws on errors (caught by main).
int run_analyze(const AnalyzeOptions& options);

/// Options of `nanoscope simulate`. Numbers stay text until run_simulate checks them, so
/// "not given" (empty) keeps the scenario's value.
struct SimulateOptions {
  std::vector<std::string> inputs;
  std::string scenario;                 ///< scenario YAML (section `simulation:`); empty: defaults
  std::string partition;                ///< partition file; empty: the observed services
  std::vector<std::string> merges;      ///< "A,B": merge services A and B (repeatable, in order)
  std::vector<std::string> splits;      ///< split a service into one per operation (repeatable)
  std::string duration, seed, replications;
  std::string arrivals;                 ///< poisson or replay; empty: the scenario's
  std::optional<double> rate;           ///< total requests/s over every entry (keeps the mix)
  std::string concurrency;              ///< async or blocking; empty: the scenario's
  std::string method = "des";           ///< des (discrete events) or analytic (queueing formulas)
  bool allow_empty = false;             ///< a run that would see no request is not an error
  std::string format;                   ///< text or json; empty: from the output's extension, else text
  std::string output;                   ///< empty or "-": standard output
  std::uint32_t threads = 2;
  bool quiet = false;
  std::vector<std::string> limits;      ///< import limits, "NAME=VALUE" (importers/import_limits.hpp)
};

/// Runs `nanoscope simulate`; returns the exit code. Throws on errors (caught by main).
int run_simulate(const SimulateOptions& options);

/// Options of `nanoscope report` and `nanoscope sweep` (overhead economics).
struct EconomicsOptions {
  std::vector<std::string> inputs;
  std::vector<std::string> scenarios;   ///< era files; empty: scenarios/eras/*.yaml
  std::string format;                   ///< json, markdown, csv, html; empty: from the output's extension
  std::string output;                   ///< empty or "-": standard output
  unsigned samples = 0;                 ///< Monte-Carlo samples per era; 0: the era file's
  std::size_t max_levels = 48;          ///< granularity levels at most (0: all)
  std::string suggest_partition;        ///< write Leiden's suggested partition file here (empty: don't)
  unsigned threads = 0;                 ///< worker threads; 0: NANOSCOPE_THREADS, else every core
  bool quiet = false;
  std::vector<std::string> limits;      ///< import limits, "NAME=VALUE" (importers/import_limits.hpp)
};

/// Runs `nanoscope report`; returns the exit code. Throws on errors (caught by main).
int run_report(const EconomicsOptions& options);
/// Runs `nanoscope sweep`; returns the exit code. Throws on errors (caught by main).
int run_sweep(const EconomicsOptions& options);

/// Options of `nanoscope whatif`.
struct WhatIfOptions {
  std::vector<std::string> inputs;
  std::vector<std::string> scenarios;
  std::vector<std::string> merges;      ///< "A,B"
  std::vector<std::string> splits;      ///< "SERVICE" or "SERVICE:op1,op2"
  std::string partition;                ///< partition file
  std::string format;
  std::string output;
  unsigned samples = 0;
  unsigned threads = 0;                 ///< worker threads; 0: NANOSCOPE_THREADS, else every core
  std::vector<std::string> limits;      ///< import limits, "NAME=VALUE" (importers/import_limits.hpp)
};

/// Runs `nanoscope whatif`; returns the exit code. Throws on errors (caught by main).
int run_whatif(const WhatIfOptions& options);

}  // namespace nanoscope::cli
