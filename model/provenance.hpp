// Provenance: which input files a graph was built from, and which of them mention each service
// and edge. Systems (systems.hpp) group inputs by it; graph JSON keeps it across re-imports.
#pragma once

#include <boost/container/small_vector.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nanoscope::model {

/// One input file of an import.
struct InputSource {
  std::string path;            ///< as given on the command line (or met walking a directory)
  std::string format;          ///< importers::to_string(Format)
  std::uint64_t records = 0;   ///< spans, rows, links or objects read from it
  std::uint64_t traces = 0;    ///< traces with at least one span from it (and traces counted by the file)
  /// Time window of its records in microseconds since the epoch, when they carry times.
  std::optional<std::int64_t> window_start_us;
  std::optional<std::int64_t> window_end_us;

  /// Widens the window to include [start, end].
  void observe_window(std::int64_t start_us, std::int64_t end_us);
  [[nodiscard]] bool has_window() const { return window_start_us && window_end_us; }
  bool operator==(const InputSource&) const = default;
};

/// Indices into the graph's inputs, sorted and unique; nearly always one or two.
using InputSet = boost::container::small_vector<std::uint32_t, 2>;

/// Adds one input index (cheap when it is already the last one, the common case).
void add_input(InputSet& set, std::uint32_t input);
/// Adds every index of `from`, shifted by `offset` (the position of `from`'s first input in
/// the merged list).
void add_inputs(InputSet& set, const InputSet& from, std::uint32_t offset = 0);
/// Whether two time windows overlap (closed intervals); false if either is unknown.
[[nodiscard]] bool windows_overlap(const InputSource& a, const InputSource& b);
/// Gap in microseconds between two known windows (0 when they overlap or one is unknown).
[[nodiscard]] std::int64_t window_gap_us(const InputSource& a, const InputSource& b);

}  // namespace nanoscope::model
