#pragma once
// When the pacer ticks which partition (design section 5, as HAMR's pacer
// arranges it). With a pacer (Pacing::Pacer), each of its slots ticks the
// periodic partitions whose domains have a window before its next slot, so
// a HAMR Microkit schedule that puts a pacer slot before every component's
// domain dispatches each component once per window, and a schedule with one
// pacer slot per frame ticks everyone once per frame. Self-paced
// (Pacing::SelfPacing), every window of a periodic partition's domain ticks
// it at the window's start. A periodic thread of Period = k x Frame_Period
// runs in the windows of every k-th frame: Partition::ticksPerFrame tells the
// runtime how many ticks one frame holds.
#include "plan/plan.hpp"

#include <optional>

namespace bulkhead::plan {

// Pacing_Method when the model gives one; otherwise a schedule with a window
// of the pacer's domain is paced by the pacer, one without is self-paced.
Pacing pacingOf(const DomainSchedule& schedule, int pacerDomain, std::optional<Pacing> declared);

// Fills ScheduleSlot::paced and Partition::ticksPerFrame from the schedule's
// slots and pacing, the partitions' domains and period queues.
void assignPacerTicks(Plan& plan);

}  // namespace bulkhead::plan
