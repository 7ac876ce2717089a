// The byte form of everything a sweep's units hand between processes (unit_distributor.hpp),
// written with model/byte_codec.hpp: the codecs of the measured partition (PartitionMeasures
// with its groups, load curve and discrete-event check) and of break-even points. Doubles travel bit for bit (memcpy), so a result read back is equal
// to the one computed, +inf and NaN included. One home: any new type that crosses ranks gets
// its codec here, with a round-trip test in tests/economics/test_unit_bytes.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "economics/boundary_suggestion.hpp"
#include "economics/breakeven.hpp"
#include "economics/partition_measures.hpp"
#include "economics/sample_tables.hpp"
#include "model/byte_codec.hpp"

namespace nanoscope::economics {

using model::ByteReader;
using model::ByteWriter;

void write_bytes(ByteWriter& out, const PartitionMeasures& m);
void read_bytes(ByteReader& in, PartitionMeasures& m);
void write_bytes(ByteWriter& out, const std::optional<Breakeven>& b);
void read_bytes(ByteReader& in, std::optional<Breakeven>& b);
void write_bytes(ByteWriter& out, const CommunityDetection& c);
void read_bytes(ByteReader& in, CommunityDetection& c);
void write_bytes(ByteWriter& out, const SimulationCheck& c);
void read_bytes(ByteReader& in, SimulationCheck& c);
/// Sample `s` of a level's figures (every figure) and, when given, of its per-service table.
void write_sample(ByteWriter& out, const detail::SampleTable& table, const detail::ServiceTable* services, std::size_t s);
void read_sample(ByteReader& in, detail::SampleTable& table, detail::ServiceTable* services, std::size_t s);

}  // namespace nanoscope::economics
