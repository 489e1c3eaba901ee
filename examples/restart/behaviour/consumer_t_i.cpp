#include "consumer_t_i.hpp"

#include <cstdint>
#include <cstdio>

void Consumer_t_i::initialise() {}

void Consumer_t_i::timeTriggered() {
  ++frame_;  // one dispatch per frame (Period = Frame_Period), never restarted
  char line[64];
  if (auto value = get_counter())
    std::snprintf(line, sizeof line, "consumer: frame %d received %02X", frame_,
                  static_cast<unsigned>(static_cast<std::uint8_t>(*value)));
  else
    std::snprintf(line, sizeof line, "consumer: frame %d received nothing", frame_);
  print(line);
}

void Consumer_t_i::finalise() {}
