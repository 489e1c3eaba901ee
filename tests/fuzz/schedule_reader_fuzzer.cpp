// Fuzzes the schedule file readers on the same bytes: the seL4
// ksDomSchedule C source (domain_schedule.c) and HAMR Microkit's
// microkit.schedule.xml. Any text must give slots or one located
// diagnostic from each.
#include "plan/domain_schedule_source.hpp"
#include "plan/microkit_schedule.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto source = bulkhead::plan::parseScheduleSource(text, "fuzz_schedule.c");
  (void)source;
  auto microkit = bulkhead::plan::parseMicrokitSchedule(text, "fuzz.schedule.xml");
  (void)microkit;
  return 0;
}
