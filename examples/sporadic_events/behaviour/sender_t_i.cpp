#include "sender_t_i.hpp"

#include <cstdio>

void Sender_t_i::initialise() {}

void Sender_t_i::timeTriggered() {
  char line[64];
  std::snprintf(line, sizeof line, "sender: samples %02X..%02X, 3 alarms", next_,
                static_cast<std::uint8_t>(next_ + 4));
  print(line);
  for (int i = 0; i < 5; ++i) put_samples(static_cast<std::int8_t>(next_++));
  for (int i = 0; i < 3; ++i) put_alarm();
}

void Sender_t_i::finalise() {}
