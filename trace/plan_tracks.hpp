#pragma once
// The track layout of a Plan's trace, shared by `bulkhead sim` and
// `bulkhead run` so that both traces look alike: pid 0 is the supervisor
// (its track shows every slot of the domain schedule and the pacer's
// ticks); pid p+1 is Plan partition p, whose one track holds its domain
// windows and, nested in them, its dispatches and port events.
#include "plan/plan.hpp"
#include "trace/trace_writer.hpp"

#include <cstdint>

namespace bulkhead::trace {

inline Track supervisorTrack() { return {0, 0}; }
inline Track partitionTrack(int partition) { return {partition + 1, 1}; }

// Process and track names ("producer (domain 2)", the instance name) and
// their order on screen.
void nameTracks(TraceWriter& writer, const plan::Plan& plan);

// Slot `slot` of frame `frame`, starting at `start`, lasting `length` (from
// the Plan, or as measured): a slice on the supervisor's track ("domain N",
// or "pacer (domain N)") and a "window" slice on the track of every
// partition of that domain.
void writeSlot(TraceWriter& writer, const plan::Plan& plan, std::uint64_t frame, int slot, Nanoseconds start,
               Nanoseconds length);

// The pacer's tick, as an instant on the supervisor's track.
void writePacerTick(TraceWriter& writer, Nanoseconds at, std::uint8_t tick);

}  // namespace bulkhead::trace
