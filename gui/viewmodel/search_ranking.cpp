// Ranked service search.
#include "gui/viewmodel/search_ranking.hpp"

#include <algorithm>
#include <cctype>

#include "gui/viewmodel/table_rows.hpp"

namespace nanoscope::gui {
namespace {

bool equal_nocase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<MatchKind> match_kind(std::string_view name, std::string_view query) {
  if (query.empty() || query.size() > name.size()) return std::nullopt;
  if (equal_nocase(name, query)) return MatchKind::Exact;
  if (equal_nocase(name.substr(0, query.size()), query)) return MatchKind::Prefix;
  if (contains_nocase(name, query)) return MatchKind::Substring;
  return std::nullopt;
}

std::vector<SearchMatch> rank_matches(const std::vector<std::string>& names, std::string_view query) {
  std::vector<SearchMatch> out;
  if (query.empty()) return out;
  for (std::uint32_t i = 0; i < names.size(); ++i)
    if (const auto kind = match_kind(names[i], query)) out.push_back({i, *kind});
  std::sort(out.begin(), out.end(), [&](const SearchMatch& a, const SearchMatch& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    if (const int c = names[a.node].compare(names[b.node]); c != 0) return c < 0;
    return a.node < b.node;
  });
  return out;
}

const std::vector<SearchMatch>& ServiceSearch::update(const Document& doc, std::uint64_t revision,
                                                      const std::string& query) {
  if (revision == revision_ && query == query_) return matches_;
  const bool new_query = query != query_;
  revision_ = revision;
  query_ = query;
  matches_.clear();
  if (!doc.empty()) {
    std::vector<std::string> names;
    names.reserve(doc.report().services.nodes.size());
    for (const auto& n : doc.report().services.nodes) names.push_back(n.name);
    matches_ = rank_matches(names, query);
  }
  if (new_query || current_ >= matches_.size()) current_ = 0;
  return matches_;
}

std::optional<std::uint32_t> ServiceSearch::step(int step) {
  if (matches_.empty()) return std::nullopt;
  const auto n = static_cast<long>(matches_.size());
  current_ = static_cast<std::size_t>(((static_cast<long>(current_) + step) % n + n) % n);
  return matches_[current_].node;
}

std::optional<std::uint32_t> ServiceSearch::choose(std::size_t index) {
  if (index >= matches_.size()) return std::nullopt;
  current_ = index;
  return matches_[index].node;
}

std::string ServiceSearch::count_text() const {
  if (matches_.empty()) return "no match";
  return std::to_string(matches_.size()) + (matches_.size() == 1 ? " match" : " matches");
}

}  // namespace nanoscope::gui
