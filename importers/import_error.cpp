// One-line rendering of import errors.
#include "importers/import_error.hpp"

namespace nanoscope::importers {
namespace {
std::string render(const std::string& file, const SourcePosition& p, const std::string& message) {
  std::string out = file.empty() ? std::string("<input>") : file;
  if (p.line) {
    out += ":" + std::to_string(*p.line);
    if (p.column) out += ":" + std::to_string(*p.column);
    out += ": ";
  } else if (p.byte_offset) {
    out += ": byte " + std::to_string(*p.byte_offset) + ": ";
  } else {
    out += ": ";
  }
  return out + message;
}
}  // namespace

ImportError::ImportError(std::string file, SourcePosition position, std::string message)
    : std::runtime_error(render(file, position, message)),
      file_(std::move(file)),
      position_(position),
      message_(std::move(message)) {}

}  // namespace nanoscope::importers
