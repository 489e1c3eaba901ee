#pragma once
// Turns what a simulation does into a Chrome trace (trace/), in the track
// layout of trace/plan_tracks.hpp: one process group per partition, holding
// one track with the partition's domain windows and, nested in them, its
// dispatches; sends and receives as instants carrying the value, joined by
// flow arrows from sender to receiver; drops and overruns as instants in
// categories of their own. The supervisor's track (pid 0) shows every slot
// of the schedule and the pacer's ticks.
#include "plan/plan.hpp"
#include "sim/sim_observer.hpp"
#include "trace/plan_tracks.hpp"
#include "trace/trace_writer.hpp"

#include <cstdint>
#include <map>
#include <vector>

namespace bulkhead::sim {

class TraceRecorder final : public SimObserver {
 public:
  // Writes the metadata (names, order) at once. `plan` and `writer` must
  // outlive the recorder.
  TraceRecorder(const plan::Plan& plan, trace::TraceWriter& writer);

  // The id joining a send to one receiver's receive of the same message.
  static std::uint64_t flowId(int channel, int receiver, std::uint64_t sequence);

  void slotBegin(const SlotInfo&) override;
  void pacerTick(Nanoseconds, std::uint8_t) override;
  void dispatchBegin(Nanoseconds, int, int) override;
  void dispatchEnd(Nanoseconds, int, int) override;
  void sent(Nanoseconds, const PortEvent&) override;
  void received(Nanoseconds, const PortEvent&) override;
  void dropped(Nanoseconds, const PortEvent&, std::uint64_t) override;
  void overrun(Nanoseconds, int, int) override;

 private:
  const plan::Port& portOf(const PortEvent& e) const;

  const plan::Plan& plan_;
  trace::TraceWriter& writer_;
  std::vector<Nanoseconds> dispatchStart_;   // per partition
  Nanoseconds lastDispatchStart_ = 0;
  Nanoseconds lastDispatchEnd_ = 0;
  // Data and event ports are read without being consumed: draw the arrow
  // only at the first receive of a message, per receiver.
  std::map<std::pair<int, int>, std::uint64_t> lastFlowed_;
};

}  // namespace bulkhead::sim
