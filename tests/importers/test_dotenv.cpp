// .env parsing and compose-style interpolation used by the compose importer.
#include <doctest/doctest.h>

#include "importers/dotenv.hpp"

using namespace nanoscope;
using importers::detail::interpolate;
using importers::detail::parse_dotenv;
using importers::detail::Variables;

TEST_CASE("dotenv: interpolation forms") {
  const Variables vars{{"A", "alpha"}, {"E", ""}, {"N", "7"}};
  CHECK(interpolate("${A}-$A-$N", vars).text == "alpha-alpha-7");
  CHECK(interpolate("${E:-d}|${E-d}|${U:-d}|${U-d}", vars).text == "d||d|d");
  CHECK(interpolate("${A:+x}|${E:+x}|${E+x}|${U+x}", vars).text == "x||x|");
  CHECK(interpolate("$$A costs $5 and $", vars).text == "$A costs $5 and $");
  CHECK(interpolate("${U:-${A}:${N}}", vars).text == "alpha:7");
  auto unset = interpolate("x${U}y$V", vars);
  CHECK(unset.text == "xy");
  CHECK(unset.unset == std::vector<std::string>{"U", "V"});
  auto required = interpolate("${U:?must be set}", vars);
  CHECK(required.required == std::vector<std::string>{"U"});
  CHECK(interpolate("${A", vars).error == "unterminated '${A'");
  CHECK_FALSE(interpolate("${1A}", vars).error.empty());
  CHECK_FALSE(interpolate("${A:}", vars).error.empty());
  CHECK_FALSE(interpolate("${A%x}", vars).error.empty());
  // Deep nesting is refused, not recursed into without bound.
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "${U:-";
  deep += "x" + std::string(100, '}');
  CHECK_FALSE(interpolate(deep, vars).error.empty());
}

TEST_CASE("dotenv: file syntax") {
  importers::GraphBuilder b;
  b.set_source("compose.yaml");
  auto file = importers::InputFile::from_string(
      "demo.env",
      "# comment\n\n"
      "PLAIN=value   # trailing comment\n"
      "HASH=a#b\n"
      "export EXPORTED=yes\n"
      "  SPACED = padded  \n"
      "REF=http://${PLAIN}:${PORT:-80}\n"
      "SINGLE='${PLAIN} # kept'\n"
      "DOUBLE=\"line1\\nline2 ${PLAIN}\"\n"
      "MULTI=\"first\nsecond\"\n"
      "EMPTY=\n"
      "FROM_SHELL\n"
      "=novalue\n"
      "BAD LINE\n"
      "AFTER=ok\n");
  Variables v = parse_dotenv(file, b);
  CHECK(v.at("PLAIN") == "value");
  CHECK(v.at("HASH") == "a#b");
  CHECK(v.at("EXPORTED") == "yes");
  CHECK(v.at("SPACED") == "padded");
  CHECK(v.at("REF") == "http://value:80");
  CHECK(v.at("SINGLE") == "${PLAIN} # kept");
  CHECK(v.at("DOUBLE") == "line1\nline2 value");
  CHECK(v.at("MULTI") == "first\nsecond");
  CHECK(v.at("EMPTY").empty());
  CHECK(v.at("AFTER") == "ok");
  CHECK(v.count("FROM_SHELL") == 0);
  CHECK(b.source() == "compose.yaml");  // restored
  CHECK(b.diagnostics().count("dotenv-invalid-line") == 2);
  CHECK(b.diagnostics().count("dotenv-from-shell") == 1);
  for (const auto& d : b.diagnostics().sorted()) CHECK(d.file == "demo.env");
}

TEST_CASE("dotenv: the corpus .env of the OpenTelemetry demo") {
  importers::GraphBuilder b;
  auto file = importers::InputFile::read(std::string(NANOSCOPE_CORPUS_DIR) + "/compose-opentelemetry-demo.env");
  Variables v = parse_dotenv(file, b);
  CHECK(v.size() == 138);
  CHECK(v.at("CART_ADDR") == "cart:7070");
  CHECK(v.at("OTEL_EXPORTER_OTLP_ENDPOINT") == "http://otel-collector:4317");
  CHECK(v.at("OTEL_RESOURCE_ATTRIBUTES") == "service.namespace=opentelemetry-demo,service.version=3.0.0");
  CHECK(v.at("POSTGRES_ASTRONOMY_PASSWORD") == "astronomy_password");
  CHECK(v.at("API_KEY").empty());
  CHECK(b.diagnostics().empty());
}
