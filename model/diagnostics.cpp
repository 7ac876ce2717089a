// Diagnostics aggregation by (file, code).
#include "model/diagnostics.hpp"

namespace nanoscope::model {

void Diagnostics::report(Severity severity, std::string_view file, std::string_view code,
                         std::string_view message, std::uint64_t count) {
  auto& d = entries_[{std::string(file), std::string(code)}];
  if (d.count == 0) {
    d.severity = severity;
    d.file = std::string(file);
    d.code = std::string(code);
    d.message = std::string(message);
  }
  d.count += count;
}

void Diagnostics::merge(const Diagnostics& other) {
  for (const auto& [key, d] : other.entries_) report(d.severity, d.file, d.code, d.message, d.count);
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> out;
  for (const auto& [key, d] : entries_) out.push_back(d);
  return out;
}

std::uint64_t Diagnostics::count(std::string_view code) const {
  std::uint64_t n = 0;
  for (const auto& [key, d] : entries_)
    if (d.code == code) n += d.count;
  return n;
}

}  // namespace nanoscope::model
