// Importing one unit of an input set: a whole-buffer file once its format is known, one unit
// from its stream (a file or an archive member), or every member of a tar archive (each an
// input `archive:member`). unit_importer.cpp drives it, for the whole import and for the parts
// an MPI rank imports.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "importers/formats.hpp"
#include "importers/import_set.hpp"

namespace nanoscope::importers::detail {

/// Bytes read from the start of an input to detect its format.
inline constexpr std::size_t kSniffBytes = 64 * 1024;

/// What import_inputs collects while it goes through its inputs.
struct ImportState {
  GraphBuilder& builder;
  ImportResult& result;
  const ImportOptions& options;
  std::vector<InputFile>& kubernetes;  ///< read now, imported together at the end
  std::vector<std::pair<std::uint32_t, std::size_t>>& input_files;  ///< graph input -> result.files entry
  std::uint64_t done_bytes = 0;   ///< bytes of the input files (compressed as on disk) read so far
  std::uint64_t total_bytes = 0;  ///< of all input files
  /// A part of a distributed import (unit_importer.hpp): a member that is neither a call table
  /// nor skipped throws NotACallTable, and the whole import reads the archive itself.
  bool call_tables_only = false;
};

/// Thrown by import_stream() under ImportState::call_tables_only.
struct NotACallTable {};

/// Imports one whole-buffer input of `format` (not call-graph CSV, which streams, nor
/// Kubernetes YAML and .env files, which are read with others); returns its records. A
/// compose file's nesting is checked against `limits.max_yaml_depth` first.
std::uint64_t import_whole_file(Format format, const InputFile& file, GraphBuilder& builder, const ImportLimits& limits);

/// Imports one unit from its decompressed `stream` (named `name`, `bytes` long as far as known)
/// into state: its format is detected from its first bytes and `hint` (a file or member name);
/// a unit of no recognised format (or a lone .env file) is skipped and reported.
void import_stream(const std::string& name, std::string_view hint, std::uint64_t bytes,
                   std::unique_ptr<ByteSource> stream, ImportState& state);

/// Imports every regular member of the tar archive `path` (plain, .gz or .zst) in one pass,
/// each as the input `path:member` with its own format detected from its content. Directories,
/// links and other entries are skipped and reported (info "archive-entries-skipped"), as are
/// members of no recognised format. Progress is reported after each member in compressed bytes.
void import_archive_members(const std::string& path, ImportState& state);

}  // namespace nanoscope::importers::detail
