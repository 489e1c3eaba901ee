#pragma once
// What happens in a system, as it happens: the events a trace records.
// The simulator reports them (sim/simulator.cpp) to sim_trace.hpp, which
// writes `bulkhead sim --trace`, and to the simulator's step console. All
// times are virtual nanoseconds since the start of frame 0.
#include "plan/plan.hpp"
#include "trace/system_trace.hpp"

#include <cstdint>

namespace bulkhead::trace {

using plan::Nanoseconds;

struct SlotInfo {
  std::uint64_t frame = 0;
  int slot = 0;           // index in DomainSchedule::slots
  int domain = 0;
  Nanoseconds start = 0;  // absolute virtual time
  Nanoseconds length = 0;
};

class SystemObserver {
 public:
  virtual ~SystemObserver() = default;
  virtual void slotBegin(const SlotInfo&) {}
  // After every dispatch of the slot. Returning false stops the simulation
  // (the step console's "quit").
  virtual bool slotEnd(const SlotInfo&) { return true; }
  virtual void pacerTick(Nanoseconds, std::uint8_t /*tick*/) {}
  virtual void dispatchBegin(Nanoseconds, int /*partition*/, int /*thread*/) {}
  virtual void dispatchEnd(Nanoseconds, int /*partition*/, int /*thread*/) {}
  virtual void sent(Nanoseconds, const PortEvent&) {}
  virtual void received(Nanoseconds, const PortEvent&) {}
  // Elements or events lost before a freeze at `port` (never silent).
  virtual void dropped(Nanoseconds, const PortEvent&, std::uint64_t /*count*/) {}
  // A dispatch that ran past the end of its window.
  virtual void overrun(Nanoseconds, int /*partition*/, int /*thread*/) {}
};

}  // namespace bulkhead::trace
