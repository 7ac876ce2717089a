// Scenario YAML: a table of sections and fields, each field a typed setter with its range,
// so the reader, its error messages and the list of known keys come from one place.
#include "sim/scenario_yaml.hpp"

#include <cmath>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "model/yaml_error.hpp"

namespace nanoscope::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Reads one file: knows its name and the position of the node being read.
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
    fail_at(node.Mark(), message);
  }
  [[noreturn]] void fail_at(const YAML::Mark& mark, const std::string& message) const {
    throw ScenarioError(model::yaml_error(source_, mark, message));
  }

  std::string scalar(const YAML::Node& node, const std::string& path) const {
    if (!node.IsScalar()) fail(node, path + ": expected a single value, got a " + kind_of(node));
    return node.Scalar();
  }
  double number(const YAML::Node& node, const std::string& path, double lo, double hi) const {
    const std::string text = scalar(node, path);
    double v = 0.0;
    try {
      v = node.as<double>();
    } catch (const YAML::Exception&) {
      fail(node, path + ": expected a number, got '" + text + "'");
    }
    if (!std::isfinite(v) || v < lo || v > hi) {
      std::ostringstream range;
      range << path << ": " << text << " is out of range [" << lo << ", ";
      if (hi == kInf) range << "inf";
      else range << hi;
      range << "]";
      fail(node, range.str());
    }
    return v;
  }
  std::uint64_t integer(const YAML::Node& node, const std::string& path, std::uint64_t lo, std::uint64_t hi) const {
    const std::string text = scalar(node, path);
    std::uint64_t v = 0;
    bool ok = !text.empty() && text.front() != '-';
    if (ok) {
      try {
        v = node.as<std::uint64_t>();
      } catch (const YAML::Exception&) {
        ok = false;
      }
    }
    if (!ok) fail(node, path + ": expected a non-negative integer, got '" + text + "'");
    if (v < lo || v > hi)
      fail(node, path + ": " + text + " is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    return v;
  }
  bool boolean(const YAML::Node& node, const std::string& path) const {
    const std::string text = scalar(node, path);
    try {
      return node.as<bool>();
    } catch (const YAML::Exception&) {
      fail(node, path + ": expected true or false, got '" + text + "'");
    }
  }
  // Mapping entries in document order; a null node has none.
  std::vector<std::pair<YAML::Node, YAML::Node>> entries(const YAML::Node& node, const std::string& path) const {
    std::vector<std::pair<YAML::Node, YAML::Node>> out;
    if (node.IsNull()) return out;
    if (!node.IsMap()) fail(node, path + ": expected a mapping of keys to values, got a " + kind_of(node));
    for (const auto& kv : node) out.emplace_back(kv.first, kv.second);
    return out;
  }

  static std::string kind_of(const YAML::Node& node) {
    switch (node.Type()) {
      case YAML::NodeType::Sequence: return "list";
      case YAML::NodeType::Map: return "mapping";
      case YAML::NodeType::Null: return "null";
      default: return "value";
    }
  }

 private:
  std::string source_;
};

using Setter = std::function<void(const Reader&, Scenario&, const YAML::Node&, const std::string&)>;
struct Field {
  const char* key;
  Setter set;
};
struct Section {
  const char* key;
  std::vector<Field> fields;
};

Field real(const char* key, double Scenario::*member, double lo = 0.0, double hi = kInf) {
  return {key, [=](const Reader& r, Scenario& s, const YAML::Node& n, const std::string& path) {
            s.*member = r.number(n, path, lo, hi);
          }};
}
Field count(const char* key, std::uint32_t Scenario::*member, std::uint32_t lo = 0) {
  return {key, [=](const Reader& r, Scenario& s, const YAML::Node& n, const std::string& path) {
            s.*member = static_cast<std::uint32_t>(r.integer(n, path, lo, std::numeric_limits<std::uint32_t>::max()));
          }};
}
Field flag(const char* key, bool Scenario::*member) {
  return {key, [=](const Reader& r, Scenario& s, const YAML::Node& n, const std::string& path) {
            s.*member = r.boolean(n, path);
          }};
}
Field text(const char* key, std::string Scenario::*member) {
  return {key, [=](const Reader& r, Scenario& s, const YAML::Node& n, const std::string& path) {
            s.*member = r.scalar(n, path);
          }};
}

void read_encoding(const Reader& r, Scenario& s, const YAML::Node& n, const std::string& path) {
  const std::string v = r.scalar(n, path);
  if (v == "protobuf") s.encoding = Encoding::Protobuf;
  else if (v == "json") s.encoding = Encoding::Json;
  else if (v == "xml" || v == "soap") s.encoding = Encoding::Xml;
  else r.fail(n, path + ": unknown encoding '" + v + "' (known: protobuf, json, xml)");
}

// A field whose value is one of a few names; the error lists them.
template <typename E>
Field choice(const char* key, E Scenario::*member, const char* what, std::vector<std::pair<std::string, E>> names) {
  return {key, [=](const Reader& r, Scenario& s, const YAML::Node& n, const std::string& path) {
            const std::string v = r.scalar(n, path);
            std::string known;
            for (const auto& [name, value] : names) {
              if (v == name) {
                s.*member = value;
                return;
              }
              known += (known.empty() ? "" : ", ") + name;
            }
            r.fail(n, path + ": unknown " + what + " '" + v + "' (known: " + known + ")");
          }};
}

void read_protocol(const Reader& r, Scenario& s, const YAML::Node& n, const std::string& path) {
  const std::string v = r.scalar(n, path);
  if (v == "http1" || v == "http/1.1") s.protocol = Protocol::Http1;
  else if (v == "http2" || v == "h2") s.protocol = Protocol::Http2;
  else if (v == "grpc") s.protocol = Protocol::Grpc;
  else r.fail(n, path + ": unknown protocol '" + v + "' (known: http1, http2, grpc)");
}

void read_services(const Reader& r, Scenario& s, const YAML::Node& n, const std::string& path) {
  for (const auto& [key, value] : r.entries(n, path)) {
    const std::string name = r.scalar(key, path + " key");
    const std::string here = path + "." + name;
    Placement p;
    for (const auto& [k, v] : r.entries(value, here)) {
      const std::string field = r.scalar(k, here + " key");
      if (field == "node") p.node = r.scalar(v, here + ".node");
      else if (field == "zone") p.zone = r.scalar(v, here + ".zone");
      else if (field == "region") p.region = r.scalar(v, here + ".region");
      else r.fail(k, "unknown key '" + field + "' in " + here + " (known: node, zone, region)");
    }
    s.placement[name] = std::move(p);
  }
}

// failures.edges: {"caller -> callee": {probability, timeout_s, retries}}; keys normalised
// to "from -> to" with single spaces.
void read_edge_failures(const Reader& r, Scenario& s, const YAML::Node& n, const std::string& path) {
  auto trim = [](std::string t) {
    const auto a = t.find_first_not_of(" \t"), b = t.find_last_not_of(" \t");
    return a == std::string::npos ? std::string() : t.substr(a, b - a + 1);
  };
  for (const auto& [key, value] : r.entries(n, path)) {
    const std::string name = r.scalar(key, path + " key");
    const auto arrow = name.find("->");
    const std::string from = arrow == std::string::npos ? "" : trim(name.substr(0, arrow));
    const std::string to = arrow == std::string::npos ? "" : trim(name.substr(arrow + 2));
    if (from.empty() || to.empty())
      r.fail(key, path + ": key '" + name + "' must name a caller and a callee service as 'from -> to' (* for any)");
    const std::string here = path + "." + name;
    EdgeFailures f;
    for (const auto& [k, v] : r.entries(value, here)) {
      const std::string field = r.scalar(k, here + " key");
      if (field == "probability") f.probability = r.number(v, here + ".probability", 0.0, 1.0);
      else if (field == "timeout_s") f.timeout_s = r.number(v, here + ".timeout_s", 0.0, kInf);
      else if (field == "retries") f.retries = static_cast<std::uint32_t>(r.integer(v, here + ".retries", 0, 1000));
      else r.fail(k, "unknown key '" + field + "' in " + here + " (known: probability, timeout_s, retries)");
    }
    s.edge_failures[from + " -> " + to] = f;
  }
}

const std::vector<Section>& schema() {
  using S = Scenario;
  static const std::vector<Section> sections = {
      {"run",
       {real("duration_s", &S::duration_s, 1e-9), real("warmup_s", &S::warmup_s), flag("drain", &S::drain),
        {"seed", [](const Reader& r, S& s, const YAML::Node& n, const std::string& p) {
           s.seed = r.integer(n, p, 0, std::numeric_limits<std::uint64_t>::max());
         }},
        count("replications", &S::replications, 1)}},
      {"load",
       {real("default_total_rate_per_s", &S::default_total_rate_per_s), real("total_rate_per_s", &S::total_rate_per_s),
        real("rate_scale", &S::rate_scale),
        choice("arrivals", &S::arrivals, "arrival process", {{"poisson", Arrivals::Poisson}, {"replay", Arrivals::Replay}})}},
      {"capacity",
       {count("default_replicas", &S::default_replicas, 1), count("workers_per_replica", &S::workers_per_replica, 1),
        real("default_service_s", &S::default_service_s), real("autoscale_utilisation", &S::autoscale_utilisation, 0.0, 0.99),
        choice("concurrency", &S::concurrency, "concurrency",
               {{"async", Concurrency::Async}, {"blocking", Concurrency::Blocking}}),
        count("threads_per_replica", &S::threads_per_replica, 1),
        choice("policy", &S::capacity_policy, "capacity policy",
               {{"autoscale", CapacityPolicy::Autoscale}, {"fixed", CapacityPolicy::Fixed}})}},
      {"calls", {count("max_call_depth", &S::max_call_depth), real("inprocess_call_s", &S::inprocess_call_s)}},
      {"payload",
       {{"encoding", read_encoding}, real("default_request_bytes", &S::default_request_bytes),
        real("default_response_bytes", &S::default_response_bytes),
        real("protobuf_s_per_byte", &S::protobuf_s_per_byte), real("json_s_per_byte", &S::json_s_per_byte),
        real("xml_s_per_byte", &S::xml_s_per_byte)}},
      {"network",
       {real("stack_cpu_s", &S::stack_cpu_s), real("bandwidth_bytes_per_s", &S::bandwidth_bytes_per_s),
        real("same_node_s", &S::same_node_s), real("same_zone_s", &S::propagation_s),
        real("cross_zone_s", &S::cross_zone_s), real("wan_s", &S::wan_s)}},
      {"placement",
       {text("default_zone", &S::default_zone), text("default_region", &S::default_region),
        {"services", read_services}}},
      {"protocol",
       {{"kind", read_protocol}, count("connections_per_replica", &S::connections_per_replica),
        count("max_streams_per_connection", &S::max_streams_per_connection, 1), flag("keep_alive", &S::keep_alive)}},
      {"tls",
       {flag("enabled", &S::tls), real("s_per_byte", &S::tls_s_per_byte),
        real("handshake_cpu_s", &S::tls_handshake_cpu_s)}},
      {"sidecar",
       {flag("enabled", &S::sidecar), real("cpu_s", &S::sidecar_cpu_s), real("latency_s", &S::sidecar_latency_s)}},
      {"failures",
       {real("probability", &S::failure_probability, 0.0, 1.0), real("timeout_s", &S::timeout_s),
        count("retries", &S::retries), real("backoff_s", &S::backoff_s),
        real("backoff_multiplier", &S::backoff_multiplier), {"edges", read_edge_failures}}},
      {"broker",
       {flag("enabled", &S::broker), real("service_s", &S::broker_service_s),
        count("replicas", &S::broker_replicas, 1), count("workers", &S::broker_workers, 1)}},
  };
  return sections;
}

template <typename Items>
std::string known_keys(const Items& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + std::string(item.key);
  return out;
}

void read_section(const Reader& r, Scenario& s, const Section& section, const YAML::Node& node) {
  const std::string path = std::string("simulation.") + section.key;
  for (const auto& [key, value] : r.entries(node, path)) {
    const std::string name = r.scalar(key, path + " key");
    const Field* field = nullptr;
    for (const auto& f : section.fields)
      if (name == f.key) field = &f;
    if (!field) r.fail(key, "unknown key '" + name + "' in " + path + " (known: " + known_keys(section.fields) + ")");
    if (value.IsNull()) continue;  // `key:` with no value keeps the default
    field->set(r, s, value, path + "." + name);
  }
}

}  // namespace

std::string_view to_string(Encoding encoding) {
  switch (encoding) {
    case Encoding::Protobuf: return "protobuf";
    case Encoding::Json: return "json";
    case Encoding::Xml: return "xml";
  }
  return "json";
}

std::string_view to_string(Concurrency concurrency) {
  return concurrency == Concurrency::Blocking ? "blocking" : "async";
}

std::string_view to_string(CapacityPolicy policy) { return policy == CapacityPolicy::Fixed ? "fixed" : "autoscale"; }

std::string_view to_string(Arrivals arrivals) { return arrivals == Arrivals::Replay ? "replay" : "poisson"; }

std::string_view to_string(Protocol protocol) {
  switch (protocol) {
    case Protocol::Http1: return "http1";
    case Protocol::Http2: return "http2";
    case Protocol::Grpc: return "grpc";
  }
  return "http1";
}

Scenario parse_scenario_yaml(std::string_view text, const std::string& source) {
  const Reader r(source);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    r.fail_at(e.mark, "invalid YAML: " + e.msg);
  }
  Scenario s;
  if (root.IsNull()) return s;
  if (!root.IsMap()) r.fail(root, "expected a mapping with a 'simulation' key, got a " + Reader::kind_of(root));
  const YAML::Node sim = root["simulation"];
  if (!sim || sim.IsNull()) return s;
  for (const auto& [key, value] : r.entries(sim, "simulation")) {
    const std::string name = r.scalar(key, "simulation key");
    const Section* section = nullptr;
    for (const auto& sec : schema())
      if (name == sec.key) section = &sec;
    if (!section) r.fail(key, "unknown key '" + name + "' in simulation (known: " + known_keys(schema()) + ")");
    read_section(r, s, *section, value);
  }
  if (s.warmup_s >= s.duration_s)
    r.fail(sim, "simulation.run.warmup_s (" + std::to_string(s.warmup_s) + ") must be shorter than duration_s (" +
                    std::to_string(s.duration_s) + ")");
  return s;
}

Scenario load_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path + ": cannot open scenario file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_scenario_yaml(buffer.str(), path);
}

}  // namespace nanoscope::sim
