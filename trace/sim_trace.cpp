#include "trace/sim_trace.hpp"

namespace bulkhead::trace {

SimTrace::SimTrace(const plan::Plan& plan, TraceWriter& writer)
    : trace_(plan, writer), dispatchStart_(plan.partitions.size(), 0) {}

void SimTrace::slotBegin(const SlotInfo& s) { trace_.slot(s.frame, s.slot, s.start, s.length); }

void SimTrace::pacerTick(Nanoseconds at, std::uint8_t tick) { trace_.pacerTick(at, tick); }

void SimTrace::dispatchBegin(Nanoseconds at, int partition, int) {
  dispatchStart_[static_cast<std::size_t>(partition)] = at;
  lastDispatchStart_ = at;
}

void SimTrace::dispatchEnd(Nanoseconds at, int partition, int thread) {
  lastDispatchEnd_ = at;
  trace_.dispatch(partition, thread, dispatchStart_[static_cast<std::size_t>(partition)], at);
}

void SimTrace::sent(Nanoseconds at, const PortEvent& e) {
  // Virtual time stamps a publish with its dispatch's end: move it just
  // inside the dispatch's slice, so the arrow starts from it.
  Nanoseconds stamp = at;
  if (at == lastDispatchEnd_ && at - lastDispatchStart_ >= 2) stamp = at - 1;
  trace_.sent(stamp, e);
}

void SimTrace::received(Nanoseconds at, const PortEvent& e) { trace_.received(at, e); }

void SimTrace::dropped(Nanoseconds at, const PortEvent& e, std::uint64_t count) { trace_.dropped(at, e, count); }

void SimTrace::overrun(Nanoseconds at, int partition, int thread) { trace_.overrun(at, partition, thread); }

}  // namespace bulkhead::trace
