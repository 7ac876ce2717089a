// Serialization CPU per byte for the era calibration (docs/calibration.md, "Serialization"):
// the same business record (20 orders) as a SOAP 1.1 envelope and as JSON, parsed and written
// with libxml2 (DOM), simdjson (parse only) and nlohmann-json; best of 7 trials of process CPU
// time, so other load on the machine inflates the figures little. Not part of the build (libxml2
// is no project dependency); build and run by hand:
//   g++ -O2 -std=c++20 bench/serialization_cost.cpp -I/usr/include/libxml2 -lxml2 -lsimdjson -lfmt
//       -o /tmp/serialization_cost && /tmp/serialization_cost
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <nlohmann/json.hpp>
#include <iterator>
#include <string>

namespace {

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

/// Best (lowest) CPU seconds per call of `f` over 7 trials of `n` calls.
double best_of_7(const std::function<void()>& f, int n) {
  double best = 1e9;
  for (int trial = 0; trial < 7; ++trial) {
    const double start = cpu_seconds();
    for (int k = 0; k < n; ++k) f();
    best = std::min(best, (cpu_seconds() - start) / n);
  }
  return best;
}

struct Record {
  std::string soap;
  nlohmann::json json;
};

Record make_record() {
  Record r;
  r.soap =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope "
      "xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:ns=\"http://example.com/orders/v1\">"
      "<soapenv:Header><ns:RequestId>4f1c2a9e-77aa-4c1b-9d0e-0a1b2c3d4e5f</ns:RequestId></soapenv:Header>"
      "<soapenv:Body><ns:GetOrdersResponse>";
  r.json["requestId"] = "4f1c2a9e-77aa-4c1b-9d0e-0a1b2c3d4e5f";
  for (int i = 0; i < 20; ++i) {
    fmt::format_to(std::back_inserter(r.soap),
                   "<ns:Order><ns:OrderId>{}</ns:OrderId><ns:CustomerId>C-{:06}</ns:CustomerId><ns:Status>SHIPPED"
                   "</ns:Status><ns:Amount currency=\"EUR\">{}.95</ns:Amount><ns:Created>2012-03-14T10:{:02}:00Z"
                   "</ns:Created><ns:Sku>SKU-{:05}</ns:Sku><ns:Quantity>{}</ns:Quantity><ns:Warehouse>Frankfurt-2"
                   "</ns:Warehouse></ns:Order>",
                   100000 + i, 4711 + i, 10 * i + 3, i, 300 + i, i % 5 + 1);
    r.json["orders"].push_back({{"orderId", 100000 + i},
                                {"customerId", "C-00" + std::to_string(4711 + i)},
                                {"status", "SHIPPED"},
                                {"amount", 10 * i + 3.95},
                                {"currency", "EUR"},
                                {"created", "2012-03-14T10:00:00Z"},
                                {"sku", "SKU-" + std::to_string(300 + i)},
                                {"quantity", i % 5 + 1},
                                {"warehouse", "Frankfurt-2"}});
  }
  r.soap += "</ns:GetOrdersResponse></soapenv:Body></soapenv:Envelope>";
  return r;
}

}  // namespace

int main() {
  const Record record = make_record();
  const std::string& soap = record.soap;
  const std::string json = record.json.dump();
  const int n = 2000;
  std::size_t sink = 0;

  xmlDocPtr doc = xmlReadMemory(soap.data(), static_cast<int>(soap.size()), "soap.xml", nullptr, XML_PARSE_NONET);
  const double xml_parse = best_of_7(
      [&] {
        xmlDocPtr d = xmlReadMemory(soap.data(), static_cast<int>(soap.size()), "soap.xml", nullptr, XML_PARSE_NONET);
        sink += d != nullptr;
        xmlFreeDoc(d);
      },
      n);
  const double xml_write = best_of_7(
      [&] {
        xmlChar* out = nullptr;
        int len = 0;
        xmlDocDumpMemory(doc, &out, &len);
        sink += static_cast<std::size_t>(len);
        xmlFree(out);
      },
      n);
  xmlFreeDoc(doc);

  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  const double simd_parse = best_of_7([&] { sink += parser.parse(padded).error(); }, n);
  const double nl_parse = best_of_7([&] { sink += nlohmann::json::parse(json).size(); }, n);
  const double nl_write = best_of_7([&] { sink += record.json.dump().size(); }, n);

  const auto per_byte = [](double seconds, std::size_t bytes) { return seconds / static_cast<double>(bytes) * 1e9; };
  std::printf("record: SOAP %zu B, JSON %zu B (ratio %.2f)\n", soap.size(), json.size(),
              static_cast<double>(soap.size()) / static_cast<double>(json.size()));
  std::printf("libxml2   parse %.2f  write %.2f  mean %.2f ns/B\n", per_byte(xml_parse, soap.size()),
              per_byte(xml_write, soap.size()), per_byte((xml_parse + xml_write) / 2, soap.size()));
  std::printf("simdjson  parse %.2f ns/B\n", per_byte(simd_parse, json.size()));
  std::printf("nlohmann  parse %.2f  write %.2f  mean %.2f ns/B   (checksum %zu)\n", per_byte(nl_parse, json.size()),
              per_byte(nl_write, json.size()), per_byte((nl_parse + nl_write) / 2, json.size()), sink % 7);
}
