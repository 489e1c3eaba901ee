#pragma once
// The partition's slice of the Plan, as the runtime needs it. Code
// generation bakes one of these into every partition program; the
// simulator builds them from the Plan it holds. Plain data, no behaviour.
#include "contract/ports.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace bulkhead::runtime {

using Nanoseconds = std::int64_t;

using contract::DispatchProtocol;
using contract::Direction;
using contract::OverflowHandling;
using contract::PortCategory;

// What the Plan says of the channel behind a port beyond the port itself:
// its payload size, which a receiver checks against the region's header on
// attach (the port's buffers are sized from it), and the receivers' overflow
// policy. The channel's kind is the port's category.
struct ChannelGeometry {
  std::uint64_t maxBits = 0;    // largest payload in bits (0 for event ports)
  OverflowHandling overflow = OverflowHandling::DropOldest;
};

struct PortSpec {
  std::string name;                 // "write_port"
  Direction direction = Direction::Out;
  PortCategory category = PortCategory::EventData;
  std::uint32_t queueSize = 1;      // this port's own Queue_Size
  std::string dataType;             // AADL classifier ("Base_Types::Integer_8"), empty for event ports
  int handover = -1;                // index in the channel hand-over order, -1 if unconnected
  ChannelGeometry channel;          // valid when handover >= 0
};

struct ThreadSpec {
  std::string name;                 // subcomponent name: "producer"
  std::string instanceName;         // "top_impl_Instance.producer.producer"
  std::string classifier;           // "producer_t.i"
  DispatchProtocol dispatch = DispatchProtocol::Periodic;
  Nanoseconds period = 0;           // Period; sporadic: minimum inter-arrival
  std::uint32_t periodTicks = 1;    // periodic: dispatched every k-th pacer tick (Period = k x Frame_Period)
  std::vector<PortSpec> ports;
};

struct PartitionSpec {
  std::string name;                 // "producer"
  std::string instanceName;         // "top_impl_Instance.producer"
  std::uint64_t planFingerprint = 0;
  std::vector<ThreadSpec> threads;
  int periodQueue = -1;             // hand-over index of the pacer's period queue, -1 if none
  std::uint32_t ticksPerFrame = 1;  // pacer ticks a frame on it (runtime/period_ticks.hpp)
};

// Art's name of a thread instance as HAMR prints it: the instance path with
// '.' turned into '_' ("top_impl_Instance_producer_producer").
std::string artName(const ThreadSpec& thread);

// Number of channels handed over: connected ports plus the period queue.
int handoverCount(const PartitionSpec& partition);

}  // namespace bulkhead::runtime
