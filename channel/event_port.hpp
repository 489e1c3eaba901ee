#pragma once
// The event port channel (design section 3): a 64-bit counter. The sender
// increments it; at dispatch a receiver counts events since its last look
// (wrap-safe), clamped to its Queue_Size, the excess counted dropped.
#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>

#include "channel/error.hpp"
#include "channel/layout.hpp"
#include "channel/overflow_policy.hpp"

namespace bulkhead::channel {

class EventSender {
 public:
  static std::expected<EventSender, Error> create(std::span<std::byte> region);
  static std::expected<EventSender, Error> resume(std::span<std::byte> region);

  void send();
  std::uint64_t count() const { return count_; }

 private:
  EventSender(std::byte* base, std::uint64_t count) : base_(base), count_(count) {}

  std::byte* base_;
  std::uint64_t count_;
};

struct EventCount {
  std::uint64_t count = 0;     // events delivered (at most Queue_Size)
  std::uint64_t dropped = 0;   // events beyond Queue_Size
  bool overflowError = false;  // policy Error and dropped > 0: forward to the health monitor
};

class EventReceiver {
 public:
  // queueSize: this port's Queue_Size (>= 1).
  static std::expected<EventReceiver, Error> attach(std::span<const std::byte> region, std::uint32_t queueSize,
                                                    OverflowPolicy policy = OverflowPolicy::DropOldest);

  // Events since the previous take(), clamped to Queue_Size. Events carry
  // no value, so DropOldest and DropNewest count alike.
  EventCount take();

  bool hasNew() const;
  std::uint32_t queueSize() const { return queueSize_; }

  // Forgets the events sent so far: a restarted partition's port starts
  // empty, as HAMR's initialise finds it.
  void skipToPresent();

 private:
  EventReceiver(const std::byte* base, std::uint32_t queueSize, OverflowPolicy policy, std::uint64_t seen)
      : base_(base), queueSize_(queueSize), policy_(policy), seen_(seen) {}

  const std::byte* base_;
  std::uint32_t queueSize_;
  OverflowPolicy policy_;
  std::uint64_t seen_;
};

}  // namespace bulkhead::channel
