#include "producer_t_i.hpp"

#include <cstdio>

void Producer_t_i::initialise() {}

void Producer_t_i::timeTriggered() {
  ++next_;
  put_write_port(next_);
  char line[64];
  std::snprintf(line, sizeof line, "producer: sent %d", next_);
  print(line);
}

void Producer_t_i::finalise() {}
