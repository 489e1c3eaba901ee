#pragma once
// What happens in a simulation, as it happens (trace/system_observer.hpp):
// the trace (trace/sim_trace.hpp) and the step console listen to it.
#include "trace/system_observer.hpp"

#include <cstdint>
#include <vector>

namespace bulkhead::sim {

using plan::Nanoseconds;
using trace::SlotInfo;
// One port's side of a message (shared with `bulkhead run`'s trace).
using trace::PortEvent;
using SimObserver = trace::SystemObserver;

// Passes every call on to several observers, in order (e.g. the trace
// and the step console together).
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

