#include "display_t_i.hpp"

#include <cstdio>

void Display_t_i::initialise() {}

void Display_t_i::timeTriggered() {
  auto sample = get_sample();
  if (!sample) return;
  char line[32];
  std::snprintf(line, sizeof line, "display: received %u", static_cast<unsigned>(static_cast<std::uint8_t>(*sample)));
  print(line);
}

void Display_t_i::finalise() {}
