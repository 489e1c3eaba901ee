#include "sim/trace_recorder.hpp"

namespace bulkhead::sim {

TraceRecorder::TraceRecorder(const plan::Plan& plan, trace::TraceWriter& writer)
    : trace_(plan, writer), dispatchStart_(plan.partitions.size(), 0) {}

void TraceRecorder::slotBegin(const SlotInfo& s) { trace_.slot(s.frame, s.slot, s.start, s.length); }

void TraceRecorder::pacerTick(Nanoseconds at, std::uint8_t tick) { trace_.pacerTick(at, tick); }

void TraceRecorder::dispatchBegin(Nanoseconds at, int partition, int) {
  dispatchStart_[static_cast<std::size_t>(partition)] = at;
  lastDispatchStart_ = at;
}

void TraceRecorder::dispatchEnd(Nanoseconds at, int partition, int thread) {
  lastDispatchEnd_ = at;
  trace_.dispatch(partition, thread, dispatchStart_[static_cast<std::size_t>(partition)], at);
}

void TraceRecorder::sent(Nanoseconds at, const PortEvent& e) {
  // Virtual time stamps a publish with its dispatch's end: move it just
  // inside the dispatch's slice, so the arrow starts from it.
  Nanoseconds stamp = at;
  if (at == lastDispatchEnd_ && at - lastDispatchStart_ >= 2) stamp = at - 1;
  trace_.sent(stamp, e);
}

void TraceRecorder::received(Nanoseconds at, const PortEvent& e) { trace_.received(at, e); }

void TraceRecorder::dropped(Nanoseconds at, const PortEvent& e, std::uint64_t count) { trace_.dropped(at, e, count); }

void TraceRecorder::overrun(Nanoseconds at, int partition, int thread) { trace_.overrun(at, partition, thread); }

}  // namespace bulkhead::sim
