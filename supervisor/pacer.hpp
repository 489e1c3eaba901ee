#pragma once
// The pacer (docs/design.md section 5), hosted by the supervisor: at the start of
// each slot the Plan marks (ScheduleSlot::paced), an 8-bit tick is
// incremented, enqueued on the period queues (event data, Integer_8, queue
// size 1) of the partitions that slot paces, and notified. The partitions
// are frozen then; the tick wakes them at their window start.
#include "channel/event_data_queue.hpp"
#include "supervisor/channel_set.hpp"
#include "plan/plan.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

class Pacer {
 public:
  static std::expected<Pacer, std::string> create(const plan::Plan& plan, const ChannelSet& channels);

  // Sends the next tick on the period queues of these partitions (Plan
  // indices; one without a queue is skipped); returns the tick sent.
  // Never blocks: a notification its receiver has saturated (written to
  // its limit) is skipped and the receiver noted (saturated()).
  std::uint8_t tick(const std::vector<int>& partitions);
  // Partitions (Plan indices) whose period notification was found
  // saturated since the last call; empty almost always.
  std::vector<int> takeSaturated();
  std::uint8_t lastTick() const { return tick_; }
  // The latest tick sent to `partition` (none yet: never ticked): the one
  // whose step it must have finished by the end of its window
  // (contract/health_report.hpp, `stepped`).
  std::optional<std::uint8_t> lastTickTo(int partition) const {
    const auto i = static_cast<std::size_t>(partition);
    return partition >= 0 && i < lastTickTo_.size() ? lastTickTo_[i] : std::nullopt;
  }
  std::size_t queueCount() const { return queues_.size(); }

 private:
  struct Queue {
    channel::EventDataSender sender;
    std::vector<int> eventFds;    // its receivers'
    std::vector<int> partitions;  // of each receiver
  };
  std::vector<Queue> queues_;
  std::vector<int> saturated_;
  std::vector<std::optional<std::uint8_t>> lastTickTo_;  // by partition
  std::uint8_t tick_ = 0;
};

}  // namespace bulkhead::supervisor
