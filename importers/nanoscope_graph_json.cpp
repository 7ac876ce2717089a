// PLACEHOLDER being written in this session.
#include "importers/formats.hpp"
namespace nanoscope::importers {
std::uint64_t import_nanoscope_graph(const InputFile& file, GraphBuilder& builder) {
  throw ImportError(file.path(), {}, "format not yet supported");
}
}  // namespace nanoscope::importers
