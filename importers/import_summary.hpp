// The human summary of an import: files, counts, entry points, busiest edges, diagnostics.
#pragma once

#include <string>

#include "importers/import_set.hpp"

namespace nanoscope::importers {

/// Multi-line text a person reads after `nanoscope import` without -o. Deterministic.
[[nodiscard]] std::string format_import_summary(const ImportResult& result);

}  // namespace nanoscope::importers
