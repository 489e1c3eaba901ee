#pragma once
// data_port's monitor: reads the sensor's data port every frame and says
// whether the value is fresh or the one it saw before.
#include "bulkhead_gen/monitor_t_i_base.hpp"

class Monitor_t_i : public Monitor_t_i_Base {
 public:
  void initialise() override;
  void timeTriggered() override;
  void finalise() override;
};
