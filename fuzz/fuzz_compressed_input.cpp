// libFuzzer target: compressed inputs from memory. The bytes are decoded as a file's would be
// (gzip, zstd or plain, by content) under a 16 MiB limit; a tar archive (by content) is read
// member by member, each member decoded too. Only ImportError may come out.
#include "fuzz/fuzz_support.hpp"
#include "importers/archive_reader.hpp"
#include "importers/byte_source.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nanoscope;
  if (size > fuzz::kMaxInputBytes) return -1;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  importers::StreamOptions options;
  options.max_bytes = std::uint64_t{16} << 20;
  options.background = false;
  fuzz::expect_only<importers::ImportError>([&] {
    std::string buffer(1 << 16, '\0');
    auto stream = importers::open_memory_stream("input.bin", bytes, options);
    const std::size_t head = importers::read_fully(*stream, buffer.data(), 512);
    if (importers::looks_like_tar({buffer.data(), head})) {
      importers::ArchiveReader archive(importers::open_memory_stream("input.bin", bytes, options));
      while (archive.next_member()) {
        auto member = archive.open_member(options);
        while (member->read(buffer.data(), buffer.size()) > 0) {
        }
      }
      return;
    }
    while (stream->read(buffer.data(), buffer.size()) > 0) {
    }
  });
  return 0;
}
