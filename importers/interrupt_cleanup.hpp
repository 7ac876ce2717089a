// Process-wide clean-up on fatal signals: an interrupted command (SIGINT, SIGTERM, SIGHUP)
// removes the temporary files of the outputs it was writing, so nothing half-written is left
// and existing outputs stay as they were; an input truncated while mapped (SIGBUS) becomes a
// one-line error naming the file instead of a crash.
#pragma once

#include <cstddef>
#include <string>

namespace nanoscope::importers {

/// Installs the handlers (idempotent). Drivers (the CLI) call it once at start-up; libraries
/// never install handlers themselves. SIGINT/SIGTERM/SIGHUP: registered temporary files are
/// removed, then the process dies of the same signal (exit status 128+N in a shell). SIGBUS
/// with an address outside a mapped file's end: a message on stderr naming the file (when it
/// was registered with a MappedInputGuard), temporary files removed, exit status 1.
void install_interrupt_cleanup();

/// Registers a temporary file for removal by the handlers while the guard lives. Signal-safe
/// (a fixed table of slots, no allocation in the handler); the path is copied. At most
/// kMaxTemporaryFiles files are registered at once, longer paths than kMaxPathBytes are not
/// registered (the file is still removed on ordinary errors by its owner).
class TemporaryFileGuard {
 public:
  static constexpr int kMaxTemporaryFiles = 16;
  static constexpr std::size_t kMaxPathBytes = 4096;

  explicit TemporaryFileGuard(const std::string& path);
  ~TemporaryFileGuard();
  TemporaryFileGuard(const TemporaryFileGuard&) = delete;
  TemporaryFileGuard& operator=(const TemporaryFileGuard&) = delete;

 private:
  int slot_ = -1;
};

/// Names a mapped input file for the SIGBUS handler while the guard lives: a fault inside the
/// mapping (the file was truncated by another process) prints
/// "nanoscope: error: PATH: the file shrank while it was being read ...". The message is
/// prepared here, so the handler only compares addresses and write()s it. At most
/// kMaxMappedInputs at once; an unregistered mapping gets the same message without the name.
class MappedInputGuard {
 public:
  static constexpr int kMaxMappedInputs = 64;

  MappedInputGuard() = default;
  /// Registers the `bytes` mapped at `begin` as the contents of `path`.
  MappedInputGuard(const void* begin, std::size_t bytes, const std::string& path);
  MappedInputGuard(MappedInputGuard&& other) noexcept : slot_(other.slot_) { other.slot_ = -1; }
  MappedInputGuard& operator=(MappedInputGuard&& other) noexcept;
  ~MappedInputGuard() { release(); }
  MappedInputGuard(const MappedInputGuard&) = delete;
  MappedInputGuard& operator=(const MappedInputGuard&) = delete;

 private:
  void release() noexcept;
  int slot_ = -1;
};

}  // namespace nanoscope::importers
