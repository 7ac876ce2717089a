// The one rule for naming a versioned workload in the graph: versions of one app are one
// service (Bookinfo's reviews-v1/v2/v3 are "reviews"), used by the Kubernetes manifests
// importer and by the Kiali graph importer.
#pragma once

#include <string>
#include <string_view>

namespace nanoscope::importers::detail {

/// The graph name of workload `workload` carrying app name `app` (label app,
/// app.kubernetes.io/name ...): the app when the workload is a version of it (it has a version
/// label and is named `<app>-...`, e.g. details-v1), else the workload's own name.
[[nodiscard]] inline std::string versioned_workload_name(std::string_view workload, std::string_view app,
                                                         bool has_version) {
  if (has_version && !app.empty() && workload.size() > app.size() && workload.starts_with(app) &&
      workload[app.size()] == '-')
    return std::string(app);
  return std::string(workload);
}

}  // namespace nanoscope::importers::detail
