// The report of `nanoscope simulate --method analytic`: the queueing-formula means of the
// chosen partition beside the one-process reference (and today's services when the partition
// was edited), the stations' utilisation and waits, the saturation load and the caveats that
// say where the discrete-event simulation will differ. Text and JSON (nlohmann).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "sim/analytic_model.hpp"
#include "sim/scenario.hpp"

namespace nanoscope::sim {

/// Everything `simulate --method analytic` prints.
struct AnalyticReport {
  std::string partition_name;
  std::uint32_t services = 0;
  std::uint32_t operations = 0;
  Scenario scenario;
  AnalyticResult partition;
  AnalyticResult one_process;
  std::optional<AnalyticResult> before;  ///< today's services, when the partition was edited
};

void write_analytic_text(std::ostream& out, const AnalyticReport& report);
/// JSON (schema in docs/simulator.md, "--method analytic"); an infinite latency is null.
void write_analytic_json(std::ostream& out, const AnalyticReport& report);

}  // namespace nanoscope::sim
