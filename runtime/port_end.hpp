#pragma once
// The runtime's view of one end of a channel. The dispatcher only sees
// these interfaces; channel_port_ends.hpp implements them over the shared
// layouts of channel/, and tests may implement them in memory. Where the
// memory comes from is the transport's business (transport.hpp).
#include "runtime/payload.hpp"
#include "runtime/runtime_error.hpp"

#include <cstdint>
#include <expected>

namespace bulkhead::runtime {

// What a freeze took from one in port.
struct FreezeResult {
  bool hasValue = false;        // event data: one element dequeued; data: a valid value read
  bool fresh = false;           // data ports: written since this receiver's last read
  std::uint64_t events = 0;     // event ports: new events (clamped to Queue_Size)
  std::uint64_t dropped = 0;    // elements/events lost before this freeze (never silent)
  bool overflowError = false;   // Overflow_Handling_Protocol Error and dropped > 0: for the health monitor
};

class InPortEnd {
 public:
  virtual ~InPortEnd() = default;
  // Takes this dispatch's input: one element of an event data queue, the
  // current value of a data port, or the new-event count of an event port.
  virtual std::expected<FreezeResult, RuntimeError> freeze(Payload& into) = 0;
  // True when an event or event data port holds input not yet frozen (the
  // sporadic dispatch condition). Does not consume.
  virtual bool hasPending() const = 0;
  // Called at every step before anything is frozen, so an end can take
  // arrivals into private memory in time (DropNewest). Default: nothing.
  virtual Status refresh() { return {}; }
};

class OutPortEnd {
 public:
  virtual ~OutPortEnd() = default;
  // Publishes one value (event data: enqueue; data: overwrite; event: the
  // payload is ignored and one event is sent), then notifies the receivers.
  virtual Status publish(const Payload& value) = 0;
};

}  // namespace bulkhead::runtime
