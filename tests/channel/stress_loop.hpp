#pragma once
// The receiver and writer loops shared by the process and thread stress
// tests: the writer sends 0..total-1 as 64-bit values; a receiver checks that
// what it gets is strictly increasing and that received + dropped = sent.
#include <chrono>
#include <cstdint>
#include <cstring>
#include <vector>

#include "channel/event_data_queue.hpp"
#include "channel/notification.hpp"

namespace bulkhead::channel::test {

struct StressTally {
  std::uint64_t received = 0;
  std::uint64_t dropped = 0;
  std::uint64_t overflowErrors = 0;
  std::uint64_t outOfOrder = 0;  // values not strictly above the previous one
  std::uint64_t outOfRange = 0;  // values that were never sent
  std::uint64_t errors = 0;      // dequeue returned an error
  std::uint64_t lastValue = 0;
};

inline constexpr std::uint64_t kNotifyEvery = 64;

template <class WaiterT>
StressTally receiveAll(EventDataReceiver& receiver, WaiterT& waiter, std::uint64_t total) {
  StressTally t;
  std::vector<std::byte> out(receiver.maxBytes());
  bool first = true;
  while (t.received + t.dropped < total) {
    auto got = receiver.dequeue(out);
    if (!got) {
      ++t.errors;
      break;
    }
    t.dropped += got->dropped;
    t.overflowErrors += got->overflowError ? 1 : 0;
    if (got->hasValue) {
      std::uint64_t v;
      std::memcpy(&v, out.data(), 8);
      if (v >= total) ++t.outOfRange;
      if (!first && v <= t.lastValue) ++t.outOfOrder;
      first = false;
      t.lastValue = v;
      ++t.received;
    } else if (got->dropped == 0) {
      auto w = waiter.spinThenWait(std::chrono::microseconds(200), [&] { return receiver.hasNew(); });
      if (!w) {
        ++t.errors;
        break;
      }
    }
  }
  return t;
}

// The writer pauses a varying few cycles after each send so that receivers
// keep up part of the time: the run then mixes deliveries, drops and slots
// overwritten mid-copy instead of dropping nearly everything.
template <class NotifierT>
void sendAll(EventDataSender& sender, NotifierT& notifier, std::uint64_t total, unsigned maxPause = 32) {
  for (std::uint64_t v = 0; v < total; ++v) {
    std::byte bytes[8];
    std::memcpy(bytes, &v, 8);
    (void)sender.send(64, bytes);
    if (v % kNotifyEvery == kNotifyEvery - 1) notifier.notify();
    const auto pause = static_cast<unsigned>((v * 2654435761u) >> 7) % maxPause;
    for (unsigned k = 0; k < pause; ++k) cpuRelax();
  }
  notifier.notify();
}

}  // namespace bulkhead::channel::test
