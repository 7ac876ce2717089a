// Resource amounts of Kubernetes and compose manifests, converted to base units.
#include "importers/resource_quantities.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>

namespace nanoscope::importers::detail {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Length of the leading "[+]digits[.digits]" part (at least one digit); 0 when none.
std::size_t number_length(std::string_view s) {
  std::size_t i = 0, digits = 0;
  if (i < s.size() && s[i] == '+') ++i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  return digits ? i : 0;
}

double to_double(std::string_view number) {
  if (!number.empty() && number.front() == '+') number.remove_prefix(1);
  return std::strtod(std::string(number).c_str(), nullptr);
}

bool finite(double v) { return std::isfinite(v); }

}  // namespace

std::optional<double> parse_decimal(std::string_view text) {
  text = trim(text);
  const std::size_t n = number_length(text);
  if (n == 0 || n != text.size()) return std::nullopt;
  return to_double(text);
}

std::optional<double> parse_kubernetes_quantity(std::string_view text) {
  text = trim(text);
  const std::size_t n = number_length(text);
  if (n == 0) return std::nullopt;
  const double value = to_double(text.substr(0, n));
  const std::string_view suffix = text.substr(n);
  if (suffix.empty()) return value;

  static constexpr std::array<std::pair<std::string_view, double>, 15> kSuffixes{{
      {"n", 1e-9}, {"u", 1e-6}, {"m", 1e-3}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12},
      {"P", 1e15}, {"E", 1e18},
      {"Ki", 1024.0}, {"Mi", 1048576.0}, {"Gi", 1073741824.0}, {"Ti", 1099511627776.0},
      {"Pi", 1125899906842624.0}, {"Ei", 1152921504606846976.0},
  }};
  for (const auto& [name, factor] : kSuffixes)
    if (suffix == name) return value * factor;

  // Decimal exponent: e3, E-2, e+6.
  if (suffix.front() == 'e' || suffix.front() == 'E') {
    std::string_view exp = suffix.substr(1);
    bool negative = false;
    if (!exp.empty() && (exp.front() == '+' || exp.front() == '-')) {
      negative = exp.front() == '-';
      exp.remove_prefix(1);
    }
    if (exp.empty() || exp.size() > 3) return std::nullopt;
    int e = 0;
    for (char c : exp) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      e = e * 10 + (c - '0');
    }
    const double v = value * std::pow(10.0, negative ? -e : e);
    return finite(v) ? std::optional<double>(v) : std::nullopt;
  }
  return std::nullopt;
}

std::optional<double> parse_compose_bytes(std::string_view text) {
  text = trim(text);
  const std::size_t n = number_length(text);
  if (n == 0) return std::nullopt;
  const double value = to_double(text.substr(0, n));
  std::string unit;
  for (char c : text.substr(n)) unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (unit.size() == 2 && unit[1] == 'b') unit.pop_back();      // kb, mb, gb ...
  if (unit.size() == 3 && unit.ends_with("ib")) unit.resize(1);  // kib, mib ...
  if (unit.empty() || unit == "b") return value;
  static constexpr std::string_view kUnits = "kmgtp";
  const std::size_t power = kUnits.find(unit);
  if (unit.size() != 1 || power == std::string_view::npos) return std::nullopt;
  return value * std::pow(1024.0, static_cast<double>(power + 1));
}

}  // namespace nanoscope::importers::detail
