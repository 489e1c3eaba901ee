#pragma once
// The pacer (docs/design.md section 5), hosted by the supervisor: once per frame, in
// its slot, an 8-bit tick is incremented, enqueued on every periodic
// partition's period queue (event data, Integer_8, queue size 1) and
// notified. The partitions are frozen then; the tick wakes them at their
// window start.
#include "channel/event_data_queue.hpp"
#include "supervisor/channel_set.hpp"
#include "plan/plan.hpp"

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

class Pacer {
 public:
  static std::expected<Pacer, std::string> create(const plan::Plan& plan, const ChannelSet& channels);

  // Sends the next tick on every period queue; returns the tick sent.
  // Never blocks: a notification its receiver has saturated (written to
  // its limit) is skipped and the receiver noted (saturated()).
  std::uint8_t tick();
  // Partitions (Plan indices) whose period notification was found
  // saturated since the last call; empty almost always.
  std::vector<int> takeSaturated();
  std::uint8_t lastTick() const { return tick_; }
  std::size_t queueCount() const { return queues_.size(); }

 private:
  struct Queue {
    channel::EventDataSender sender;
    std::vector<int> eventFds;    // its receivers'
    std::vector<int> partitions;  // of each receiver
  };
  std::vector<Queue> queues_;
  std::vector<int> saturated_;
  std::uint8_t tick_ = 0;
};

}  // namespace bulkhead::supervisor
