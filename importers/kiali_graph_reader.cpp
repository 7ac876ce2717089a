// Reads a Kiali graph document with simdjson On-Demand into plain nodes and edges; every
// malformed piece fails with the file and the position of the offending value.
#include "importers/kiali_graph_reader.hpp"

#include <simdjson.h>

#include <charconv>
#include <cmath>

#include "importers/ondemand_support.hpp"

namespace nanoscope::importers::detail {
namespace {

namespace od = simdjson::ondemand;

class KialiReader {
 public:
  explicit KialiReader(const InputFile& file) : file_(file) {}

  KialiDocument run() {
    const std::size_t bom = utf8_bom_length(file_.text());
    auto parsed = parser_.iterate(file_.data() + bom, file_.size() - bom, file_.capacity() - bom);
    if (parsed.error()) file_.fail_at(0, "invalid json: " + describe_json_error(parsed.error()));
    od::document doc = std::move(parsed).value_unsafe();
    try {
      if (doc.type() != od::json_type::object) file_.fail_at(bom, "a kiali graph must be a json object");
      bool has_elements = false;
      od::object top = doc.get_object();
      for (od::field field : top) {
        const std::string_view key = field.unescaped_key();
        od::value value = field.value();
        if (key == "timestamp") {
          doc_.timestamp_s = number(value, "timestamp");
        } else if (key == "duration") {
          doc_.duration_s = number(value, "duration");
        } else if (key == "graphType") {
          doc_.graph_type = text(value, "graphType");
        } else if (key == "elements") {
          has_elements = true;
          read_elements(value);
        }
      }
      if (!has_elements) file_.fail_at(bom, "not a kiali graph: no \"elements\" object");
      const char* rest = nullptr;
      if (doc.current_location().get(rest) == simdjson::SUCCESS && rest != nullptr)
        file_.fail_at(offset_in(file_.data(), file_.size(), rest), "unexpected content after the end of the json document");
    } catch (const simdjson::simdjson_error& e) {
      file_.fail_at(document_offset(doc, file_.data(), file_.size(), 0),
                    "invalid json: " + describe_json_error(e.error()));
    }
    return std::move(doc_);
  }

 private:
  void read_elements(od::value& elements) {
    if (elements.type() != od::json_type::object) fail_at(elements, "\"elements\" must be an object");
    od::object fields = elements.get_object();
    for (od::field field : fields) {
      const std::string_view key = field.unescaped_key();
      od::value list = field.value();
      const bool nodes = key == "nodes";
      if (!nodes && key != "edges") continue;
      if (list.type() == od::json_type::null) continue;
      if (list.type() != od::json_type::array) fail_at(list, "\"elements." + std::string(key) + "\" must be an array");
      od::array items = list.get_array();
      for (od::value item : items) {
        const std::uint64_t at = offset_of(item);
        od::value data = data_of(item, at);
        if (nodes)
          read_node(data, at);
        else
          read_edge(data, at);
      }
    }
  }

  // The "data" object of a Cytoscape element ({"data": {...}}).
  od::value data_of(od::value& item, std::uint64_t at) {
    if (item.type() != od::json_type::object) file_.fail_at(at, "a graph element must be an object with \"data\"");
    od::value data;
    if (item.find_field_unordered("data").get(data) != simdjson::SUCCESS)
      file_.fail_at(at, "a graph element has no \"data\" object");
    if (data.type() != od::json_type::object) fail_at(data, "\"data\" must be an object");
    return data;
  }

  void read_node(od::value& data, std::uint64_t at) {
    KialiNode n;
    n.offset = at;
    bool has_id = false;
    od::object fields = data.get_object();
    for (od::field field : fields) {
      const std::string_view key = field.unescaped_key();
      od::value value = field.value();
      if (key == "id") {
        n.id = text(value, "id");
        has_id = true;
      } else if (key == "nodeType") {
        n.node_type = text(value, "nodeType");
      } else if (key == "cluster") {
        n.cluster = text(value, "cluster");
      } else if (key == "namespace") {
        n.ns = text(value, "namespace");
      } else if (key == "app") {
        n.app = text(value, "app");
      } else if (key == "version") {
        n.version = text(value, "version");
      } else if (key == "workload") {
        n.workload = text(value, "workload");
      } else if (key == "service") {
        n.service = text(value, "service");
      } else if (key == "aggregate") {
        n.aggregate = text(value, "aggregate");
      } else if (key == "aggregateValue") {
        n.aggregate_value = text(value, "aggregateValue");
      } else if (key == "isBox" || key == "isGroup") {
        n.is_box = n.is_box || value.type() != od::json_type::null;
      } else if (key == "isServiceEntry") {
        n.service_entry = service_entry_location(value);
      }
    }
    if (!has_id || n.id.empty()) file_.fail_at(at, "a node has no \"id\"");
    if (n.node_type == "box") n.is_box = true;
    // Older Kiali writes one field "aggregate": "request_operation=GetReviews".
    if (const auto eq = n.aggregate.find('='); n.aggregate_value.empty() && eq != std::string::npos) {
      n.aggregate_value = n.aggregate.substr(eq + 1);
      n.aggregate.resize(eq);
    }
    doc_.nodes.push_back(std::move(n));
  }

  // "MESH_EXTERNAL" (older Kiali) or {"location": "MESH_EXTERNAL", "hosts": [...]}.
  std::string service_entry_location(od::value& value) {
    if (value.type() == od::json_type::string) return text(value, "isServiceEntry");
    if (value.type() != od::json_type::object) return {};
    od::value location;
    if (value.find_field_unordered("location").get(location) != simdjson::SUCCESS) return "MESH_INTERNAL";
    return text(location, "isServiceEntry.location");
  }

  void read_edge(od::value& data, std::uint64_t at) {
    KialiEdge e;
    e.offset = at;
    od::object fields = data.get_object();
    for (od::field field : fields) {
      const std::string_view key = field.unescaped_key();
      od::value value = field.value();
      if (key == "source") {
        e.source = text(value, "source");
      } else if (key == "target") {
        e.target = text(value, "target");
      } else if (key == "responseTime") {
        if (value.type() != od::json_type::null) e.response_time_ms = rate_of(value, "responseTime");
      } else if (key == "traffic") {
        read_traffic(value, e);
      }
    }
    if (e.source.empty()) file_.fail_at(at, "an edge has no \"source\"");
    if (e.target.empty()) file_.fail_at(at, "an edge has no \"target\"");
    doc_.edges.push_back(std::move(e));
  }

  void read_traffic(od::value& traffic, KialiEdge& e) {
    if (traffic.type() == od::json_type::null) return;
    if (traffic.type() != od::json_type::object) fail_at(traffic, "\"traffic\" must be an object");
    od::object fields = traffic.get_object();
    for (od::field field : fields) {
      const std::string_view key = field.unescaped_key();
      od::value value = field.value();
      if (key == "protocol") {
        e.protocol = text(value, "traffic.protocol");
      } else if (key == "rates") {
        if (value.type() == od::json_type::null) continue;
        if (value.type() != od::json_type::object) fail_at(value, "\"traffic.rates\" must be an object");
        od::object rates = value.get_object();
        for (od::field rate : rates) {
          std::string name(rate.unescaped_key().value());
          od::value v = rate.value();
          e.rates.emplace_back(std::move(name), rate_of(v, "a rate"));
        }
      } else if (key == "responses") {
        read_responses(value, e);
      }
    }
  }

  // responses: {code: {"flags": {flag: percent}, "hosts": {host: percent}}}; a code's share is
  // the sum over its flags (every request has exactly one flags value, "-" for none).
  void read_responses(od::value& value, KialiEdge& e) {
    if (value.type() == od::json_type::null) return;
    if (value.type() != od::json_type::object) fail_at(value, "\"traffic.responses\" must be an object");
    od::object codes = value.get_object();
    for (od::field code : codes) {
      std::string name(code.unescaped_key().value());
      od::value detail = code.value();
      if (detail.type() != od::json_type::object) fail_at(detail, "a response code's detail must be an object");
      double percent = 0;
      od::object parts = detail.get_object();
      for (od::field part : parts) {
        if (part.unescaped_key().value() != "flags") continue;
        od::value flags = part.value();
        if (flags.type() != od::json_type::object) fail_at(flags, "\"flags\" must be an object");
        od::object shares = flags.get_object();
        for (od::field share : shares) {
          od::value v = share.value();
          percent += rate_of(v, "a response share");
        }
      }
      e.responses.emplace_back(std::move(name), percent);
    }
  }

  // Kiali writes rates and percentages as strings ("50.00"); numbers are accepted too.
  double rate_of(od::value& value, const char* what) {
    double d = 0;
    if (value.type() == od::json_type::string) {
      const std::string_view s = value.get_string();
      const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
      if (ec != std::errc() || end != s.data() + s.size())
        fail_at(value, std::string(what) + " must be a number, got \"" + std::string(s) + "\"");
    } else {
      d = number(value, what);
    }
    if (!std::isfinite(d) || d < 0) fail_at(value, std::string(what) + " must be a finite non-negative number");
    return d;
  }

  double number(od::value& value, const char* what) {
    if (value.type() != od::json_type::number) fail_at(value, std::string("\"") + what + "\" must be a number");
    return value.get_double();
  }

  std::string text(od::value& value, const char* what) {
    if (value.type() == od::json_type::null) return {};
    if (value.type() != od::json_type::string) fail_at(value, std::string("\"") + what + "\" must be a string");
    return std::string(std::string_view(value.get_string()));
  }

  std::uint64_t offset_of(od::value& value) { return offset_in(file_.data(), file_.size(), value.raw_json_token().data()); }

  [[noreturn]] void fail_at(od::value& value, const std::string& message) { file_.fail_at(offset_of(value), message); }

  const InputFile& file_;
  od::parser parser_;
  KialiDocument doc_;
};

}  // namespace

KialiDocument read_kiali_document(const InputFile& file) { return KialiReader(file).run(); }

}  // namespace nanoscope::importers::detail
