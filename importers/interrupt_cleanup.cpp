// Signal handlers that remove registered temporary files (see interrupt_cleanup.hpp). The slot
// table is necessarily process-global: a signal handler has no other way to find it.
#include "importers/interrupt_cleanup.hpp"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>

namespace nanoscope::importers {
namespace {

enum SlotState : int { kFree = 0, kClaimed = 1, kReady = 2 };

struct Slot {
  std::atomic<int> state{kFree};
  char path[TemporaryFileGuard::kMaxPathBytes] = {};
};

std::array<Slot, TemporaryFileGuard::kMaxTemporaryFiles>& slots() {
  static std::array<Slot, TemporaryFileGuard::kMaxTemporaryFiles> table;
  return table;
}

// Mapped inputs: the address range and the complete message, written before state is kReady.
struct MappedSlot {
  std::atomic<int> state{kFree};
  std::uintptr_t begin = 0, end = 0;
  char message[TemporaryFileGuard::kMaxPathBytes + 128] = {};
};

std::array<MappedSlot, MappedInputGuard::kMaxMappedInputs>& mapped_slots() {
  static std::array<MappedSlot, MappedInputGuard::kMaxMappedInputs> table;
  return table;
}

constexpr char kShrankMessage[] = "the file shrank while it was being read (changed by another process?); nothing "
                                  "was written\n";

// The registered message of the mapping holding `address`, else the message without a name.
const char* bus_error_message(const void* address) {
  const auto a = reinterpret_cast<std::uintptr_t>(address);
  for (auto& slot : mapped_slots())
    if (slot.state.load(std::memory_order_acquire) == kReady && a >= slot.begin && a < slot.end) return slot.message;
  return "nanoscope: error: an input file shrank while it was being read (changed by another process?); nothing "
         "was written\n";
}

void remove_registered_files() {
  for (auto& slot : slots())
    if (slot.state.load(std::memory_order_acquire) == kReady) ::unlink(slot.path);
}

void write_stderr(const char* text) {
  std::size_t left = std::strlen(text);
  while (left > 0) {
    const ::ssize_t n = ::write(STDERR_FILENO, text, left);
    if (n <= 0) return;
    text += n;
    left -= static_cast<std::size_t>(n);
  }
}

void on_termination(int signal) {
  remove_registered_files();
  ::signal(signal, SIG_DFL);  // then die of the same signal, as if not handled
  ::raise(signal);
}

void on_bus_error(int signal, siginfo_t* info, void*) {
  if (info && info->si_code == BUS_ADRERR) {
    // Reading a mapped input past its end: the file was truncated while it was imported.
    remove_registered_files();
    write_stderr(bus_error_message(info->si_addr));
    ::_exit(1);
  }
  remove_registered_files();
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

}  // namespace

void install_interrupt_cleanup() {
  struct sigaction action {};
  sigemptyset(&action.sa_mask);
  action.sa_handler = on_termination;
  for (int s : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old {};
    // A signal ignored by the parent (nohup, background jobs) stays ignored.
    if (::sigaction(s, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    ::sigaction(s, &action, nullptr);
  }
  struct sigaction bus {};
  sigemptyset(&bus.sa_mask);
  bus.sa_flags = SA_SIGINFO;
  bus.sa_sigaction = on_bus_error;
  ::sigaction(SIGBUS, &bus, nullptr);
}

TemporaryFileGuard::TemporaryFileGuard(const std::string& path) {
  if (path.size() >= kMaxPathBytes) return;
  auto& table = slots();
  for (int i = 0; i < kMaxTemporaryFiles; ++i) {
    int expected = kFree;
    if (!table[i].state.compare_exchange_strong(expected, kClaimed, std::memory_order_acq_rel)) continue;
    std::memcpy(table[i].path, path.c_str(), path.size() + 1);
    table[i].state.store(kReady, std::memory_order_release);
    slot_ = i;
    return;
  }
}

TemporaryFileGuard::~TemporaryFileGuard() {
  if (slot_ >= 0) slots()[static_cast<std::size_t>(slot_)].state.store(kFree, std::memory_order_release);
}

MappedInputGuard::MappedInputGuard(const void* begin, std::size_t bytes, const std::string& path) {
  const std::string message = "nanoscope: error: " + path + ": " + kShrankMessage;
  auto& table = mapped_slots();
  if (message.size() >= sizeof(table[0].message) || begin == nullptr) return;
  for (int i = 0; i < kMaxMappedInputs; ++i) {
    int expected = kFree;
    if (!table[i].state.compare_exchange_strong(expected, kClaimed, std::memory_order_acq_rel)) continue;
    table[i].begin = reinterpret_cast<std::uintptr_t>(begin);
    table[i].end = table[i].begin + bytes;
    std::memcpy(table[i].message, message.c_str(), message.size() + 1);
    table[i].state.store(kReady, std::memory_order_release);
    slot_ = i;
    return;
  }
}

MappedInputGuard& MappedInputGuard::operator=(MappedInputGuard&& other) noexcept {
  if (this != &other) {
    release();
    slot_ = other.slot_;
    other.slot_ = -1;
  }
  return *this;
}

void MappedInputGuard::release() noexcept {
  if (slot_ >= 0) mapped_slots()[static_cast<std::size_t>(slot_)].state.store(kFree, std::memory_order_release);
  slot_ = -1;
}

}  // namespace nanoscope::importers
