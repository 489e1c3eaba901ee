#include "sender_t_i.hpp"

#include <cstdio>

void Sender_t_i::initialise() {}

void Sender_t_i::timeTriggered() {
  put_sample(static_cast<std::int8_t>(counter_));
  char line[32];
  std::snprintf(line, sizeof line, "sender: sent %u", static_cast<unsigned>(counter_));
  print(line);
  ++counter_;
}

void Sender_t_i::finalise() {}
