// Importing plan units into one builder: dispatch per format, partial results, and the finish.
#include "importers/unit_importer.hpp"

#include <stdexcept>

#include "importers/import_unit.hpp"
#include "importers/yaml_nodes.hpp"
#include "model/canonical_order.hpp"

namespace nanoscope::importers {

UnitImporter::UnitImporter(const ImportPlan& plan, const ImportOptions& options)
    : plan_(plan), options_(options), joiner_(&own_joiner_), input_of_unit_(plan.units.size(), 0) {
  builder_.set_cancel(options.cancel);
  if (options.trace_window) builder_.set_trace_window(*options.trace_window);
  builder_.diagnostics().merge(plan.diagnostics);
  result_.files = plan.empty_files;
}

UnitImporter::UnitImporter(const ImportPlan& plan, const ImportOptions& options, std::size_t first_unit,
                           std::size_t end_unit, TraceJoiner& joiner)
    : plan_(plan), options_(options), whole_(false), first_unit_(first_unit), end_unit_(end_unit), joiner_(&joiner) {
  builder_.set_cancel(options.cancel);
  if (options.trace_window) builder_.set_trace_window(*options.trace_window);
  // A block of archives finds its inputs as it reads their members (begin_input, as the whole
  // import does); a block of call tables has one input per unit, known now.
  if (first_unit < end_unit && plan.units.at(first_unit).archive) {
    for (std::size_t u = first_unit; u < end_unit; ++u)
      if (!plan.units.at(u).archive) throw std::logic_error("a partial import mixes archives and files: " + plan.units[u].path);
    return;
  }
  std::vector<model::InputSource> inputs;
  for (std::size_t u = first_unit; u < end_unit; ++u) {
    const ImportUnit& unit = plan.units.at(u);
    if (!unit.is_call_table()) throw std::logic_error("a partial import holds call tables or archives only: " + unit.path);
    inputs.push_back(model::InputSource{unit.path, std::string(to_string(*unit.format)), 0, 0, {}, {}});
  }
  builder_.preset_inputs(std::move(inputs));
}

UnitImporter::~UnitImporter() = default;

void UnitImporter::import_unit(std::size_t index) {
  const ImportUnit& unit = plan_.units.at(index);
  options_.cancel.check();
  builder_.set_source(unit.path);
  if (unit.archive) {  // members are inputs of their own
    if (declined_) return;
    detail::ImportState state{builder_, result_, options_, kubernetes_, input_files_, done_bytes_,
                              plan_.total_bytes()};
    state.call_tables_only = !whole_;
    try {
      detail::import_archive_members(unit.path, state);
    } catch (const detail::NotACallTable&) {
      declined_ = true;  // the whole import reads this block itself
      return;
    }
    done_bytes_ += unit.bytes;
    if (options_.progress) options_.progress(done_bytes_, plan_.total_bytes());
    return;
  }
  // Provenance: every file that adds to the graph is one of its inputs, except a saved graph,
  // whose own inputs (kept in it) come in with it, and .env files, which only feed compose.
  if (unit.is_graph_input()) {
    const std::uint32_t input = whole_ ? builder_.begin_input(unit.path, to_string(*unit.format))
                                       : static_cast<std::uint32_t>(index - first_unit_);
    if (!whole_) builder_.enter_input(input);
    if (whole_) input_of_unit_.at(index) = input;
    input_files_.emplace_back(input, result_.files.size());
  }
  const std::uint64_t bytes = unit.bytes;
  if (!unit.format) {
    builder_.info("skipped-file", "not a recognised input format; skipped");
    result_.files.push_back({unit.path, "skipped", 0, bytes});
    done_bytes_ += bytes;
    return;
  }
  const Format format = *unit.format;
  std::uint64_t records = 0;
  switch (format) {
    case Format::DotEnv:
      result_.files.push_back({unit.path, "dotenv (used by compose files beside it)", 0, bytes});
      done_bytes_ += bytes;
      return;
    case Format::KubernetesYaml:
      kubernetes_.push_back(InputFile::read(unit.path, options_.limits.max_file_bytes));
      detail::check_yaml_depth(kubernetes_.back(), options_.limits.max_yaml_depth);
      result_.files.push_back({unit.path, std::string(to_string(format)), 0, bytes});
      done_bytes_ += bytes;
      return;
    case Format::CallGraphCsv: {
      const auto is_table = [&](std::size_t u) { return u < plan_.units.size() && plan_.units[u].is_call_table(); };
      const CallTableEdges edges{static_cast<std::uint32_t>(index), index > 0 && is_table(index - 1),
                                 is_table(index + 1), joiner_};
      records = import_callgraph_csv(unit.path, builder_, options_.limits, edges);
      joiner_->unit_done(static_cast<std::uint32_t>(index));
      break;
    }
    default:
      records = detail::import_whole_file(format, InputFile::read(unit.path, options_.limits.max_file_bytes), builder_,
                                          options_.limits);
  }
  result_.files.push_back({unit.path, std::string(to_string(format)), records, bytes});
  done_bytes_ += bytes;
  if (options_.progress) options_.progress(done_bytes_, plan_.total_bytes());
}

void UnitImporter::absorb(const ImportPartial& partial) {
  if (!whole_) throw std::logic_error("absorb: only the whole import takes partials");
  if (partial.declined) throw std::logic_error("absorb: a declined partial holds nothing");
  std::vector<std::uint32_t> input_map;
  for (const model::InputSource& input : partial.graph.inputs)
    input_map.push_back(builder_.begin_input(input.path, input.format));
  // Call tables are one input per unit: the inputs the joined traces add to.
  if (!plan_.units.at(partial.first_unit).archive)
    for (std::size_t u = partial.first_unit; u < partial.end_unit; ++u)
      input_of_unit_.at(u) = input_map.at(u - partial.first_unit);
  // Records per input come from the file summaries at finish(), as for imported units.
  for (const auto& [input, file] : partial.input_files)
    input_files_.emplace_back(input_map.at(input), result_.files.size() + file);
  result_.files.insert(result_.files.end(), partial.files.begin(), partial.files.end());
  builder_.merge_partial(partial.graph, input_map);
  // The source the units' own import leaves current (an archive's path after its members).
  builder_.set_source(plan_.units.at(partial.end_unit - 1).path);
  builder_.diagnostics().merge(partial.diagnostics);
  for (const auto& f : partial.files) done_bytes_ += f.bytes;
  if (options_.progress) options_.progress(done_bytes_, plan_.total_bytes());
}

void UnitImporter::absorb_joined(const JoinedCalls& joined) { joined_.merge(joined); }

ImportPartial UnitImporter::take_partial() {
  if (whole_) throw std::logic_error("take_partial: only a part of an import has one");
  ImportPartial partial;
  partial.first_unit = first_unit_;
  partial.end_unit = end_unit_;
  partial.declined = declined_;
  if (declined_) return partial;
  partial.graph = builder_.take_partial();
  // Records stay in the summaries: absorb() hands them to the inputs as finish() does.
  partial.files = std::move(result_.files);
  partial.input_files = std::move(input_files_);
  partial.diagnostics = builder_.diagnostics();
  return partial;
}

ImportResult UnitImporter::finish() {
  if (!whole_) throw std::logic_error("finish: a part of an import ends with take_partial()");
  JoinedCalls joined = own_joiner_.finish();
  joined.merge(joined_);
  if (!joined.empty()) joined.apply(builder_, input_of_unit_);
  if (!kubernetes_.empty()) {
    builder_.set_source(kubernetes_.front().path());
    std::vector<std::uint64_t> objects = import_kubernetes_yaml(kubernetes_, builder_);
    std::size_t k = 0;
    for (auto& f : result_.files)
      if (f.format == to_string(Format::KubernetesYaml) && k < objects.size()) f.records = objects[k++];
  }
  if (!plan_.empty_input_source.empty()) {
    builder_.set_source(plan_.empty_input_source);
    builder_.warn("empty-input", "no input files; the graph is empty");
  }
  options_.cancel.check();
  result_.spans = builder_.span_count();
  result_.graph = model::canonical_order(builder_.finish());
  for (const auto& [input, file] : input_files_) result_.graph.inputs[input].records = result_.files[file].records;
  result_.diagnostics = builder_.diagnostics();
  return std::move(result_);
}

}  // namespace nanoscope::importers
