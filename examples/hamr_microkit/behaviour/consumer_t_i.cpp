#include "consumer_t_i.hpp"

#include <cstdio>

void Consumer_t_i::initialise() {}

void Consumer_t_i::timeTriggered() {
  auto value = get_read_port();
  char line[80];
  if (value)
    std::snprintf(line, sizeof line, "consumer: received %d (dropped %llu)", *value,
                  static_cast<unsigned long long>(dropped_read_port()));
  else
    std::snprintf(line, sizeof line, "consumer: nothing new");
  print(line);
}

void Consumer_t_i::finalise() {}
