// Signal handlers that remove registered temporary files (see interrupt_cleanup.hpp). The slot
// table is necessarily process-global: a signal handler has no other way to find it.
#include "importers/interrupt_cleanup.hpp"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
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
    write_stderr("nanoscope: error: an input file shrank while it was being read (changed by another "
                 "process?); nothing was written\n");
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

}  // namespace nanoscope::importers
