// Which traces an import keeps by their start time (`nanoscope diff --window-split`): a trace is
// kept or left out whole, by the earliest start of its spans. Only span traces carry that time;
// call tables, metrics and saved graphs hold calls already summed over time, so an import with
// a window refuses them (GraphBuilder), naming the file.
#pragma once

#include <cstdint>
#include <optional>

namespace nanoscope::importers {

/// [from_us, to_us) in microseconds since the epoch; an empty bound is open.
struct TraceWindow {
  std::optional<std::int64_t> from_us;  ///< inclusive
  std::optional<std::int64_t> to_us;    ///< exclusive
  [[nodiscard]] bool contains(std::int64_t us) const {
    return (!from_us || us >= *from_us) && (!to_us || us < *to_us);
  }
};

}  // namespace nanoscope::importers
