#pragma once
// Durations as people read them in messages and tables: "1000 ms",
// "2.5 ms", "250 us", "0 ms".
#include "plan/plan.hpp"

#include <string>

namespace bulkhead::plan {

std::string millisecondsText(Nanoseconds ns);  // always in ms: "1000 ms", "0.25 ms"

}  // namespace bulkhead::plan
