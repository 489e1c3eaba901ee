#include "producer_t_i.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

void Producer_t_i::initialise() {
  // The supervisor starts a restarted life with BULKHEAD_RESTART=N (N >= 1):
  // only the first life crashes, so the run shows one restart.
  const char* restart = std::getenv("BULKHEAD_RESTART");
  firstLife_ = restart == nullptr || *restart == '\0' || std::strcmp(restart, "0") == 0;
  print(firstLife_ ? "producer: initialise" : "producer: initialise (restarted)");
}

void Producer_t_i::timeTriggered() {
  if (++dispatches_ == 3 && firstLife_) {
    print("producer: aborting at its third dispatch");
    std::abort();
  }
  // Integer_8 is signed: send the counter's bit pattern.
  put_counter(static_cast<std::int8_t>(counter_));
  char line[48];
  std::snprintf(line, sizeof line, "producer: sent %02X", static_cast<unsigned>(counter_));
  print(line);
  ++counter_;
}

void Producer_t_i::finalise() {}
