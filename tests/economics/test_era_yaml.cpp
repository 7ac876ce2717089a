// Era files: ranges, defaults, the simulation section through the simulator's reader, and
// one-line errors naming the position.
#include <doctest/doctest.h>

#include "economics/era.hpp"
#include "economics/economics_test_support.hpp"

using namespace nanoscope;
using economics::Param;

TEST_CASE("an era file sets ranges and scalars; the rest keep the table defaults") {
  const auto era = economics::parse_era_yaml(R"(
simulation:
  payload: {encoding: xml}
economics:
  era: test-era
  description: a test
  samples: 17
  seed: 9
  parameters:
    ai_share: [0.5, 0.9]
    engineer_usd_per_hour: 120
)", "t.yaml");
  CHECK(era.name == "test-era");
  CHECK(era.description == "a test");
  CHECK(era.samples == 17);
  CHECK(era.seed == 9);
  CHECK(era.params[Param::AiShare] == economics::Range{0.5, 0.9});
  CHECK(era.params[Param::EngineerUsdPerHour] == economics::Range{120, 120});
  CHECK(era.params[Param::MttrHours] == economics::Range{1, 1});
  CHECK(era.simulation.encoding == sim::Encoding::Xml);
  CHECK(era.params.nominal()[Param::AiShare] == doctest::Approx(0.7));
  CHECK(era.params.uncertain_count() == 1);
  // Samples stay inside their ranges and are reproducible.
  for (std::uint64_t i = 0; i < 50; ++i) {
    const auto v = era.params.sample(era.seed, i);
    CHECK(v[Param::AiShare] >= 0.5);
    CHECK(v[Param::AiShare] <= 0.9);
    CHECK(v[Param::AiShare] == era.params.sample(era.seed, i)[Param::AiShare]);
  }
}

TEST_CASE("an era without a name takes the file's") {
  CHECK(economics::parse_era_yaml("economics: {samples: 3}\n", "dir/my-era.yaml").name == "my-era");
}

TEST_CASE("era file errors name the file and position") {
  auto message = [](const char* text) {
    try {
      (void)economics::parse_era_yaml(text, "bad.yaml");
    } catch (const economics::EraError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("economics:\n  parameters:\n    no_such_thing: 1\n").starts_with("bad.yaml:3:5: unknown economic parameter"));
  CHECK(message("economics:\n  parameters:\n    ai_share: [0.9, 0.1]\n").starts_with("bad.yaml:3:15:"));
  CHECK(message("economics:\n  parameters:\n    ai_share: lots\n").find("expected a number") != std::string::npos);
  CHECK(message("economics:\n  colour: red\n").starts_with("bad.yaml:2:3: unknown key 'colour'"));
  CHECK(message("simulation:\n  nonsense: 1\n").starts_with("bad.yaml:2:3:"));
  CHECK_THROWS_AS((void)economics::load_era_file("/no/such/era.yaml"), economics::EraError);
}

TEST_CASE("the bundled eras load in order and differ where the essays say they do") {
  const auto eras = test::bundled_eras();
  REQUIRE(eras.size() == 3);
  CHECK(eras[0].name == "soa-2012");
  CHECK(eras[1].name == "microservices-2016");
  CHECK(eras[2].name == "ai-native-2026");
  CHECK(eras[0].simulation.encoding == sim::Encoding::Xml);
  CHECK(eras[2].simulation.encoding == sim::Encoding::Protobuf);
  CHECK(eras[0].params[Param::AiShare].high == 0.0);
  CHECK(eras[2].params[Param::AiShare].low > 0.5);
  for (const auto& e : eras) CHECK(e.params.uncertain_count() > 10);
}
