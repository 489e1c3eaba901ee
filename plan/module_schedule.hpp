#pragma once
// ARINC653's module schedule as a domain schedule (design section 5):
// ARINC653::Module_Schedule on the processor (windows of [Partition =>
// reference (a virtual processor); Duration => t;]), or the older
// Partition_Slots with Slots_Allocation. Each ARINC653 partition (virtual
// processor) is a domain: its CASE_Scheduling::Domain when it states one,
// else 2, 3, ... in the order of its first window; the processes bound to
// it run in that domain. The major frame is ARINC653::Module_Major_Frame
// (else Frame_Period); time the windows leave is the supervisor's, domain 0,
// at the end of the frame. There is no pacer window: the schedule is
// self-paced.
#include "model/instance.hpp"
#include "plan/diagnostic.hpp"
#include "plan/domain_schedule_source.hpp"
#include "plan/plan.hpp"

#include <expected>
#include <map>
#include <optional>
#include <string>

namespace bulkhead::plan {

struct ModuleSchedule {
  ScheduleSource source;                       // lengths in ns; located at the property
  std::map<std::string, int> domainOf;         // lower-cased virtual processor instance name -> domain
  std::optional<Nanoseconds> majorFrame;       // Module_Major_Frame
  SourceLocation majorFrameAt;
};

// nullopt when the processor states no module schedule.
std::expected<std::optional<ModuleSchedule>, Diagnostics> readModuleSchedule(const model::InstanceModel& model,
                                                                             const model::ComponentInstance& processor);

// Domain 0 padding to `frame` when the windows leave time (ARINC653 leaves
// the rest of the major frame idle).
void padToFrame(ScheduleSource& source, Nanoseconds frame);

}  // namespace bulkhead::plan
