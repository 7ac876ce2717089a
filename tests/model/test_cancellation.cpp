// The cancel token and the typed Cancelled exception (model/cancellation.hpp).
#include <doctest/doctest.h>

#include <stdexcept>
#include <thread>

#include "model/cancellation.hpp"

using namespace nanoscope;

TEST_CASE("a default token is never cancelled; a made one is, for every copy") {
  const model::CancelToken never;
  never.request();  // no flag to set
  CHECK_FALSE(never.requested());
  CHECK_NOTHROW(never.check());

  const auto token = model::CancelToken::make();
  const auto copy = token;
  CHECK_FALSE(copy.requested());
  CHECK_NOTHROW(copy.check());
  token.request();
  CHECK(copy.requested());
  CHECK_THROWS_AS(copy.check(), model::Cancelled);
  CHECK(model::CancelToken::make().requested() == false);  // a new token has its own flag
}

TEST_CASE("Cancelled is a typed exception, caught as itself before any std::exception") {
  const auto token = model::CancelToken::make();
  token.request();
  bool typed = false;
  try {
    token.check();
  } catch (const model::Cancelled& e) {
    typed = std::string(e.what()) == "cancelled";
  } catch (const std::exception&) {
    typed = false;
  }
  CHECK(typed);
  // A runtime_error with the same text is not a cancellation.
  bool confused = false;
  try {
    throw std::runtime_error("cancelled");
  } catch (const model::Cancelled&) {
    confused = true;
  } catch (const std::exception&) {
  }
  CHECK_FALSE(confused);
}

TEST_CASE("a cancel from another thread is seen by the work's next check") {
  const auto token = model::CancelToken::make();
  std::thread canceller([token] { token.request(); });
  canceller.join();
  CHECK_THROWS_AS(token.check(), model::Cancelled);
}
