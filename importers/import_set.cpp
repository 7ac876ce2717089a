// Walking inputs, detecting formats and dispatching to the importers.
#include "importers/import_set.hpp"

#include "model/canonical_order.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "importers/byte_source.hpp"
#include "importers/import_error.hpp"
#include "importers/import_unit.hpp"
#include "importers/input_units.hpp"
#include "importers/yaml_nodes.hpp"

namespace nanoscope::importers {
namespace fs = std::filesystem;
namespace {

using detail::kSniffBytes;

struct Candidate {
  std::string path;
  bool explicit_input = false;
  bool archive = false;  // a tar archive (plain, .gz or .zst): its members are the inputs
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

void collect(const std::string& input, std::vector<Candidate>& out, GraphBuilder& builder) {
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
      builder.set_source(input);
      builder.warn("unreadable-entry", "cannot read a directory entry: " + ec.message());
      ec.clear();
      continue;
    }
    const auto name = it->path().filename().string();
    if (it->is_directory(ec)) {
      if (!name.empty() && name[0] == '.') {
        it.disable_recursion_pending();
      } else if (::access(it->path().c_str(), R_OK | X_OK) != 0) {
        it.disable_recursion_pending();
        builder.set_source(it->path().string());
        builder.warn("unreadable-directory", "cannot read the directory (permission denied); skipped");
      }
      continue;
    }
    if (!it->is_regular_file(ec)) continue;  // pipes, sockets, devices inside a folder are not inputs
    if (::access(it->path().c_str(), R_OK) != 0) {
      builder.set_source(it->path().string());
      builder.warn("unreadable-file", "cannot read the file (permission denied); skipped");
      continue;
    }
    files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  for (auto& f : files) out.push_back({std::move(f), false});
}

}  // namespace

ImportResult import_inputs(const std::vector<std::string>& inputs, const ImportOptions& options) {
  GraphBuilder builder;
  builder.set_cancel(options.cancel);
  ImportResult result;
  std::vector<Candidate> candidates;
  for (const auto& input : inputs) collect(input, candidates, builder);

  std::uint64_t total_bytes = 0, done_bytes = 0;
  std::vector<std::pair<Candidate, std::optional<Format>>> detected;
  for (auto& c : candidates) {
    std::error_code ec;
    const std::uint64_t size = fs::file_size(c.path, ec);
    total_bytes += size;
    check_limit(c.path, size, options.limits.max_file_bytes, "input-size");
    std::string head = sniff(c.path);
    if (looks_like_tar(head)) {
      c.archive = true;
      detected.emplace_back(std::move(c), std::nullopt);
      continue;
    }
    auto format = detect_format(format_hint(c.path), head);
    if (format == Format::KubernetesYaml || format == Format::ComposeYaml || format == Format::DotEnv)
      check_limit(c.path, size, options.limits.max_manifest_bytes, "manifest-size");
    if (!format && c.explicit_input) {
      if (head.find_first_not_of(" \t\r\n") == std::string::npos) {
        builder.set_source(c.path);
        builder.warn("empty-file", "the file is empty; nothing imported");
        result.files.push_back({c.path, "empty", 0, 0});
        continue;
      }
      throw ImportError(c.path, {}, "unrecognised format (expected Jaeger, Zipkin, OTLP JSON, call-graph CSV, "
                                    "service-graph metrics, Kubernetes or compose YAML, or a nanoscope graph)");
    }
    detected.emplace_back(std::move(c), format);
  }

  std::vector<InputFile> kubernetes;
  std::vector<std::pair<std::uint32_t, std::size_t>> input_files;  // graph input -> result.files entry
  for (auto& [c, format] : detected) {
    options.cancel.check();
    builder.set_source(c.path);
    if (c.archive) {  // each member is an input of its own, `archive:member`
      detail::ImportState state{builder, result, options, kubernetes, input_files, done_bytes, total_bytes};
      detail::import_archive_members(c.path, state);
      std::error_code ec;
      done_bytes += fs::file_size(c.path, ec);
      if (options.progress) options.progress(done_bytes, total_bytes);
      continue;
    }
    // Provenance: every file that adds to the graph is one of its inputs, except a saved graph,
    // whose own inputs (kept in it) come in with it, and .env files, which only feed compose.
    if (format && *format != Format::DotEnv && *format != Format::NanoscopeGraph)
      input_files.emplace_back(builder.begin_input(c.path, to_string(*format)), result.files.size());
    std::error_code ec;
    const std::uint64_t bytes = fs::file_size(c.path, ec);
    if (!format) {
      builder.info("skipped-file", "not a recognised input format; skipped");
      result.files.push_back({c.path, "skipped", 0, bytes});
      done_bytes += bytes;
      continue;
    }
    std::uint64_t records = 0;
    switch (*format) {
      case Format::DotEnv:
        result.files.push_back({c.path, "dotenv (used by compose files beside it)", 0, bytes});
        done_bytes += bytes;
        continue;
      case Format::KubernetesYaml:
        kubernetes.push_back(InputFile::read(c.path, options.limits.max_file_bytes));
        detail::check_yaml_depth(kubernetes.back(), options.limits.max_yaml_depth);
        result.files.push_back({c.path, std::string(to_string(*format)), 0, bytes});
        done_bytes += bytes;
        continue;
      case Format::CallGraphCsv: records = import_callgraph_csv(c.path, builder, options.limits); break;
      default:
        records = detail::import_whole_file(*format, InputFile::read(c.path, options.limits.max_file_bytes), builder,
                                            options.limits);
    }
    result.files.push_back({c.path, std::string(to_string(*format)), records, bytes});
    done_bytes += bytes;
    if (options.progress) options.progress(done_bytes, total_bytes);
  }
  if (!kubernetes.empty()) {
    builder.set_source(kubernetes.front().path());
    std::vector<std::uint64_t> objects = import_kubernetes_yaml(kubernetes, builder);
    std::size_t k = 0;
    for (auto& f : result.files)
      if (f.format == to_string(Format::KubernetesYaml) && k < objects.size()) f.records = objects[k++];
  }
  if (inputs.empty() || candidates.empty()) {
    builder.set_source(inputs.empty() ? "<no input>" : inputs.front());
    builder.warn("empty-input", "no input files; the graph is empty");
  }
  options.cancel.check();
  result.spans = builder.span_count();
  result.graph = model::canonical_order(builder.finish());
  for (const auto& [input, file] : input_files) result.graph.inputs[input].records = result.files[file].records;
  result.diagnostics = builder.diagnostics();
  return result;
}

}  // namespace nanoscope::importers
