// The file-browser panel's state: a current folder, its entries (folders first, then files,
// each sorted by name), a multi-selection, and errors as messages rather than exceptions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nanoscope::gui {

/// One row of the listing.
struct BrowserEntry {
  std::string name;
  bool directory = false;
  std::uint64_t bytes = 0;
  bool selected = false;
};

/// Folder listing with navigation.
class FileBrowser {
 public:
  /// Lists `folder` (made absolute); false and error() set if it cannot be read.
  bool open(const std::string& folder);
  /// Enters a sub-folder by name, or ".." for the parent.
  bool enter(const std::string& name);
  [[nodiscard]] const std::string& folder() const { return folder_; }
  [[nodiscard]] const std::vector<BrowserEntry>& entries() const { return entries_; }
  [[nodiscard]] const std::string& error() const { return error_; }
  /// Toggles the selection of entry `index`.
  void toggle(std::size_t index);
  /// Full paths of the selected entries (files or folders), in listing order.
  [[nodiscard]] std::vector<std::string> selected_paths() const;

 private:
  std::string folder_;
  std::vector<BrowserEntry> entries_;
  std::string error_;
};

}  // namespace nanoscope::gui
