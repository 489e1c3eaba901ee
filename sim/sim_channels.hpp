#pragma once
// The channel memory of a simulation: one region per Plan channel, in the
// simulator's own memory, formatted with channel/'s layouts exactly as the
// supervisor formats shared memory for `bulkhead run` (so the runtime's
// port ends run unchanged over it). Also the pacer's writing end of every
// period queue, and read-only views of what each channel holds for
// `--step`.
#include "channel/event_data_queue.hpp"
#include "channel/layout.hpp"
#include "plan/plan.hpp"
#include "sim/partition_driver.hpp"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bulkhead::sim {

class SimChannels {
 public:
  static std::expected<SimChannels, SimError> create(const plan::Plan& plan);

  std::span<std::byte> region(int channel) const;
  const channel::Layout& layout(int channel) const { return channels_[static_cast<std::size_t>(channel)].layout; }

  // The pacer: puts `tick` (8 bits) on period queue `channel`.
  SimStatus sendTick(int channel, std::uint8_t tick);

  // What the channel holds, in one line: event data "numSent 7, queued [05 06]"
  // (the messages after `numRecv` still in the ring, at most Queue_Size),
  // data "sequence 3, value [06]", event "count 4".
  std::string describe(int channel, std::uint64_t numRecv) const;

 private:
  struct Region {
    std::size_t offset = 0;
    channel::Layout layout{};
    std::optional<channel::EventDataSender> pacer;  // period queues only
  };
  struct FreeDeleter {
    void operator()(std::byte* p) const;
  };

  std::unique_ptr<std::byte[], FreeDeleter> memory_;
  std::size_t size_ = 0;
  std::vector<Region> channels_;
};

}  // namespace bulkhead::sim
