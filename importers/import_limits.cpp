// Names, ranges and parsing of the import limits (import_limits.hpp).
#include "importers/import_limits.hpp"

#include <charconv>
#include <limits>
#include <stdexcept>

namespace nanoscope::importers {
namespace {

struct Entry {
  std::string_view name;
  std::string_view unit;
  std::string_view meaning;
  std::uint64_t ImportLimits::*member;
  std::uint64_t min;  ///< smallest value allowed (0 means "no limit" where it is allowed)
  std::uint64_t max;
};

constexpr std::uint64_t kNoMax = std::numeric_limits<std::uint64_t>::max();

constexpr Entry kEntries[] = {
    {"input-size", "bytes", "largest input file (0: no limit)", &ImportLimits::max_file_bytes, 0, kNoMax},
    {"manifest-size", "bytes", "largest YAML manifest or .env file (0: no limit)", &ImportLimits::max_manifest_bytes, 0,
     kNoMax},
    // The row buffer is a std::vector<char>: keep it addressable and sane on 64-bit hosts.
    {"csv-row", "bytes", "longest call-graph CSV row", &ImportLimits::max_csv_row_bytes, 1, std::uint64_t{1} << 40},
    {"yaml-depth", "levels", "deepest YAML nesting (at most 2000, yaml-cpp's own guard)", &ImportLimits::max_yaml_depth,
     1, kYamlCppMaxDepth},
};

std::string valid_names() {
  std::string names;
  for (const auto& e : kEntries) {
    if (!names.empty()) names += ", ";
    names += e.name;
  }
  return names;
}

// "123", "64K", "64M", "2G" (binary multiples; a trailing "B", "iB" is accepted too).
bool parse_value(std::string_view text, bool sizes, std::uint64_t& out) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data()) return false;
  std::string_view suffix(end, static_cast<std::size_t>(text.data() + text.size() - end));
  if (suffix.empty()) {
    out = value;
    return true;
  }
  if (!sizes) return false;
  unsigned shift = 0;
  switch (suffix.front()) {
    case 'k': case 'K': shift = 10; break;
    case 'm': case 'M': shift = 20; break;
    case 'g': case 'G': shift = 30; break;
    default: return false;
  }
  suffix.remove_prefix(1);
  if (!(suffix.empty() || suffix == "B" || suffix == "iB")) return false;
  if (value > (std::numeric_limits<std::uint64_t>::max() >> shift)) return false;
  out = value << shift;
  return true;
}

}  // namespace

std::vector<LimitInfo> describe(const ImportLimits& limits) {
  std::vector<LimitInfo> result;
  for (const auto& e : kEntries) result.push_back({e.name, e.unit, e.meaning, limits.*e.member});
  return result;
}

void apply_limit_setting(ImportLimits& limits, std::string_view setting) {
  const auto eq = setting.find('=');
  if (eq == std::string_view::npos)
    throw std::invalid_argument("limit setting '" + std::string(setting) + "' is not NAME=VALUE (limits: " +
                                valid_names() + ")");
  const auto name = setting.substr(0, eq);
  const auto text = setting.substr(eq + 1);
  for (const auto& e : kEntries) {
    if (name != e.name) continue;
    const bool sizes = e.unit == "bytes";
    std::uint64_t value = 0;
    if (!parse_value(text, sizes, value))
      throw std::invalid_argument("limit " + std::string(name) + " needs " +
                                  (sizes ? "a size in bytes (suffixes K, M, G allowed)" : "a whole number") +
                                  ", got '" + std::string(text) + "'");
    if (value < e.min || value > e.max)
      throw std::invalid_argument("limit " + std::string(name) + " must be " +
                                  (e.max == kNoMax ? "at least " + std::to_string(e.min)
                                                   : "from " + std::to_string(e.min) + " to " + std::to_string(e.max)) +
                                  ", got '" + std::string(text) + "'");
    limits.*e.member = value;
    return;
  }
  throw std::invalid_argument("unknown limit '" + std::string(name) + "' (limits: " + valid_names() + ")");
}

ImportLimits parse_limit_settings(const std::vector<std::string>& settings, ImportLimits limits) {
  for (const auto& s : settings) apply_limit_setting(limits, s);
  return limits;
}

std::string describe_bytes(std::uint64_t bytes) {
  if (bytes != 0 && bytes % (std::uint64_t{1} << 30) == 0) return std::to_string(bytes >> 30) + " GiB";
  if (bytes != 0 && bytes % (std::uint64_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes != 0 && bytes % (std::uint64_t{1} << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

std::string limit_hint(std::string_view name) {
  for (const auto& e : kEntries)
    if (name == e.name)
      return "(raise it with --limit " + std::string(name) + (e.unit == "bytes" ? "=BYTES)" : "=LEVELS)");
  return "(raise it with --limit " + std::string(name) + "=VALUE)";
}

}  // namespace nanoscope::importers
