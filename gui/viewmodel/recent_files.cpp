// The recent-files list as a small JSON file (nlohmann), written atomically.
#include "gui/viewmodel/recent_files.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "importers/atomic_output.hpp"

namespace nanoscope::gui {
namespace {

namespace fs = std::filesystem;

bool all_exist(const RecentEntry& entry) {
  std::error_code ec;
  for (const auto& p : entry.paths)
    if (!fs::exists(p, ec)) return false;
  return !entry.paths.empty();
}

}  // namespace

std::string RecentFiles::default_path() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return (fs::path(xdg) / "nanoscope" / "recent.json").string();
  if (const char* home = std::getenv("HOME"); home && *home)
    return (fs::path(home) / ".config" / "nanoscope" / "recent.json").string();
  return {};
}

RecentFiles::RecentFiles(std::string path) : path_(std::move(path)) { reload(); }

void RecentFiles::reload() {
  entries_.clear();
  if (path_.empty()) return;
  std::ifstream in(path_);
  if (!in) return;  // no list yet
  try {
    const auto j = nlohmann::json::parse(in);
    for (const auto& item : j.at("recent")) {
      RecentEntry e{item.at("paths").get<std::vector<std::string>>(), item.value("session", false)};
      if (all_exist(e) && entries_.size() < kMax) entries_.push_back(std::move(e));
    }
    error_.clear();
  } catch (const std::exception& e) {
    entries_.clear();
    error_ = path_ + ": ignored a broken recent-files list: " + e.what();
  }
}

void RecentFiles::add(RecentEntry entry) {
  std::erase(entries_, entry);
  entries_.insert(entries_.begin(), std::move(entry));
  if (entries_.size() > kMax) entries_.resize(kMax);
  save();
}

void RecentFiles::save() {
  if (path_.empty()) return;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : entries_) list.push_back({{"paths", e.paths}, {"session", e.session}});
  try {
    std::error_code ec;
    fs::create_directories(fs::path(path_).parent_path(), ec);
    importers::write_file_atomically(path_, [&](std::ostream& out) { out << nlohmann::json{{"recent", list}}.dump(2) << "\n"; });
    error_.clear();
  } catch (const std::exception& e) {
    error_ = e.what();
  }
}

std::string RecentFiles::label(const RecentEntry& entry) {
  if (entry.paths.empty()) return {};
  std::string out = fs::path(entry.paths.front()).filename().string();
  if (out.empty()) out = entry.paths.front();
  if (entry.paths.size() > 1) out += " + " + std::to_string(entry.paths.size() - 1) + " more";
  if (entry.session) out += " (session)";
  return out;
}

}  // namespace nanoscope::gui
