#pragma once
// What the simulator drives: one partition's code, in the simulator's own
// process. The simulator decides WHEN (virtual time, windows, the pacer,
// periods, minimum inter-arrival, order); the driver does WHAT (freeze,
// entry points, publish) with the runtime's own dispatcher over in-memory
// channels (runtime_partition_driver.hpp), or, in tests and benchmarks,
// with hand-written partitions.
#include <cstdint>
#include <expected>
#include <string>

namespace bulkhead::sim {

struct SimError {
  std::string message;  // complete sentence naming the partition/thread concerned
};
using SimStatus = std::expected<void, SimError>;

class PartitionDriver {
 public:
  virtual ~PartitionDriver() = default;

  // `initialise` of every thread, in thread order (may put, not get).
  virtual SimStatus initialise() = 0;

  // The pacer puts `tick` on this partition's period queue and notifies it.
  virtual void enqueueTick(std::uint8_t tick) = 0;
  // The partition wakes on its period queue: takes the tick if one is
  // there. Returns whether one was taken.
  virtual bool takeTick() = 0;

  // Sporadic dispatch condition: an in event / event data port of
  // `thread` holds input not yet frozen. Does not consume.
  virtual bool hasPendingInput(int thread) const = 0;

  // One dispatch of `thread`: freeze, timeTriggered or handle_<port>,
  // publish.
  virtual SimStatus dispatch(int thread) = 0;

  // `finalise` of every thread, in thread order.
  virtual SimStatus finalise() = 0;

  // The partition's ports and what their channels hold, one line per
  // port, for stepping (`bulkhead sim --step`).
  virtual std::string describePorts() const = 0;
};

}  // namespace bulkhead::sim
