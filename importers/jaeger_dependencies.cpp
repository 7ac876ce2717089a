// Jaeger dependency links: [{"parent","child","callCount"}] as Jaeger UI samples keep them,
// or {"data":[...]} as the /api/dependencies endpoint returns them. Each link becomes an
// aggregated service-to-service call between the services' "*" operations.
#include <simdjson.h>

#include <cmath>
#include <string>

#include "importers/formats.hpp"
#include "importers/ondemand_support.hpp"

namespace nanoscope::importers {
namespace {

namespace od = simdjson::ondemand;

class DependencyReader {
 public:
  DependencyReader(const InputFile& file, GraphBuilder& builder) : file_(file), builder_(builder) {}

  std::uint64_t run() {
    const std::size_t bom = detail::utf8_bom_length(file_.text());
    auto parsed = parser_.iterate(file_.data() + bom, file_.size() - bom, file_.capacity() - bom);
    if (parsed.error()) file_.fail_at(0, "invalid json: " + detail::describe_json_error(parsed.error()));
    od::document doc = std::move(parsed).value_unsafe();
    try {
      const od::json_type type = doc.type();
      if (type == od::json_type::array) {
        od::array links = doc.get_array();
        read_links(links);
      } else if (type == od::json_type::object) {
        od::object top = doc.get_object();
        bool has_data = false;
        for (od::field field : top) {
          if (field.key() != "data") continue;
          od::value data = field.value();
          if (data.type() == od::json_type::null) {
            has_data = true;
            continue;
          }
          if (data.type() != od::json_type::array) fail_at(data, "\"data\" must be an array of dependency links");
          has_data = true;
          od::array links = data.get_array();
          read_links(links);
        }
        if (!has_data) file_.fail_at(0, "not a jaeger dependencies document: no \"data\" array");
      } else {
        file_.fail_at(0, "expected an array of dependency links or an object with \"data\"");
      }
      const char* rest = nullptr;
      if (doc.current_location().get(rest) == simdjson::SUCCESS && rest != nullptr)
        file_.fail_at(detail::offset_in(file_.data(), file_.size(), rest),
                      "unexpected content after the end of the json document");
    } catch (const simdjson::simdjson_error& e) {
      file_.fail_at(detail::document_offset(doc, file_.data(), file_.size(), 0),
                    "invalid json: " + detail::describe_json_error(e.error()));
    }
    if (empty_names_)
      builder_.warn("empty-service-name", "a dependency link names an empty parent or child; skipped", empty_names_);
    return links_;
  }

 private:
  void read_links(od::array& links) {
    for (od::value link : links) {
      if (link.type() != od::json_type::object) fail_at(link, "a dependency link must be an object");
      const std::uint64_t at = offset_of(link);
      std::string parent, child;
      bool has_parent = false, has_child = false, has_count = false;
      std::uint64_t calls = 0;
      od::object fields = link.get_object();
      for (od::field field : fields) {
        const std::string_view key = field.unescaped_key();
        od::value value = field.value();
        if (key == "parent") {
          parent = string_of(value, "parent");
          has_parent = true;
        } else if (key == "child") {
          child = string_of(value, "child");
          has_child = true;
        } else if (key == "callCount") {
          calls = count_of(value);
          has_count = true;
        }  // "source" and anything else: not needed
      }
      if (!has_parent) file_.fail_at(at, "dependency link has no \"parent\"");
      if (!has_child) file_.fail_at(at, "dependency link has no \"child\"");
      if (!has_count) file_.fail_at(at, "dependency link has no \"callCount\"");
      ++links_;
      if (parent.empty() || child.empty()) {
        ++empty_names_;
        continue;
      }
      CallRecord call;
      call.from_service = parent;
      call.to_service = child;
      call.calls = calls;
      builder_.add_call(call);
    }
  }

  std::uint64_t offset_of(od::value& value) {
    return detail::offset_in(file_.data(), file_.size(), value.raw_json_token().data());
  }

  [[noreturn]] void fail_at(od::value& value, const std::string& message) { file_.fail_at(offset_of(value), message); }

  std::string string_of(od::value& value, const char* what) {
    if (value.type() != od::json_type::string) fail_at(value, std::string("\"") + what + "\" must be a string");
    return std::string(std::string_view(value.get_string()));
  }

  std::uint64_t count_of(od::value& value) {
    if (value.type() != od::json_type::number) fail_at(value, "\"callCount\" must be a number");
    std::uint64_t n = 0;
    if (value.get_uint64().get(n) == simdjson::SUCCESS) return n;
    double d = 0;
    if (value.get_double().get(d) == simdjson::SUCCESS && d >= 0 && d < 1.8e19 && std::floor(d) == d)
      return static_cast<std::uint64_t>(d);
    fail_at(value, "\"callCount\" must be a non-negative integer");
  }

  const InputFile& file_;
  GraphBuilder& builder_;
  od::parser parser_;
  std::uint64_t links_ = 0;
  std::uint64_t empty_names_ = 0;
};

}  // namespace

std::uint64_t import_jaeger_dependencies(const InputFile& file, GraphBuilder& builder) {
  DependencyReader reader(file, builder);
  return reader.run();
}

}  // namespace nanoscope::importers
