// Recently opened inputs and session files, newest first, kept across runs in
// $XDG_CONFIG_HOME/nanoscope/recent.json (else ~/.config/nanoscope/recent.json). At most ten;
// entries whose files are gone are pruned when read. A broken list is ignored, never fatal.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace nanoscope::gui {

/// One recent entry: what was opened (several paths for one import) and whether it was a session file.
struct RecentEntry {
  std::vector<std::string> paths;
  bool session = false;
  bool operator==(const RecentEntry&) const = default;
};

class RecentFiles {
 public:
  static constexpr std::size_t kMax = 10;

  /// The list file for this user: $XDG_CONFIG_HOME/nanoscope/recent.json, else
  /// $HOME/.config/nanoscope/recent.json; empty when neither variable is set.
  [[nodiscard]] static std::string default_path();

  /// A list kept in `path` (empty: in memory only). Reads it now.
  explicit RecentFiles(std::string path = default_path());

  /// Newest first.
  [[nodiscard]] const std::vector<RecentEntry>& entries() const { return entries_; }
  /// Puts `entry` first (moving it up when already listed), keeps at most kMax and writes the list.
  void add(RecentEntry entry);
  /// Reads the list again, dropping entries with a path that no longer exists.
  void reload();
  /// The last problem writing or reading the list ("" when none); never thrown.
  [[nodiscard]] const std::string& error() const { return error_; }
  /// "traces.json", "traces.json + 2 more", with "(session)" for session files: a menu label.
  [[nodiscard]] static std::string label(const RecentEntry& entry);

 private:
  void save();

  std::string path_;
  std::vector<RecentEntry> entries_;
  std::string error_;
};

}  // namespace nanoscope::gui
