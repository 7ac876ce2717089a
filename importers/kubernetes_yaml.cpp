// PLACEHOLDER being written in this session; replaced by the real importer.
#include "importers/formats.hpp"

namespace nanoscope::importers {
std::vector<std::uint64_t> import_kubernetes_yaml(const std::vector<InputFile>& files, GraphBuilder& builder) {
  throw ImportError("", {}, "format not yet supported");
}
}  // namespace nanoscope::importers
