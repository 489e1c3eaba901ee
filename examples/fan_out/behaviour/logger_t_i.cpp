#include "logger_t_i.hpp"

#include <cstdio>

void Logger_t_i::initialise() {}

void Logger_t_i::timeTriggered() {
  auto sample = get_sample();
  if (!sample) {
    print("logger: nothing");
    return;
  }
  char line[32];
  std::snprintf(line, sizeof line, "logger: received %u", static_cast<unsigned>(static_cast<std::uint8_t>(*sample)));
  print(line);
}

void Logger_t_i::finalise() {}
