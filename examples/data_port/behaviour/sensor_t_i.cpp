#include "sensor_t_i.hpp"

#include <cstdio>

void Sensor_t_i::initialise() {}

void Sensor_t_i::timeTriggered() {
  ++sample_;
  // A deterministic walk through negative and positive values, to show the
  // codec's two's complement across the channel.
  const auto reading = static_cast<std::int16_t>((sample_ * 337) % 2000 - 1000);
  put_reading(reading);
  char line[64];
  std::snprintf(line, sizeof line, "sensor: wrote reading %d", reading);
  print(line);
}

void Sensor_t_i::finalise() {}
