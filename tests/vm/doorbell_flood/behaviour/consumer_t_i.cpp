#include "consumer_t_i.hpp"

#include <cstdint>
#include <cstdio>

void Consumer_t_i::initialise() {}

void Consumer_t_i::timeTriggered() {
  ++dispatch_;
  auto value = get_read_port();
  while (get_noise_port()) {
  }
  char line[64];
  if (value)
    std::snprintf(line, sizeof line, "consumer: dispatch %u received %02X", dispatch_,
                  static_cast<unsigned>(static_cast<std::uint8_t>(*value)));
  else
    std::snprintf(line, sizeof line, "consumer: dispatch %u received nothing", dispatch_);
  print(line);
}

void Consumer_t_i::finalise() {}
