// Thresholds from a scenario file's `analysis:` section: values apply, other sections are left
// alone, and every mistake is an error pointing at its line and column.
#include <doctest/doctest.h>

#include <stdexcept>

#include "analysis/thresholds_yaml.hpp"

using namespace nanoscope::analysis;

namespace {

std::string error_of(const std::string& text) {
  Thresholds t;
  try {
    apply_thresholds_yaml_text(t, text, "era.yaml");
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("thresholds yaml: analysis.thresholds set values; other sections are ignored") {
  Thresholds t;
  apply_thresholds_yaml_text(t,
                             "simulation:\n  duration_s: 10\n"
                             "analysis:\n  thresholds:\n    chatty_min_calls: 3\n    monolith_reach_share: 0.75\n",
                             "s.yaml");
  CHECK(t.chatty_min_calls == 3);
  CHECK(t.monolith_reach_share == 0.75);
  CHECK(t.hub_min_degree == Thresholds{}.hub_min_degree);
}

TEST_CASE("thresholds yaml: a file without an analysis section changes nothing") {
  Thresholds t;
  apply_thresholds_yaml_text(t, "simulation:\n  seed: 4\n", "s.yaml");
  apply_thresholds_yaml_text(t, "", "empty.yaml");
  CHECK(t.chatty_min_calls == Thresholds{}.chatty_min_calls);
}

TEST_CASE("thresholds yaml: unknown names, bad values and syntax errors name file, line and column") {
  CHECK(error_of("analysis:\n  thresholds:\n    chaty_min_calls: 3\n") ==
        "era.yaml:3:5: unknown threshold 'chaty_min_calls'");
  CHECK(error_of("analysis:\n  thresholds:\n    chatty_min_calls: lots\n") ==
        "era.yaml:3:5: threshold chatty_min_calls needs a non-negative number, got 'lots'");
  CHECK(error_of("analysis:\n  thresholds:\n    chatty_min_calls: [1, 2]\n") ==
        "era.yaml:3:23: threshold chatty_min_calls needs a number");
  CHECK(error_of("analysis:\n  threshold:\n    chatty_min_calls: 1\n") ==
        "era.yaml:2:3: unknown key 'analysis.threshold' (expected 'thresholds')");
  CHECK(error_of("analysis: [1\n").rfind("era.yaml:", 0) == 0);
  CHECK(error_of("- a\n- b\n").rfind("era.yaml:1:1: a scenario file is a mapping", 0) == 0);
}

TEST_CASE("thresholds yaml: a missing file is a clear error") {
  Thresholds t;
  CHECK_THROWS_WITH(apply_thresholds_yaml(t, "/nonexistent/era.yaml"), "/nonexistent/era.yaml: cannot open scenario file");
}
