#pragma once
// Time for the schedule walk: absolute sleeps on CLOCK_MONOTONIC (no drift
// accumulates over frames; base::monotonicNow reads the same clock), and
// SCHED_FIFO for the walking thread where the system permits it.
#include "base/monotonic_clock.hpp"

#include <atomic>
#include <cstdint>
#include <string>

namespace bulkhead::supervisor {

// Sleeps until CLOCK_MONOTONIC reaches `deadline`; returns early (false)
// when interrupted with `stop` set.
bool sleepUntil(std::int64_t deadline, const std::atomic<bool>& stop);

// Raises the calling thread to SCHED_FIFO `priority`; on refusal returns
// false with a notice and leaves the thread as it was.
bool enterRealtime(int priority, std::string& notice);
void leaveRealtime();

}  // namespace bulkhead::supervisor
