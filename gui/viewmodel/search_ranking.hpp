// Finding a service by name: case-insensitive matches ranked exact, then prefix, then
// substring (ties by name), so "Service48" lists Service48 before Service480..489. The
// graph outlines every match; the window lists them in this order and frames the chosen one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gui/viewmodel/document.hpp"

namespace nanoscope::gui {

/// How a name matches the query (better first).
enum class MatchKind { Exact, Prefix, Substring };

/// How `name` matches `query` ignoring ASCII case; nullopt when it does not (or the query is empty).
[[nodiscard]] std::optional<MatchKind> match_kind(std::string_view name, std::string_view query);

/// One matching service.
struct SearchMatch {
  std::uint32_t node = 0;
  MatchKind kind = MatchKind::Substring;
};

/// Every node of `names` matching `query`, best first: exact, prefix, substring; ties by
/// name, then index. Empty for an empty query.
[[nodiscard]] std::vector<SearchMatch> rank_matches(const std::vector<std::string>& names, std::string_view query);

/// The ranked matches of the document's services for the search text, recomputed only when
/// the text or the document changed, and the match the user is on.
class ServiceSearch {
 public:
  /// The matches for `query` over `doc` (`revision` identifies the document).
  const std::vector<SearchMatch>& update(const Document& doc, std::uint64_t revision, const std::string& query);
  [[nodiscard]] const std::vector<SearchMatch>& matches() const { return matches_; }
  /// Index into matches() of the current match (0 after every new query).
  [[nodiscard]] std::size_t current() const { return current_; }
  /// Moves the current match by `step` (wrapping); returns its node, if any match.
  std::optional<std::uint32_t> step(int step);
  /// Makes match `index` current; returns its node.
  std::optional<std::uint32_t> choose(std::size_t index);
  /// "no match", "1 match", "12 matches".
  [[nodiscard]] std::string count_text() const;

 private:
  std::uint64_t revision_ = 0;
  std::string query_;
  std::vector<SearchMatch> matches_;
  std::size_t current_ = 0;
};

}  // namespace nanoscope::gui
