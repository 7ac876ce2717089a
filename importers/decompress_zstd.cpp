// zstd streams decoded with libzstd's streaming decoder, frame after frame (skippable frames
// are skipped by libzstd). A stream that ends inside a frame is "truncated"; a decoding error
// is "corrupt".
#include <zstd.h>

#include <vector>

#include "importers/decoders.hpp"
#include "importers/import_error.hpp"

namespace nanoscope::importers::detail {
namespace {

class ZstdSource final : public ByteSource {
 public:
  explicit ZstdSource(std::unique_ptr<ByteSource> in)
      : ByteSource(in->name()), in_(std::move(in)), buf_(ZSTD_DStreamInSize()), stream_(ZSTD_createDStream()) {
    if (!stream_) throw ImportError(name(), {}, "cannot start the zstd decoder");
  }
  ~ZstdSource() override { ZSTD_freeDStream(stream_); }

  std::size_t read(char* out, std::size_t size) override {
    deferred_.rethrow_pending();
    ZSTD_outBuffer output{out, size, 0};
    try {
      decode(output);
    } catch (...) {
      if (!deferred_.defer(output.pos)) throw;
    }
    return output.pos;
  }
  [[nodiscard]] std::uint64_t raw_bytes_read() const override { return in_->raw_bytes_read(); }

 private:
  void decode(ZSTD_outBuffer& output) {
    while (output.pos < output.size && !ended_) {
      if (input_.pos == input_.size && !eof_) {
        const std::size_t n = in_->read(buf_.data(), buf_.size());
        fed_ += n;
        input_ = {buf_.data(), n, 0};
        eof_ = n == 0;
      }
      if (eof_ && pending_ == 0) {  // the last frame is complete and flushed
        ended_ = true;
        break;
      }
      const std::size_t before = output.pos;
      pending_ = ZSTD_decompressStream(stream_, &output, &input_);
      if (ZSTD_isError(pending_))
        fail_stream(*this, offset(), std::string("corrupt zstd data: ") + ZSTD_getErrorName(pending_));
      // At the end of the input a frame may still flush what it holds; if it cannot, it is cut.
      if (eof_ && output.pos == before && pending_ != 0)
        fail_stream(*this, offset(), "truncated zstd stream (it ends inside a frame)");
    }
  }

  [[nodiscard]] std::uint64_t offset() const { return fed_ - (input_.size - input_.pos); }

  std::unique_ptr<ByteSource> in_;
  std::vector<char> buf_;
  ZSTD_DStream* stream_;
  ZSTD_inBuffer input_{nullptr, 0, 0};
  DeferredError deferred_;
  std::size_t pending_ = 1;  // libzstd's hint: 0 once a frame is complete and flushed
  std::uint64_t fed_ = 0;
  bool eof_ = false;
  bool ended_ = false;
};

}  // namespace

std::unique_ptr<ByteSource> make_zstd_source(std::unique_ptr<ByteSource> compressed) {
  return std::make_unique<ZstdSource>(std::move(compressed));
}

}  // namespace nanoscope::importers::detail
