#pragma once
// The domain schedule of a Plan: either the slots of a ksDomSchedule[]
// source file, or the generated default of design section 5.
#include "plan/diagnostic.hpp"
#include "plan/domain_schedule_source.hpp"
#include "plan/plan.hpp"

#include <expected>
#include <vector>

namespace bulkhead::plan {

inline constexpr int supervisorDomain = 0;

// What the schedule must make room for: one per partition.
struct PartitionDemand {
  std::string name;                  // the partition's name, for messages
  int domain = 0;
  Nanoseconds demand = 0;            // its threads' largest Compute_Execution_Time
  bool periodic = false;             // has a periodic thread, so needs the pacer
  SourceLocation location;           // where the model sets its domain
};

// The processor's timing, shared by both kinds of schedule.
struct ScheduleTiming {
  Nanoseconds clockPeriod = 0;       // Clock_Period (> 0)
  Nanoseconds framePeriod = 0;       // Frame_Period (> 0, a multiple of clockPeriod)
  int maxDomain = 0;                 // CASE_Scheduling::Max_Domain (0: not given)
  SourceLocation processor;          // where the model declares the processor
};

// The slots of a parsed source, with start offsets and lengths in ns. A
// length given in time must be a whole number of Clock_Period ticks (the
// one error here); everything else is left to checkSchedule.
std::expected<DomainSchedule, Diagnostic> scheduleFromSource(const ScheduleSource& source, const ScheduleTiming& timing);

// The generated default (design section 5): domain 0 for 200 ms, the pacer
// 10 ms, then for each domain in ascending order a 10 ms domain-0 separator
// and a window as long as the demands of the partitions in that domain
// (a partition without Compute_Execution_Time counts 10 ms), padded with
// domain 0 to Frame_Period. Lengths are rounded up to whole ticks. When
// Frame_Period is too short for that, the domain-0 and pacer slots shrink
// proportionally (never below one tick); if the windows alone do not fit,
// that is an error located at the processor.
std::expected<DomainSchedule, Diagnostic> defaultSchedule(const ScheduleTiming& timing,
                                                          const std::vector<PartitionDemand>& partitions,
                                                          int pacerDomain);

// Where each slot of a schedule comes from, for located errors. For a
// generated default everything points at the processor.
struct ScheduleLocations {
  SourceLocation table;                       // the ksDomSchedule name, or the processor
  std::vector<ScheduleSourceSlot> slots;      // parallel to DomainSchedule::slots (may be empty)
  LengthUnit unit = LengthUnit::Ticks;        // of ScheduleSourceSlot::length
};
ScheduleLocations locationsOf(const ScheduleSource& source);
ScheduleLocations locationsOfDefault(const ScheduleTiming& timing);

// The checks of a schedule against the partitions (documented in the .cpp
// and in plan/README.md). Returns every problem found, empty when none.
Diagnostics checkSchedule(const DomainSchedule& schedule, const ScheduleLocations& locations,
                          const std::vector<PartitionDemand>& partitions, int pacerDomain);

}  // namespace bulkhead::plan
