// Fuzzes the domain schedule file reader (the seL4 ksDomSchedule C source):
// any text must give slots or one located diagnostic.
#include "plan/domain_schedule_source.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto schedule = bulkhead::plan::parseScheduleSource(text, "fuzz_schedule.c");
  (void)schedule;
  return 0;
}
