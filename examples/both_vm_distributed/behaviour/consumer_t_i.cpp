#include "consumer_t_i.hpp"

#include <cstdio>

void Consumer_t_i::initialise() {}

void Consumer_t_i::timeTriggered() {
  auto value = get_read_port();
  if (!value) return;
  // "vmconsumer: Received 8 bits on read_port: [ 0A ]" and an empty line,
  // as in the seed's output; the byte in upper-case hex.
  char line[64];
  std::snprintf(line, sizeof line, "vmconsumer: Received %zu bits on read_port: [ %02X ]", sizeof(*value) * 8,
                static_cast<unsigned>(static_cast<std::uint8_t>(*value)));
  print(line);
  print("");
}

void Consumer_t_i::finalise() {}
