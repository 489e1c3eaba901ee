#pragma once
// What a system did, written as a Chrome trace in the track layout of
// plan_tracks.hpp. Shared by `bulkhead sim` (virtual time) and `bulkhead
// run` (the supervisor's clock), so that both traces read alike: domain
// windows, each dispatch a slice, sends and receives as instants carrying
// the value joined by flow arrows from sender to receiver, drops and
// overruns as instants in categories of their own.
#include "plan/plan.hpp"
#include "trace/plan_tracks.hpp"
#include "trace/trace_writer.hpp"

#include <cstdint>
#include <map>
#include <span>
#include <string_view>
#include <utility>

namespace bulkhead::trace {

// One port's side of a message. `sequence` numbers the messages of a
// channel from 0 (event data: the enqueue index; data: the write number;
// event: the event count), so a send and its receives can be paired.
struct PortEvent {
  int partition = -1;
  int thread = -1;
  int port = -1;          // index in Thread::ports
  int channel = -1;       // Plan::channels index
  std::uint64_t sequence = 0;
  std::uint64_t numBits = 0;
  std::span<const std::uint8_t> bytes;  // the payload (empty for event ports)
  std::uint64_t events = 0;             // event ports: events sent (1) or frozen at a receive
  bool valueCut = false;                // `bytes` is only the start of the value
};

class SystemTrace {
 public:
  // Names the tracks at once. `plan` and `writer` must outlive it.
  SystemTrace(const plan::Plan& plan, TraceWriter& writer);

  // The id joining a send to one receiver's receive of the same message.
  static std::uint64_t flowId(int channel, int receiver, std::uint64_t sequence);

  // A slot and, in it, the windows of its domain's partitions (`sim`).
  void slot(std::uint64_t frame, int slot, Nanoseconds start, Nanoseconds length);
  // A slot on the supervisor's track only, and one partition's window as it
  // happened, with the plan's times of it (`run`: plan_tracks.hpp).
  void scheduleSlot(std::uint64_t frame, int slot, Nanoseconds start, Nanoseconds length);
  void window(int partition, std::uint64_t frame, int slot, Nanoseconds start, Nanoseconds end, PlannedWindow planned);
  void pacerTick(Nanoseconds at, std::uint8_t tick);
  void dispatch(int partition, int thread, Nanoseconds start, Nanoseconds end);
  void sent(Nanoseconds at, const PortEvent& event);
  void received(Nanoseconds at, const PortEvent& event);
  void dropped(Nanoseconds at, const PortEvent& event, std::uint64_t count);
  void overrun(Nanoseconds at, int partition, int thread);
  // A fault the health monitor reported (a crash, a queue overflow Error).
  void health(Nanoseconds at, int partition, std::string_view report);

  const plan::Plan& plan() const { return plan_; }
  TraceWriter& writer() { return writer_; }

 private:
  const plan::Port& portOf(const PortEvent& e) const;

  const plan::Plan& plan_;
  TraceWriter& writer_;
  // Data and event ports are read without being consumed: draw the arrow
  // only at the first receive of a message, per receiver.
  std::map<std::pair<int, int>, std::uint64_t> lastFlowed_;
};

}  // namespace bulkhead::trace
