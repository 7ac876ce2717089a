// Compose-style variable interpolation ($VAR, ${VAR}, ${VAR:-default}, ${VAR-default},
// ${VAR:?error}, ${VAR:+alt}, $$) and the .env files that feed it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importers/graph_builder.hpp"
#include "importers/input_file.hpp"

namespace nanoscope::importers::detail {

/// Variables available to interpolation, by name.
using Variables = std::map<std::string, std::string, std::less<>>;

/// Outcome of interpolating one string.
struct Interpolation {
  std::string text;
  std::vector<std::string> unset;     ///< variables used with no value and no default (became "")
  std::vector<std::string> required;  ///< ${VAR:?message} / ${VAR?message} whose VAR was missing
  std::string error;                  ///< non-empty when the syntax is broken (text is then unusable)
};

/// Substitutes variables in `text` as docker compose does; `$$` is a literal `$`, a `$`
/// not followed by a name or `{` stays as it is; defaults may hold further substitutions.
[[nodiscard]] Interpolation interpolate(std::string_view text, const Variables& variables);

/// Parses a dotenv file: KEY=VALUE lines, optional "export ", # comments (also after an
/// unquoted value, when preceded by a blank), single quotes (literal), double quotes
/// (escapes \n \t \" \\, may span lines), values interpolated from keys defined earlier.
/// Bad lines are reported (builder.warn "dotenv-invalid-line" against the .env file) and skipped;
/// a bare "KEY" (taken from the shell by compose) is reported as info and skipped.
[[nodiscard]] Variables parse_dotenv(const InputFile& file, GraphBuilder& builder);

}  // namespace nanoscope::importers::detail
