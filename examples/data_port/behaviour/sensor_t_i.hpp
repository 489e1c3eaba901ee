#pragma once
// data_port's sensor: a new signed 16-bit reading on its data port at each
// dispatch (every other frame).
#include "bulkhead_gen/sensor_t_i_base.hpp"

#include <cstdint>

class Sensor_t_i : public Sensor_t_i_Base {
 public:
  void initialise() override;
  void timeTriggered() override;
  void finalise() override;

 private:
  std::int32_t sample_ = 0;
};
