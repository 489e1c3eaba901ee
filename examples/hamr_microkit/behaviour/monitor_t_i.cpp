#include "monitor_t_i.hpp"

#include <cstdio>

void Monitor_t_i::initialise() {}

void Monitor_t_i::handle_read_port() {
  auto value = get_read_port();
  if (!value) return;
  char line[64];
  std::snprintf(line, sizeof line, "monitor: saw %d", *value);
  print(line);
}

void Monitor_t_i::finalise() {}
