#pragma once
// hamr_microkit's monitor: sporadic, dispatched in its domain's windows by
// each value the producer sends.
#include "bulkhead_gen/monitor_t_i_base.hpp"

class Monitor_t_i : public Monitor_t_i_Base {
 public:
  void initialise() override;
  void handle_read_port() override;
  void finalise() override;
};
