// Diagnostics an import collects instead of failing: counted by (file, code), with the
// first example kept, so nothing skipped goes unreported and output stays short.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace nanoscope::model {

enum class Severity { Info, Warning };

/// One kind of problem in one file, with how often it happened.
struct Diagnostic {
  Severity severity = Severity::Warning;
  std::string file;
  std::string code;     ///< stable identifier, e.g. "dangling-parent"
  std::string message;  ///< the first occurrence, in words
  std::uint64_t count = 0;
};

/// Collects diagnostics; deterministic order (file, code).
class Diagnostics {
 public:
  /// Records one occurrence; the message is kept only for the first of its (file, code).
  void report(Severity severity, std::string_view file, std::string_view code, std::string_view message,
              std::uint64_t count = 1);
  void merge(const Diagnostics& other);
  [[nodiscard]] std::vector<Diagnostic> sorted() const;
  /// Total occurrences of a code over all files.
  [[nodiscard]] std::uint64_t count(std::string_view code) const;
  [[nodiscard]] bool empty() const { return entries_.empty(); }

 private:
  std::map<std::tuple<std::string, std::string>, Diagnostic> entries_;
};

}  // namespace nanoscope::model
