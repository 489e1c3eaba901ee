#pragma once
// What one node of a distributed system adds to a supervisor's run (docs/design.md
// section 7b; distribution/ implements it over Cyclone DDS). The supervisor
// calls these at four narrow points and knows nothing of the network.
#include "supervisor/channel_set.hpp"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>

namespace bulkhead::supervisor {

class NodeHooks {
 public:
  virtual ~NodeHooks() = default;
  // The channels exist and are formatted; no partition has started.
  virtual std::expected<void, std::string> attach(const ChannelSet& channels) = 0;
  // Every partition has started. Returns the CLOCK_MONOTONIC time of frame
  // 0's start that all nodes agreed on (`proposed`: this node's own choice).
  virtual std::expected<std::int64_t, std::string> agreeOrigin(std::int64_t proposed) = 0;
  // The first frame this node walks (after agreeOrigin): a node that joins
  // a run under way starts at the frame the others are about to start.
  virtual std::uint64_t firstFrame() const { return 0; }
  // Slot `slot` of frame `frame` (0-based) starts: the previous window's
  // partitions are stopped, this slot's are not yet released.
  virtual void atSlot(std::uint64_t frame, std::size_t slot) = 0;
  // The schedule walk has ended after `frames` frames.
  virtual void finish(std::uint64_t frames) = 0;
};

}  // namespace bulkhead::supervisor
