// YAML helpers shared by the manifest importers (Kubernetes, compose): loading every document
// of a file with syntax errors turned into ImportError FILE:LINE:COL, mapping look-ups that
// follow merge keys (<<) without ever looping, and typed access that fails at the node.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "importers/input_file.hpp"

namespace nanoscope::importers::detail {

/// Every document of `file`, in order; comment-only and empty documents come back as null
/// nodes. A syntax error throws ImportError at its line and column.
[[nodiscard]] std::vector<YAML::Node> load_yaml_documents(const InputFile& file);

/// Throws ImportError at the first collection (list or mapping) of `file` nested deeper than
/// `max_depth` levels (ImportLimits::max_yaml_depth). Deeper than kYamlCppMaxDepth is caught by
/// load_yaml_documents() anyway; other syntax errors are left to it too.
void check_yaml_depth(const InputFile& file, std::uint64_t max_depth);

/// Throws ImportError at the node's position (1-based line:col) in `file`.
[[noreturn]] void fail_at_node(const InputFile& file, const YAML::Node& node, const std::string& message);

/// Whether a node is absent or an explicit null (`key:` with no value, `~`, `null`).
[[nodiscard]] bool is_absent(const YAML::Node& node);

/// Value of `key` in a mapping, following YAML merge keys (`<<: *anchor`, or a list of
/// anchors); keys written in the mapping itself win. Absent node when `map` is not a mapping
/// or lacks the key.
[[nodiscard]] YAML::Node map_get(const YAML::Node& map, std::string_view key);

/// Key/value pairs of a mapping in document order, merged-in pairs after the mapping's own
/// (each key once). `what` names the node in the error thrown when it is not a mapping;
/// an absent or null node gives no pairs.
[[nodiscard]] std::vector<std::pair<std::string, YAML::Node>> map_entries(const InputFile& file, const YAML::Node& map,
                                                                          std::string_view what);

/// Elements of a sequence; an absent or null node gives none; anything else throws.
[[nodiscard]] std::vector<YAML::Node> seq_items(const InputFile& file, const YAML::Node& seq, std::string_view what);

/// Text of a scalar; nullopt when absent or null; throws when the node is a list or mapping.
[[nodiscard]] std::optional<std::string> scalar_text(const InputFile& file, const YAML::Node& node,
                                                     std::string_view what);

/// A non-negative integer scalar (e.g. replicas, ports); nullopt when absent; throws when it
/// is not an integer.
[[nodiscard]] std::optional<long long> integer_value(const InputFile& file, const YAML::Node& node,
                                                     std::string_view what);

}  // namespace nanoscope::importers::detail
