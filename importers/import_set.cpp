// Importing a set of inputs in one process: plan them, import every unit in order, finish.
#include "importers/import_set.hpp"

#include "importers/import_plan.hpp"
#include "importers/unit_importer.hpp"

namespace nanoscope::importers {

ImportResult import_inputs(const std::vector<std::string>& inputs, const ImportOptions& options) {
  const ImportPlan plan = plan_import(inputs, options);
  UnitImporter importer(plan, options);
  for (std::size_t unit = 0; unit < plan.units.size(); ++unit) importer.import_unit(unit);
  return importer.finish();
}

}  // namespace nanoscope::importers
