#pragma once
// The track layout of a Plan's trace, shared by `bulkhead sim` and
// `bulkhead run` so that both traces look alike: pid 0 is the supervisor
// (its track shows every slot of the domain schedule and the pacer's
// ticks); pid p+1 is Plan partition p, whose one track holds its domain
// windows and, nested in them, its dispatches and port events.
#include "plan/plan.hpp"
#include "trace/trace_writer.hpp"

#include <cstdint>
#include <optional>

namespace bulkhead::trace {

inline Track supervisorTrack() { return {0, 0}; }
inline Track partitionTrack(int partition) { return {partition + 1, 1}; }

// Process and track names ("producer (domain 2)", the instance name) and
// their order on screen.
void nameTracks(TraceWriter& writer, const plan::Plan& plan);

// Slot `slot` of frame `frame` (0-based), starting at `start`, lasting
// `length`: a slice on the supervisor's track ("domain N", or "pacer
// (domain N)") and, where the windows are the slots themselves (`sim`'s
// virtual time), a "window" slice on the track of every partition of that
// domain.
void writeSlot(TraceWriter& writer, const plan::Plan& plan, std::uint64_t frame, int slot, Nanoseconds start,
               Nanoseconds length);
// The slot's slice on the supervisor's track only (`run`: the domain
// schedule as planned; each partition's window is drawn as it happened).
void writeScheduleSlot(TraceWriter& writer, const plan::Plan& plan, std::uint64_t frame, int slot, Nanoseconds start,
                       Nanoseconds length);

// The plan's times of a window that `run` drew from its release and stop.
struct PlannedWindow {
  Nanoseconds start = 0, end = 0;
};
// A "window" slice on partition `partition`'s track: the window of slot
// `slot` of frame `frame` (0-based), from `start` for `length`; with
// `planned`, args "planned_start_ns" and "planned_end_ns" carry the plan's
// times of the same window.
void writeWindow(TraceWriter& writer, const plan::Plan& plan, int partition, std::uint64_t frame, int slot,
                 Nanoseconds start, Nanoseconds length, std::optional<PlannedWindow> planned = std::nullopt);

// The pacer's tick, as an instant on the supervisor's track.
void writePacerTick(TraceWriter& writer, Nanoseconds at, std::uint8_t tick);

}  // namespace bulkhead::trace
