// YAML loading and typed access for the manifest importers, with errors at node positions.
#include "importers/yaml_nodes.hpp"

#include <charconv>
#include <set>
#include <sstream>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include "importers/import_limits.hpp"
#include "importers/text_checks.hpp"
#include "model/yaml_error.hpp"

namespace nanoscope::importers::detail {
namespace {

// Merge chains deeper than this are treated as absent; an anchor aliased inside itself
// would otherwise make the look-up loop.
constexpr int kMaxMergeDepth = 8;

SourcePosition position_of(const YAML::Mark& mark) {
  SourcePosition p;
  if (const auto at = model::yaml_position(mark)) {
    p.line = at->line;
    p.column = at->column;
  }
  return p;
}

std::string lower_first(std::string message) {
  if (!message.empty() && message.front() >= 'A' && message.front() <= 'Z') message.front() += 'a' - 'A';
  while (!message.empty() && (message.back() == '.' || message.back() == ' ')) message.pop_back();
  return message;
}

bool key_is(const YAML::Node& key, std::string_view name) { return key.IsScalar() && key.Scalar() == name; }

// Every mapping is searched at most once, so aliases that merge a mapping into itself or
// merge the same anchor many times cannot make the look-up loop or explode.
bool first_visit(const YAML::Node& node, std::vector<YAML::Node>& visited) {
  for (const auto& v : visited)
    if (v.is(node)) return false;
  visited.push_back(node);
  return true;
}

YAML::Node find(const YAML::Node& map, std::string_view key, int depth, std::vector<YAML::Node>& visited) {
  if (depth > kMaxMergeDepth || !map.IsMap() || !first_visit(map, visited)) return YAML::Node();
  for (const auto& kv : map)
    if (key_is(kv.first, key)) return kv.second;
  for (const auto& kv : map) {
    if (!key_is(kv.first, "<<")) continue;
    const YAML::Node& merged = kv.second;
    if (merged.IsMap()) return find(merged, key, depth + 1, visited);
    if (merged.IsSequence())
      for (const auto& part : merged) {
        YAML::Node hit = find(part, key, depth + 1, visited);
        if (!is_absent(hit)) return hit;
      }
  }
  return YAML::Node();
}

void collect(const YAML::Node& map, int depth, std::set<std::string>& seen, std::vector<YAML::Node>& visited,
             std::vector<std::pair<std::string, YAML::Node>>& out) {
  if (depth > kMaxMergeDepth || !map.IsMap() || !first_visit(map, visited)) return;
  for (const auto& kv : map) {
    if (!kv.first.IsScalar() || key_is(kv.first, "<<")) continue;
    if (seen.insert(kv.first.Scalar()).second) out.emplace_back(kv.first.Scalar(), kv.second);
  }
  for (const auto& kv : map) {
    if (!key_is(kv.first, "<<")) continue;
    if (kv.second.IsMap()) collect(kv.second, depth + 1, seen, visited, out);
    if (kv.second.IsSequence())
      for (const auto& part : kv.second) collect(part, depth + 1, seen, visited, out);
  }
}

/// Watches the document starts of a parse: yaml-cpp 0.7's LoadAll() loops forever, adding an
/// empty document each time, when a document begins with a token no rule takes (e.g. a line
/// starting with ','; jbeder/yaml-cpp#1040, fixed upstream after 0.7). A document that starts
/// where the previous one did means no progress.
class ProgressCheck : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    stuck_ = started_ && mark.pos == last_.pos;
    started_ = true;
    last_ = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
  [[nodiscard]] bool stuck() const { return stuck_; }
  [[nodiscard]] const YAML::Mark& last() const { return last_; }

 private:
  bool started_ = false, stuck_ = false;
  YAML::Mark last_ = YAML::Mark::null_mark();
};

/// Parses every document once without building nodes; throws ImportError where yaml-cpp
/// would loop.
void check_documents_end(const InputFile& file, const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  ProgressCheck check;
  while (parser.HandleNextDocument(check))
    if (check.stuck()) throw ImportError(file.path(), position_of(check.last()), "yaml syntax error: unexpected token");
}

/// Counts open collections during a parse and throws at the first one past the limit.
class DepthCheck : public YAML::EventHandler {
 public:
  DepthCheck(const InputFile& file, std::uint64_t max_depth) : file_(file), max_depth_(max_depth) {}
  void OnDocumentStart(const YAML::Mark& mark) override {
    stuck_ = started_ && mark.pos == last_pos_;  // yaml-cpp#1040, see ProgressCheck
    started_ = true;
    last_pos_ = mark.pos;
    depth_ = 0;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  [[nodiscard]] bool stuck() const { return stuck_; }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    open(mark);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    open(mark);
  }
  void OnMapEnd() override { --depth_; }

 private:
  void open(const YAML::Mark& mark) {
    if (++depth_ <= max_depth_) return;
    throw ImportError(file_.path(), position_of(mark),
                      "yaml nesting too deep: more than the limit of " + std::to_string(max_depth_) + " levels " +
                          limit_hint("yaml-depth"));
  }
  const InputFile& file_;
  std::uint64_t max_depth_;
  std::uint64_t depth_ = 0;
  bool started_ = false, stuck_ = false;
  int last_pos_ = -1;
};

}  // namespace

void check_yaml_depth(const InputFile& file, std::uint64_t max_depth) {
  if (max_depth >= kYamlCppMaxDepth) return;  // yaml-cpp's own guard (in load_yaml_documents)
  require_utf8_text(file);
  try {
    std::istringstream in{std::string(file.text())};
    YAML::Parser parser(in);
    DepthCheck check(file, max_depth);
    while (parser.HandleNextDocument(check) && !check.stuck()) {
    }
  } catch (const YAML::Exception&) {
    // A syntax error (or yaml-cpp's own depth guard): load_yaml_documents() reports it.
  }
}

std::vector<YAML::Node> load_yaml_documents(const InputFile& file) {
  require_utf8_text(file);  // yaml-cpp would pass malformed bytes through into names
  try {
    const std::string text(file.text());
    check_documents_end(file, text);
    return YAML::LoadAll(text);
  } catch (const YAML::DeepRecursion& e) {
    throw ImportError(file.path(), position_of(e.mark), "yaml nesting too deep: more than " +
                                                            std::to_string(kYamlCppMaxDepth) +
                                                            " levels, the most yaml-cpp reads");
  } catch (const YAML::Exception& e) {
    throw ImportError(file.path(), position_of(e.mark), "yaml syntax error: " + lower_first(e.msg));
  }
}

void fail_at_node(const InputFile& file, const YAML::Node& node, const std::string& message) {
  throw ImportError(file.path(), position_of(node.Mark()), message);
}

bool is_absent(const YAML::Node& node) { return !node.IsDefined() || node.IsNull(); }

YAML::Node map_get(const YAML::Node& map, std::string_view key) {
  std::vector<YAML::Node> visited;
  return find(map, key, 0, visited);
}

std::vector<std::pair<std::string, YAML::Node>> map_entries(const InputFile& file, const YAML::Node& map,
                                                            std::string_view what) {
  std::vector<std::pair<std::string, YAML::Node>> out;
  if (is_absent(map)) return out;
  if (!map.IsMap()) fail_at_node(file, map, std::string(what) + " must be a mapping");
  std::set<std::string> seen;
  std::vector<YAML::Node> visited;
  collect(map, 0, seen, visited, out);
  return out;
}

std::vector<YAML::Node> seq_items(const InputFile& file, const YAML::Node& seq, std::string_view what) {
  std::vector<YAML::Node> out;
  if (is_absent(seq)) return out;
  if (!seq.IsSequence()) fail_at_node(file, seq, std::string(what) + " must be a list");
  for (const auto& item : seq) out.push_back(item);
  return out;
}

std::optional<std::string> scalar_text(const InputFile& file, const YAML::Node& node, std::string_view what) {
  if (is_absent(node)) return std::nullopt;
  if (!node.IsScalar()) fail_at_node(file, node, std::string(what) + " must be a single value, not a list or mapping");
  return node.Scalar();
}

std::optional<long long> integer_value(const InputFile& file, const YAML::Node& node, std::string_view what) {
  std::optional<std::string> text = scalar_text(file, node, what);
  if (!text) return std::nullopt;
  std::string_view s = *text;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  long long value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || value < 0)
    fail_at_node(file, node, std::string(what) + " must be a non-negative integer, not '" + *text + "'");
  return value;
}

}  // namespace nanoscope::importers::detail
