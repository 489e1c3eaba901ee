#pragma once
// Notification of receivers when a channel is written (design section 3).
// Notifier and Waiter are the interface a VM doorbell implements too; the
// eventfd implementation is final, so code holding the concrete type calls
// it without a virtual dispatch (the system call dominates either way:
// see bench/channel).
#include <chrono>
#include <cstdint>
#include <expected>

#include "channel/error.hpp"

namespace bulkhead::channel {

// Tells the core a spin loop is waiting (saves power, frees the sibling
// hyper-thread).
inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

class Notifier {
 public:
  virtual ~Notifier() = default;
  // Signals every receiver behind this notifier. Never blocks.
  virtual void notify() = 0;
};

class Waiter {
 public:
  virtual ~Waiter() = default;
  // Blocks until at least one notification arrived; returns how many were
  // consumed (several notifications may coalesce into one wake-up).
  virtual std::expected<std::uint64_t, Error> wait() = 0;
  // Consumes pending notifications without blocking; 0 if none.
  virtual std::expected<std::uint64_t, Error> poll() = 0;
  // A descriptor that becomes readable on notification (for epoll over
  // several ports), or -1 if the implementation has none.
  virtual int pollFd() const = 0;

  // Spins on ready() (e.g. a receiver's hasNew()) for up to spinDuration,
  // then blocks in wait() until ready() holds. Notifications arriving while
  // spinning stay pending and make a later wait() return at once; callers
  // always re-check their channel, so that is harmless.
  template <class Ready>
  std::expected<void, Error> spinThenWait(std::chrono::nanoseconds spinDuration, Ready&& ready) {
    if (ready()) return {};
    if (spinDuration > std::chrono::nanoseconds::zero()) {
      const auto deadline = std::chrono::steady_clock::now() + spinDuration;
      for (unsigned i = 0;; ++i) {
        if (ready()) return {};
        // Reading the clock costs more than a check: look every 64 spins.
        if ((i & 63) == 63 && std::chrono::steady_clock::now() >= deadline) break;
        cpuRelax();
      }
    }
    while (!ready()) {
      if (auto w = wait(); !w) return std::unexpected(w.error());
    }
    return {};
  }
};

}  // namespace bulkhead::channel
