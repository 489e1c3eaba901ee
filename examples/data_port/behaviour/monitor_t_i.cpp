#include "monitor_t_i.hpp"

#include <cstdio>

void Monitor_t_i::initialise() {}

void Monitor_t_i::timeTriggered() {
  auto reading = get_reading();
  if (!reading) {
    print("monitor: no reading yet");
    return;
  }
  char line[64];
  std::snprintf(line, sizeof line, "monitor: reading %d (%s)", reading->value, reading->fresh ? "fresh" : "stale");
  print(line);
}

void Monitor_t_i::finalise() {}
