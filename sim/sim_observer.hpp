#pragma once
// What happens in a simulation, as it happens: the trace recorder and the
// step console listen to this. All times are virtual nanoseconds since the
// start of frame 0.
#include "plan/plan.hpp"
#include "trace/system_trace.hpp"

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace bulkhead::sim {

using plan::Nanoseconds;

struct SlotInfo {
  std::uint64_t frame = 0;
  int slot = 0;           // index in DomainSchedule::slots
  int domain = 0;
  Nanoseconds start = 0;  // absolute virtual time
  Nanoseconds length = 0;
};

// One port's side of a message (shared with `bulkhead run`'s trace).
using PortEvent = trace::PortEvent;

class SimObserver {
 public:
  virtual ~SimObserver() = default;
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

// Passes every call on to several observers, in order (e.g. the trace
// recorder and the step console together).
class ObserverList final : public SimObserver {
 public:
  void add(SimObserver* observer) { observers_.push_back(observer); }
  bool empty() const { return observers_.empty(); }

  void slotBegin(const SlotInfo& s) override { for (auto* o : observers_) o->slotBegin(s); }
  bool slotEnd(const SlotInfo& s) override {
    bool go = true;
    for (auto* o : observers_) go = o->slotEnd(s) && go;
    return go;
  }
  void pacerTick(Nanoseconds at, std::uint8_t tick) override { for (auto* o : observers_) o->pacerTick(at, tick); }
  void dispatchBegin(Nanoseconds at, int p, int t) override { for (auto* o : observers_) o->dispatchBegin(at, p, t); }
  void dispatchEnd(Nanoseconds at, int p, int t) override { for (auto* o : observers_) o->dispatchEnd(at, p, t); }
  void sent(Nanoseconds at, const PortEvent& e) override { for (auto* o : observers_) o->sent(at, e); }
  void received(Nanoseconds at, const PortEvent& e) override { for (auto* o : observers_) o->received(at, e); }
  void dropped(Nanoseconds at, const PortEvent& e, std::uint64_t n) override { for (auto* o : observers_) o->dropped(at, e, n); }
  void overrun(Nanoseconds at, int p, int t) override { for (auto* o : observers_) o->overrun(at, p, t); }

 private:
  std::vector<SimObserver*> observers_;
};

}  // namespace bulkhead::sim

