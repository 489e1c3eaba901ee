#include "handler_t_i.hpp"

#include <cstdint>
#include <cstdio>

void Handler_t_i::initialise() {}

void Handler_t_i::handle_samples() {
  auto sample = get_samples();
  if (!sample) return;
  char line[64];
  std::snprintf(line, sizeof line, "handler: sample %02X (dropped %llu)",
                static_cast<unsigned>(static_cast<std::uint8_t>(*sample)),
                static_cast<unsigned long long>(dropped_samples()));
  print(line);
}

void Handler_t_i::handle_alarm() {
  char line[64];
  std::snprintf(line, sizeof line, "handler: %llu alarms (dropped %llu)",
                static_cast<unsigned long long>(get_alarm()), static_cast<unsigned long long>(dropped_alarm()));
  print(line);
}

void Handler_t_i::finalise() {}
