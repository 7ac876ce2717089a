// Shared builders of the economics tests.
#include "economics/economics_test_support.hpp"

#include "importers/import_set.hpp"

namespace nanoscope::test {

model::CallGraph social_network_graph() {
  return importers::import_inputs({std::string(NANOSCOPE_SOURCE_DIR) + "/scenarios/examples/social-network"}).graph;
}

std::vector<economics::Era> bundled_eras() { return economics::load_bundled_eras(NANOSCOPE_SOURCE_DIR); }

}  // namespace nanoscope::test
