#pragma once
// The seL4 static domain schedule as its C source states it:
//
//   const dschedule_t ksDomSchedule[] = {
//       { .domain = 0, .length = 80 },   /* designated initializers */
//       { 1, 5 },                        /* or positional {domain, length} */
//   };
//
// The file is accepted as is: comments, preprocessor lines and any other
// declarations around the array are skipped. Lengths are in ticks of the
// processor's Clock_Period. Only the syntax is checked here; what the slots
// mean (sums, domains) is checked against the model in schedule_checks.
#include "plan/diagnostic.hpp"

#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::plan {

struct ScheduleSourceSlot {
  std::int64_t domain = 0;
  std::int64_t length = 0;           // in ScheduleSource::unit
  SourceLocation location;           // the slot's opening brace
  SourceLocation domainLocation;     // the domain's value
  SourceLocation lengthLocation;     // the length's value
};

// How a schedule source states slot lengths: the seL4 C file in Clock_Period
// ticks, HAMR Microkit's microkit.schedule.xml and ARINC653::Module_Schedule
// in time (milliseconds, nanoseconds).
enum class LengthUnit { Ticks, Milliseconds, Nanoseconds };

struct ScheduleSource {
  std::string file;
  SourceLocation arrayLocation;      // the name `ksDomSchedule`, or the schedule element
  LengthUnit unit = LengthUnit::Ticks;
  std::vector<ScheduleSourceSlot> slots;
};

// Parses the text of a schedule file; `fileName` is used for locations.
std::expected<ScheduleSource, Diagnostic> parseScheduleSource(std::string_view text, const std::string& fileName);

// Reads and parses a schedule file in either form: HAMR Microkit's
// microkit.schedule.xml (a .xml name, or text starting with '<'; see
// microkit_schedule.hpp) or the C file. A missing, unreadable or
// oversized (> 4 MiB) file is an error located at `reference` (where the
// model or the command line names the file).
std::expected<ScheduleSource, Diagnostic> readScheduleSource(const std::filesystem::path& file,
                                                             const SourceLocation& reference);

}  // namespace bulkhead::plan
