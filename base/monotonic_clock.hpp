#pragma once
// CLOCK_MONOTONIC in nanoseconds: the clock the supervisor's schedule walk,
// the partitions' trace records and the pacer all share.
#include <cstdint>
#include <ctime>

namespace bulkhead::base {

inline std::int64_t monotonicNow() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

}  // namespace bulkhead::base
