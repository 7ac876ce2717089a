// Spellings and the worst-first order of findings.
#include "analysis/finding.hpp"

#include <algorithm>
#include <array>
#include <tuple>

namespace nanoscope::analysis {
namespace {

constexpr std::array<std::string_view, 7> kKindNames = {
    "knot", "cycle", "hub", "chatty", "distributed-monolith", "shared-persistence", "nanoservice-candidate"};

}  // namespace

std::string_view to_string(FindingKind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::Low: return "low";
    case Severity::Medium: return "medium";
    case Severity::High: return "high";
  }
  return "low";
}

std::optional<FindingKind> parse_finding_kind(std::string_view text) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i)
    if (kKindNames[i] == text) return static_cast<FindingKind>(i);
  return std::nullopt;
}

void sort_findings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    if (a.traffic != b.traffic) return a.traffic > b.traffic;
    if (a.services.size() != b.services.size()) return a.services.size() > b.services.size();
    return std::tie(a.kind, a.rule, a.services, a.explanation) < std::tie(b.kind, b.rule, b.services, b.explanation);
  });
}

}  // namespace nanoscope::analysis
