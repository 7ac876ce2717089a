// Folder listing for the file-browser panel (std::filesystem, errors as messages).
#include "gui/viewmodel/file_browser.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace nanoscope::gui {

namespace fs = std::filesystem;

bool FileBrowser::open(const std::string& folder) {
  std::error_code ec;
  const auto path = fs::weakly_canonical(fs::absolute(folder, ec), ec);
  std::vector<BrowserEntry> listing;
  fs::directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    error_ = "cannot list " + path.string() + ": " + ec.message();
    return false;
  }
  for (const auto& entry : it) {
    BrowserEntry e;
    e.name = entry.path().filename().string();
    std::error_code entry_ec;
    e.directory = entry.is_directory(entry_ec);
    if (!e.directory) e.bytes = entry.file_size(entry_ec);
    if (entry_ec) e.bytes = 0;
    listing.push_back(std::move(e));
  }
  std::sort(listing.begin(), listing.end(), [](const auto& a, const auto& b) {
    if (a.directory != b.directory) return a.directory;
    return a.name < b.name;
  });
  folder_ = path.string();
  entries_ = std::move(listing);
  error_.clear();
  return true;
}

bool FileBrowser::enter(const std::string& name) {
  const auto target = name == ".." ? fs::path(folder_).parent_path() : fs::path(folder_) / name;
  return open(target.string());
}

void FileBrowser::toggle(std::size_t index) {
  if (index < entries_.size()) entries_[index].selected = !entries_[index].selected;
}

std::vector<std::string> FileBrowser::selected_paths() const {
  std::vector<std::string> out;
  for (const auto& e : entries_)
    if (e.selected) out.push_back((fs::path(folder_) / e.name).string());
  return out;
}

}  // namespace nanoscope::gui
