// A session: what the window had open and how, saved as a JSON "session file" and opened again
// -- the inputs, the partition (as the groups of a partition file), the era, the selection of
// services and the view. Also "export partition": the partition file `simulate --partition` and
// `whatif --partition` read. Format: docs/session.md.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/call_graph.hpp"
#include "model/partition.hpp"
#include "sim/partition_file.hpp"

namespace nanoscope::session {

/// The session file version this build writes and the newest it reads.
inline constexpr int kSessionVersion = 1;

/// A session file that cannot be read; what() is one line naming the file and the position
/// ("FILE:LINE:COL: ..." for bad JSON, "FILE: /json/pointer: ..." for a bad value).
class SessionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Which services of the inputs are worked on (the CLI's --exclude, --include-infrastructure
/// and --system; docs/infrastructure.md).
struct Selection {
  std::vector<std::string> exclude;     ///< names or globs
  bool include_infrastructure = true;   ///< the window keeps everything it imports
  std::string system;                   ///< a system's name or index; empty: every system
  bool operator==(const Selection&) const = default;
};

/// How the document was being looked at.
struct ViewState {
  std::string view = "graph";              ///< graph, matrix, findings or economics
  std::vector<std::string> selected;       ///< selected services, the primary one first
  std::optional<double> center_x, center_y, zoom;  ///< the graph camera, when saved
  bool hide_infrastructure = false;
  std::uint64_t min_calls = 0;
  std::string search;
  bool operator==(const ViewState&) const = default;
};

/// Everything a session file holds.
struct SessionDocument {
  std::vector<std::string> inputs;                     ///< files and folders, absolute once loaded
  std::vector<sim::PartitionFileGroup> partition;      ///< empty: the observed services
  std::string era;                                     ///< era name; empty: the default era
  Selection selection;
  ViewState view;
  bool operator==(const SessionDocument&) const = default;
};

/// The session as JSON text (pretty-printed, keys in a fixed order).
[[nodiscard]] std::string session_json(const SessionDocument& document);

/// Parses session JSON read from `source`; relative inputs are resolved against `base_dir`
/// (the session file's folder). Throws SessionError.
[[nodiscard]] SessionDocument parse_session_json(const std::string& text, const std::string& source,
                                                 const std::string& base_dir = {});

/// Writes the session file atomically (never half-written). Inputs are stored absolute.
/// Throws std::runtime_error naming the file when it cannot be written.
void save_session(const std::string& path, SessionDocument document);

/// Reads a session file. Throws SessionError.
[[nodiscard]] SessionDocument load_session(const std::string& path);

/// The partition file groups of `partition` (sim::partition_file_groups): what a session stores.
[[nodiscard]] std::vector<sim::PartitionFileGroup> partition_groups(const model::CallGraph& graph,
                                                                    const model::Partition& partition);

/// The session's partition on `graph` (the observed one when it stores none). A member the
/// graph lacks throws SessionError "SOURCE: /partition/GROUP/INDEX: unknown service ...".
[[nodiscard]] model::Partition session_partition(const SessionDocument& document, const model::CallGraph& graph,
                                                 const std::string& source);

/// Writes `partition` as a partition file (docs/scenarios.md) atomically: the file
/// `nanoscope simulate --partition` and `whatif --partition` read back to the same grouping.
/// Throws std::runtime_error naming the file when it cannot be written.
void export_partition(const std::string& path, const model::CallGraph& graph, const model::Partition& partition,
                      const std::string& description = {});

}  // namespace nanoscope::session
