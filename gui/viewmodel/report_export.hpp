// The report the app exports (File > Export report): the analysis of the current partition,
// the economics of the chosen era (its priced granularity levels), the current partition
// (its groups, and priced against today's when that price is ready). The last simulation is
// not written yet: its type moved to session::PartitionComparison on main (see the branch's
// report; sim::write_simulation_text/json are the writers to call). Every economics part is
// written by economics' own writers (economics/report_writers.hpp: the same text as
// `nanoscope report` and `nanoscope whatif`); JSON nests each writer's document in one object.
#pragma once

#include <ostream>
#include <string>

#include "analysis/report_writers.hpp"
#include "economics/report.hpp"
#include "gui/viewmodel/document.hpp"
#include "gui/viewmodel/economics_view.hpp"
#include "gui/viewmodel/partition_pricing.hpp"

namespace nanoscope::gui {

class AppModel;

/// What goes into the exported report besides the document's analysis (null: left out).
struct ReportContents {
  const Document* document = nullptr;
  std::string name;                               ///< the inputs, as the header shows them
  const EconomicsResult* economics = nullptr;     ///< the chosen era's sweep
  const PartitionPrice* price = nullptr;          ///< the current partition against today's
};

/// The app's current contents: the chosen era's sweep once swept, the current partition's
/// price when it is of this partition and era.
[[nodiscard]] ReportContents report_contents(const AppModel& app);

/// The economics report of one swept era (no Leiden suggestion; knots of the observed services).
[[nodiscard]] economics::EconomicsReport era_report(const model::CallGraph& graph, const EconomicsResult& result,
                                                    const std::string& name);

/// Writes the whole report in `format` (Markdown and text: sections one after another; JSON:
/// {"format": "nanoscope-app-report", "analysis", "economics", "partition"}).
void write_app_report(std::ostream& out, const ReportContents& contents, analysis::ReportFormat format);

}  // namespace nanoscope::gui
