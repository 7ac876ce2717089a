// Session files as JSON (nlohmann): written with a version, read strictly with errors that
// name the file and the line and column (bad JSON) or the JSON pointer (a bad value).
#include "session/session_document.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "importers/atomic_output.hpp"

namespace nanoscope::session {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

// "FILE:LINE:COL" for a byte offset into `text` (1-based, as the YAML readers say it).
std::string text_position(const std::string& source, const std::string& text, std::size_t byte) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return source + ":" + std::to_string(line) + ":" + std::to_string(column);
}

// Reads one JSON value, knowing the file and the pointer of the value being read.
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
    throw SessionError(source_ + ": " + (pointer.empty() ? "/" : pointer) + ": " + message);
  }
  void keys(const Json& object, const std::string& pointer, const std::set<std::string>& known) const {
    if (!object.is_object()) fail(pointer, "expected an object");
    for (const auto& [key, value] : object.items()) {
      if (known.count(key)) continue;
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      fail(pointer + "/" + key, "unknown key '" + key + "' (known: " + list + ")");
    }
  }
  std::string text(const Json& value, const std::string& pointer) const {
    if (!value.is_string()) fail(pointer, "expected a string");
    return value.get<std::string>();
  }
  bool flag(const Json& value, const std::string& pointer) const {
    if (!value.is_boolean()) fail(pointer, "expected true or false");
    return value.get<bool>();
  }
  double number(const Json& value, const std::string& pointer) const {
    if (!value.is_number()) fail(pointer, "expected a number");
    return value.get<double>();
  }
  std::uint64_t count(const Json& value, const std::string& pointer) const {
    if (!value.is_number_unsigned()) fail(pointer, "expected a whole number >= 0");
    return value.get<std::uint64_t>();
  }
  std::vector<std::string> texts(const Json& value, const std::string& pointer) const {
    if (!value.is_array()) fail(pointer, "expected a list of strings");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value.size(); ++i) out.push_back(text(value[i], pointer + "/" + std::to_string(i)));
    return out;
  }

 private:
  std::string source_;
};

// A JSON pointer token: '~' and '/' escaped (RFC 6901).
std::string pointer_token(const std::string& key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

Json view_json(const ViewState& v) {
  Json j;
  j["view"] = v.view;
  j["selected"] = v.selected;
  if (v.center_x && v.center_y && v.zoom) j["camera"] = {{"x", *v.center_x}, {"y", *v.center_y}, {"zoom", *v.zoom}};
  j["hide_infrastructure"] = v.hide_infrastructure;
  j["min_calls"] = v.min_calls;
  j["search"] = v.search;
  return j;
}

ViewState read_view(const Reader& r, const Json& j) {
  r.keys(j, "/view", {"view", "selected", "camera", "hide_infrastructure", "min_calls", "search"});
  ViewState v;
  if (j.contains("view")) {
    v.view = r.text(j["view"], "/view/view");
    if (v.view != "graph" && v.view != "matrix" && v.view != "findings" && v.view != "economics")
      r.fail("/view/view", "unknown view '" + v.view + "' (known: graph, matrix, findings, economics)");
  }
  if (j.contains("selected")) v.selected = r.texts(j["selected"], "/view/selected");
  if (j.contains("camera")) {
    const Json& c = j["camera"];
    r.keys(c, "/view/camera", {"x", "y", "zoom"});
    for (const char* k : {"x", "y", "zoom"})
      if (!c.contains(k)) r.fail("/view/camera", std::string("missing '") + k + "'");
    v.center_x = r.number(c["x"], "/view/camera/x");
    v.center_y = r.number(c["y"], "/view/camera/y");
    v.zoom = r.number(c["zoom"], "/view/camera/zoom");
    if (!(*v.zoom > 0)) r.fail("/view/camera/zoom", "expected a number above 0");
  }
  if (j.contains("hide_infrastructure")) v.hide_infrastructure = r.flag(j["hide_infrastructure"], "/view/hide_infrastructure");
  if (j.contains("min_calls")) v.min_calls = r.count(j["min_calls"], "/view/min_calls");
  if (j.contains("search")) v.search = r.text(j["search"], "/view/search");
  return v;
}

}  // namespace

std::string session_json(const SessionDocument& d) {
  Json j;
  j["nanoscope_session"] = kSessionVersion;
  j["inputs"] = d.inputs;
  Json partition = Json::object();
  for (const auto& g : d.partition) partition[g.name] = g.members;
  j["partition"] = partition;
  j["era"] = d.era;
  j["selection"] = {{"exclude", d.selection.exclude},
                    {"include_infrastructure", d.selection.include_infrastructure},
                    {"system", d.selection.system}};
  j["view"] = view_json(d.view);
  return j.dump(2) + "\n";
}

SessionDocument parse_session_json(const std::string& text, const std::string& source, const std::string& base_dir) {
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::parse_error& e) {
    std::string message = e.what();
    // nlohmann's message repeats the position ("... at line 3, column 5: ..."): keep its reason.
    if (const auto colon = message.find(": ", message.find("column")); colon != std::string::npos)
      message = message.substr(colon + 2);
    throw SessionError(text_position(source, text, e.byte ? e.byte - 1 : 0) + ": invalid JSON: " + message);
  }
  const Reader r(source);
  r.keys(j, "", {"nanoscope_session", "inputs", "partition", "era", "selection", "view"});
  if (!j.contains("nanoscope_session")) r.fail("", "not a nanoscope session file (no 'nanoscope_session' version)");
  const Json& version = j["nanoscope_session"];
  if (!version.is_number_integer() || version.get<std::int64_t>() < 1)
    r.fail("/nanoscope_session", "expected a version number >= 1");
  if (version.get<std::int64_t>() > kSessionVersion)
    r.fail("/nanoscope_session", "version " + std::to_string(version.get<std::int64_t>()) +
                                     " is newer than this nanoscope reads (" + std::to_string(kSessionVersion) + ")");
  SessionDocument d;
  if (j.contains("inputs")) d.inputs = r.texts(j["inputs"], "/inputs");
  for (auto& input : d.inputs)
    if (!base_dir.empty() && fs::path(input).is_relative()) input = (fs::path(base_dir) / input).lexically_normal().string();
  if (j.contains("partition")) {
    const Json& p = j["partition"];
    if (!p.is_object()) r.fail("/partition", "expected an object mapping each service to its services or operations");
    for (const auto& [name, members] : p.items())
      d.partition.push_back({name, r.texts(members, "/partition/" + pointer_token(name))});
  }
  if (j.contains("era")) d.era = r.text(j["era"], "/era");
  if (j.contains("selection")) {
    const Json& s = j["selection"];
    r.keys(s, "/selection", {"exclude", "include_infrastructure", "system"});
    if (s.contains("exclude")) d.selection.exclude = r.texts(s["exclude"], "/selection/exclude");
    if (s.contains("include_infrastructure"))
      d.selection.include_infrastructure = r.flag(s["include_infrastructure"], "/selection/include_infrastructure");
    if (s.contains("system")) d.selection.system = r.text(s["system"], "/selection/system");
  }
  if (j.contains("view")) d.view = read_view(r, j["view"]);
  return d;
}

void save_session(const std::string& path, SessionDocument document) {
  for (auto& input : document.inputs) {
    std::error_code ec;
    const auto absolute = fs::absolute(input, ec);
    if (!ec) input = absolute.lexically_normal().string();
  }
  const std::string text = session_json(document);
  importers::write_file_atomically(path, [&](std::ostream& out) { out << text; });
}

SessionDocument load_session(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SessionError(path + ": cannot open session file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw SessionError(path + ": cannot read session file");
  return parse_session_json(buffer.str(), path, fs::absolute(path).parent_path().string());
}

std::vector<sim::PartitionFileGroup> partition_groups(const model::CallGraph& graph, const model::Partition& partition) {
  return sim::partition_file_groups(graph, partition);
}

model::Partition session_partition(const SessionDocument& document, const model::CallGraph& graph,
                                   const std::string& source) {
  try {
    return sim::partition_from_groups(graph, document.partition, [&](std::size_t g, std::size_t m, const std::string& message) {
      return source + ": /partition/" + pointer_token(document.partition[g].name) + "/" + std::to_string(m) + ": " + message;
    });
  } catch (const sim::PartitionError& e) {
    throw SessionError(e.what());
  }
}

void export_partition(const std::string& path, const model::CallGraph& graph, const model::Partition& partition,
                      const std::string& description) {
  importers::write_file_atomically(path, [&](std::ostream& out) {
    sim::write_partition_yaml(out, "exported from nanoscope", description, sim::partition_file_groups(graph, partition),
                              "Partition exported by nanoscope (docs/scenarios.md, \"Partition files\").\n"
                              "Use with: nanoscope simulate INPUT... --partition FILE (or whatif --partition FILE)");
  });
}

}  // namespace nanoscope::session
