// One unit of an import once its format is known: the whole-buffer dispatch, and an archive's
// members streamed one after another.
#include "importers/import_unit.hpp"

#include "importers/archive_reader.hpp"
#include "importers/decoders.hpp"
#include "importers/import_error.hpp"
#include "importers/yaml_nodes.hpp"

namespace nanoscope::importers::detail {
namespace {

void check_manifest_size(const std::string& name, std::uint64_t size, const ImportLimits& limits) {
  if (limits.max_manifest_bytes == 0 || size <= limits.max_manifest_bytes) return;
  throw ImportError(name, {}, "file is " + std::to_string(size) + " bytes, more than the limit of " +
                                  describe_bytes(limits.max_manifest_bytes) + " " + limit_hint("manifest-size"));
}

std::string describe_skips(const ArchiveSkips& s) {
  std::string out;
  auto add = [&](std::uint64_t n, const char* one, const char* many) {
    if (n == 0) return;
    if (!out.empty()) out += ", ";
    out += std::to_string(n) + " " + (n == 1 ? one : many);
  };
  add(s.directories, "directory", "directories");
  add(s.links, "link", "links");
  add(s.other, "special file", "special files");
  return out + " skipped (only regular files are imported)";
}

}  // namespace

std::uint64_t import_whole_file(Format format, const InputFile& file, GraphBuilder& builder, const ImportLimits& limits) {
  switch (format) {
    case Format::JaegerJson: return import_jaeger_json(file, builder);
    case Format::JaegerDependencies: return import_jaeger_dependencies(file, builder);
    case Format::ZipkinJson: return import_zipkin_json(file, builder);
    case Format::OtlpJson: return import_otlp_json(file, builder);
    case Format::OtlpProtobuf: return import_otlp_protobuf(file, builder, limits);
    case Format::PrometheusServiceGraph: return import_prometheus_service_graph(file, builder);
    case Format::ComposeYaml:
      check_yaml_depth(file, limits.max_yaml_depth);
      return import_compose_yaml(file, builder);
    case Format::NanoscopeGraph: return import_nanoscope_graph(file, builder);
    case Format::KialiGraph: return import_kiali_graph(file, builder);
    default: return 0;
  }
}

void import_stream(const std::string& name, std::string_view hint, std::uint64_t bytes,
                   std::unique_ptr<ByteSource> stream, ImportState& state) {
  const ImportOptions& options = state.options;
  GraphBuilder& builder = state.builder;
  builder.set_source(name);
  std::string head(kSniffBytes, '\0');
  head.resize(read_fully(*stream, head.data(), head.size()));
  const auto format = detect_format(format_hint(hint), head);
  if (!format || *format == Format::DotEnv) {
    builder.info("skipped-file", format ? "a .env file read on its own is not used; skipped"
                                        : "not a recognised input format; skipped");
    state.result.files.push_back({name, "skipped", 0, bytes});
    return;
  }
  if (state.call_tables_only && *format != Format::CallGraphCsv) throw NotACallTable{};
  if (*format == Format::KubernetesYaml || *format == Format::ComposeYaml)
    check_manifest_size(name, bytes, options.limits);
  if (is_graph_input(*format))
    state.input_files.emplace_back(builder.begin_input(name, to_string(*format)), state.result.files.size());
  auto source = make_replay_source(std::move(head), std::move(stream));
  std::uint64_t records = 0;
  if (*format == Format::CallGraphCsv) {
    records = import_callgraph_csv(std::move(source), builder, options.limits);
  } else if (*format == Format::KubernetesYaml) {
    state.kubernetes.push_back(InputFile::read_stream(*source, options.limits.max_file_bytes, bytes));
    check_yaml_depth(state.kubernetes.back(), options.limits.max_yaml_depth);
  } else {
    const InputFile file = InputFile::read_stream(*source, options.limits.max_file_bytes, bytes);
    records = import_whole_file(*format, file, builder, options.limits);
  }
  state.result.files.push_back({name, std::string(to_string(*format)), records, bytes});
}

void import_archive_members(const std::string& path, ImportState& state) {
  const ImportOptions& options = state.options;
  StreamOptions stream_options;
  stream_options.cancel = options.cancel;
  auto reader = open_archive(path, stream_options);
  stream_options.max_bytes = options.limits.max_file_bytes;
  const std::uint64_t done_before = state.done_bytes;
  std::uint64_t members = 0;
  while (reader->next_member()) {
    options.cancel.check();
    ++members;
    import_stream(reader->unit_name(), reader->member_name(), reader->member_size(), reader->open_member(stream_options),
                  state);
    if (options.progress) options.progress(done_before + reader->raw_bytes_read(), state.total_bytes);
  }
  GraphBuilder& builder = state.builder;
  builder.set_source(path);
  if (reader->skipped().total() > 0) builder.info("archive-entries-skipped", describe_skips(reader->skipped()));
  if (members == 0) {
    builder.warn("empty-archive", "the archive holds no regular files; nothing imported");
    state.result.files.push_back({path, "empty-archive", 0, 0});
  }
}

}  // namespace nanoscope::importers::detail
