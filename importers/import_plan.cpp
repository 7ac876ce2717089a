// Walking inputs, checking limits and detecting formats: the plan of an import.
#include "importers/import_plan.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "importers/byte_source.hpp"
#include "importers/import_error.hpp"
#include "importers/import_unit.hpp"

namespace nanoscope::importers {
namespace fs = std::filesystem;
namespace {

using detail::kSniffBytes;

struct Candidate {
  std::string path;
  bool explicit_input = false;
};

// The first bytes of the file's content, decompressed when it is gzip or zstd.
std::string sniff(const std::string& path) {
  StreamOptions options;
  options.background = false;
  auto stream = open_file_stream(path, options);
  std::string head(kSniffBytes, '\0');
  head.resize(read_fully(*stream, head.data(), head.size()));
  return head;
}

void check_limit(const std::string& path, std::uint64_t size, std::uint64_t limit, const char* name) {
  if (limit == 0 || size <= limit) return;
  throw ImportError(path, {}, "file is " + std::to_string(size) + " bytes, more than the limit of " +
                                  describe_bytes(limit) + " " + limit_hint(name));
}

void collect(const std::string& input, std::vector<Candidate>& out, model::Diagnostics& diagnostics) {
  auto warn = [&](const std::string& file, std::string_view code, std::string_view message) {
    diagnostics.report(model::Severity::Warning, file, code, message);
  };
  std::error_code ec;
  auto status = fs::status(input, ec);
  // A loop of symbolic links or a name longer than the system allows is not "missing": say why.
  if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
    throw ImportError(input, {}, "cannot read: " + ec.message());
  if (ec || !fs::exists(status)) throw ImportError(input, {}, "no such file or directory");
  if (!fs::is_directory(status)) {
    // A FIFO, socket or device (/dev/zero) would block or never end: refuse it up front.
    if (!fs::is_regular_file(status)) throw ImportError(input, {}, "not a regular file (a pipe, socket or device)");
    out.push_back({input, true});
    return;
  }
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) throw ImportError(input, {}, "cannot read directory: " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) {
      warn(input, "unreadable-entry", "cannot read a directory entry: " + ec.message());
      ec.clear();
      continue;
    }
    const auto name = it->path().filename().string();
    if (it->is_directory(ec)) {
      if (!name.empty() && name[0] == '.') {
        it.disable_recursion_pending();
      } else if (::access(it->path().c_str(), R_OK | X_OK) != 0) {
        it.disable_recursion_pending();
        warn(it->path().string(), "unreadable-directory", "cannot read the directory (permission denied); skipped");
      }
      continue;
    }
    if (!it->is_regular_file(ec)) continue;  // pipes, sockets, devices inside a folder are not inputs
    if (::access(it->path().c_str(), R_OK) != 0) {
      warn(it->path().string(), "unreadable-file", "cannot read the file (permission denied); skipped");
      continue;
    }
    files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  for (auto& f : files) out.push_back({std::move(f), false});
}

}  // namespace

std::uint64_t ImportPlan::total_bytes() const {
  std::uint64_t total = 0;
  for (const auto& unit : units) total += unit.bytes;
  return total;
}

ImportPlan plan_import(const std::vector<std::string>& inputs, const ImportOptions& options) {
  ImportPlan plan;
  std::vector<Candidate> candidates;
  for (const auto& input : inputs) collect(input, candidates, plan.diagnostics);
  for (auto& c : candidates) {
    options.cancel.check();
    std::error_code ec;
    const std::uint64_t size = fs::file_size(c.path, ec);
    check_limit(c.path, size, options.limits.max_file_bytes, "input-size");
    std::string head = sniff(c.path);
    if (looks_like_tar(head)) {  // its members are the inputs (`archive:member`), read when it is imported
      plan.units.push_back({std::move(c.path), std::nullopt, ec ? 0 : size, true});
      continue;
    }
    auto format = detect_format(format_hint(c.path), head);
    if (format == Format::KubernetesYaml || format == Format::ComposeYaml || format == Format::DotEnv)
      check_limit(c.path, size, options.limits.max_manifest_bytes, "manifest-size");
    if (!format && c.explicit_input) {
      if (head.find_first_not_of(" \t\r\n") == std::string::npos) {
        plan.diagnostics.report(model::Severity::Warning, c.path, "empty-file", "the file is empty; nothing imported");
        plan.empty_files.push_back({c.path, "empty", 0, 0});
        continue;
      }
      throw ImportError(c.path, {}, "unrecognised format (expected Jaeger, Zipkin, OTLP JSON, call-graph CSV, "
                                    "service-graph metrics, Kubernetes or compose YAML, or a nanoscope graph)");
    }
    plan.units.push_back({std::move(c.path), format, ec ? 0 : size});
  }
  if (inputs.empty() || candidates.empty()) plan.empty_input_source = inputs.empty() ? "<no input>" : inputs.front();
  return plan;
}

}  // namespace nanoscope::importers
