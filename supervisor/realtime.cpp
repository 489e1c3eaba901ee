#include "supervisor/realtime.hpp"

#include <pthread.h>
#include <sched.h>
#include <time.h>

#include <cerrno>
#include <cstring>

namespace bulkhead::supervisor {

bool sleepUntil(std::int64_t deadline, const std::atomic<bool>& stop) {
  timespec ts{static_cast<time_t>(deadline / 1'000'000'000), static_cast<long>(deadline % 1'000'000'000)};
  for (;;) {
    int rc = ::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr);
    if (rc == 0) return true;
    if (rc != EINTR) return true;  // cannot happen with a valid absolute time
    if (stop.load()) return false;
  }
}

bool enterRealtime(int priority, std::string& notice) {
  sched_param param{};
  param.sched_priority = priority;
  int rc = ::pthread_setschedparam(::pthread_self(), SCHED_FIFO, &param);
  if (rc != 0) {
    notice = std::string("cannot use SCHED_FIFO for the schedule (") + std::strerror(rc) +
             "); releases may be late under load";
    return false;
  }
  return true;
}

void leaveRealtime() {
  sched_param param{};
  ::pthread_setschedparam(::pthread_self(), SCHED_OTHER, &param);
}

}  // namespace bulkhead::supervisor
