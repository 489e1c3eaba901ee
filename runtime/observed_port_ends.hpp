#pragma once
// Port ends that tell an observer what passed through them, numbered per
// channel the same way wherever they run: the partition's trace
// (`run --trace`, through trace_hook.hpp) and the simulator's record
// (sim/runtime_partition_driver.cpp) observe through these, so a run's
// trace and a simulation number every message alike. The wrapped end does
// the work; the dispatcher and the behaviour code do not change.
#include "runtime/partition_spec.hpp"
#include "runtime/port_end.hpp"

#include <cstdint>
#include <memory>
#include <span>

namespace bulkhead::runtime {

// Which port of the partition: thread and port index in the PartitionSpec.
struct ObservedPort {
  int thread = 0;
  int port = 0;
};

class PortObserver {
 public:
  virtual ~PortObserver() = default;
  // After each freeze. `sequence` numbers the message taken on its channel
  // (from 0); `numRecv` is the receiver's count of messages so far (event
  // data: HAMR's numRecv; data and event: the channel's counter).
  virtual void frozen(ObservedPort where, const FreezeResult& frozen, const Payload& value, std::uint64_t sequence,
                      std::uint64_t numRecv) = 0;
  // After each publish, with the number the channel gave the message.
  virtual void published(ObservedPort where, const Payload& value, std::uint64_t sequence) = 0;
};

// `region` is the channel's memory: its counter numbers the messages.
std::unique_ptr<InPortEnd> observeIn(std::unique_ptr<InPortEnd> end, PortObserver& observer, ObservedPort where,
                                     PortCategory category, std::span<const std::byte> region);
std::unique_ptr<OutPortEnd> observeOut(std::unique_ptr<OutPortEnd> end, PortObserver& observer, ObservedPort where,
                                       std::span<const std::byte> region);

}  // namespace bulkhead::runtime
