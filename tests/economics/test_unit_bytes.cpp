// The byte form of what crosses ranks (economics/unit_bytes.hpp): measured partitions, break-even
// points, Leiden's communities and sample rows read back equal to what was written, doubles bit
// for bit (+inf, NaN, -0.0, denormals), and a truncated record is an error, not a crash.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <limits>

#include "economics/economics_test_support.hpp"
#include "economics/sweep.hpp"
#include "economics/unit_bytes.hpp"

using namespace nanoscope;
using economics::ByteReader;
using economics::ByteWriter;

namespace {

// Bit patterns: equal doubles, NaN included.
bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

template <class T>
T round_trip(const T& value) {
  ByteWriter out;
  write_bytes(out, value);
  const std::string bytes = out.take();
  ByteReader in(bytes);
  T back{};
  read_bytes(in, back);
  CHECK(in.left() == 0);
  return back;
}

// Every number of two measures, bit for bit (the codec writes them field by field).
void check_same(const economics::PartitionMeasures& a, const economics::PartitionMeasures& b) {
  ByteWriter wa, wb;
  write_bytes(wa, a);
  write_bytes(wb, b);
  CHECK(wa.bytes() == wb.bytes());
  REQUIRE(a.groups.size() == b.groups.size());
  for (std::size_t i = 0; i < a.groups.size(); ++i) {
    CHECK(a.groups[i].name == b.groups[i].name);
    CHECK(a.groups[i].group == b.groups[i].group);
    CHECK(same_bits(a.groups[i].offered_cpu_per_rps, b.groups[i].offered_cpu_per_rps));
    CHECK(same_bits(a.groups[i].survive_share, b.groups[i].survive_share));
    CHECK(a.groups[i].in_knot == b.groups[i].in_knot);
  }
  REQUIRE(a.load_curve.size() == b.load_curve.size());
  for (std::size_t i = 0; i < a.load_curve.size(); ++i) {
    CHECK(same_bits(a.load_curve[i].added_p99_ms, b.load_curve[i].added_p99_ms));
    CHECK(a.load_curve[i].saturated == b.load_curve[i].saturated);
  }
  CHECK(a.des_check.has_value() == b.des_check.has_value());
  if (a.des_check && b.des_check) {
    CHECK(same_bits(a.des_check->des_added_p99_ms, b.des_check->des_added_p99_ms));
    CHECK(a.des_check->requests == b.des_check->requests);
  }
  CHECK(same_bits(a.p99_ms, b.p99_ms));
  CHECK(same_bits(a.bytes_per_request, b.bytes_per_request));
  CHECK(a.capacity_policy == b.capacity_policy);
  CHECK(a.simulated_requests == b.simulated_requests);
}

}  // namespace

TEST_CASE("doubles travel bit for bit, odd values included") {
  const double values[] = {0.0, -0.0, 1.0 / 3.0, std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN(),
                           std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::max()};
  ByteWriter out;
  for (double v : values) out.put(v);
  out.put(std::string("naïve/op"));
  out.put(true);
  const std::string bytes = out.take();
  ByteReader in(bytes);
  for (double v : values) CHECK(same_bits(in.get<double>(), v));
  std::string s;
  in.get(s);
  CHECK(s == "naïve/op");
  bool b = false;
  in.get(b);
  CHECK(b);
  CHECK(in.left() == 0);
}

TEST_CASE("measured partitions of the example round-trip exactly, with and without a discrete-event check") {
  const auto g = test::social_network_graph();
  const auto era = test::quick_eras(10).front();
  const auto context = economics::era_measure_context(g, era);
  const auto levels = economics::granularity_levels(g);
  for (const auto& level : {levels.front(), levels.back()}) {
    for (const bool des : {false, true}) {
      const auto m = economics::measure_level(context, level.partition, des);
      CHECK(m.des_check.has_value() == des);
      REQUIRE_FALSE(m.groups.empty());
      check_same(m, round_trip(m));
    }
  }
}

TEST_CASE("break-even points, absent ones and Leiden's communities round-trip") {
  economics::Breakeven b{economics::Param::EngineerUsdPerHour, 120.0, 1.0 / 7.0, true};
  const auto back = round_trip(std::optional<economics::Breakeven>(b));
  REQUIRE(back);
  CHECK(back->param == b.param);
  CHECK(same_bits(back->value, b.value));
  CHECK(back->raising_helps);
  CHECK_FALSE(round_trip(std::optional<economics::Breakeven>()).has_value());

  const auto g = test::social_network_graph();
  const auto found = economics::detect_communities(g);
  const auto c = round_trip(found);
  CHECK(c.membership == found.membership);
  CHECK(same_bits(c.modularity, found.modularity));
  CHECK(c.trials.size() == found.trials.size());
  CHECK(c.unlinked_operations == found.unlinked_operations);
  // The suggestion described from the copy is the one described from the original.
  CHECK(economics::describe_communities(g, c).partition == economics::suggest_boundaries(g).partition);
}

TEST_CASE("a truncated or overlong record is an error naming the problem") {
  const auto g = test::social_network_graph();
  const auto era = test::quick_eras(10).front();
  const auto context = economics::era_measure_context(g, era);
  ByteWriter out;
  write_bytes(out, economics::measure_level(context, context.reference, false));
  const std::string bytes = out.take();
  for (std::size_t cut : {std::size_t{0}, std::size_t{5}, bytes.size() / 2, bytes.size() - 1}) {
    const std::string part = bytes.substr(0, cut);
    ByteReader in(part);
    economics::PartitionMeasures m;
    CHECK_THROWS_WITH_AS(read_bytes(in, m), doctest::Contains("corrupt bytes between processes"), std::runtime_error);
  }
  // A huge length prefix is refused before anything is allocated.
  ByteWriter huge;
  huge.put(std::uint64_t{1} << 60);
  const std::string h = huge.take();
  ByteReader in(h);
  std::vector<double> v;
  CHECK_THROWS_AS(in.get(v), std::runtime_error);
}
