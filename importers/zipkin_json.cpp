// PLACEHOLDER being written in this session; replaced by the real importer.
#include "importers/formats.hpp"

namespace nanoscope::importers {
std::uint64_t import_zipkin_json(const InputFile& file, GraphBuilder& builder) {
  throw ImportError("", {}, "format not yet supported");
}
}  // namespace nanoscope::importers
