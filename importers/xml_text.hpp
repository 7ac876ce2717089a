// Text in XML documents the graph writers produce (GraphML, GEXF): the one escaping rule.
#pragma once

#include <string>
#include <string_view>

#include "importers/text_checks.hpp"

namespace nanoscope::importers::detail {

/// `s` as XML character data or attribute value: markup characters escaped, control
/// characters and noncharacters XML 1.0 does not allow dropped, and malformed UTF-8 replaced by U+FFFD, so the
/// document always parses.
[[nodiscard]] inline std::string escape_xml(std::string_view s) {
  std::string repaired;
  if (find_invalid_utf8(s)) {
    repaired = repair_utf8(s);
    s = repaired;
  }
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    // U+FFFE and U+FFFF are no XML characters either.
    if (c == '\xEF' && s.substr(i, 2) == "\xEF\xBF" && i + 2 < s.size() && (s[i + 2] == '\xBE' || s[i + 2] == '\xBF')) {
      i += 2;
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
        out += c;
    }
  }
  return out;
}

}  // namespace nanoscope::importers::detail
