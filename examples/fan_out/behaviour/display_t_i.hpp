#pragma once
// fan_out's display, in a virtual machine: every frame, the sample.
#include "bulkhead_gen/display_t_i_base.hpp"

class Display_t_i : public Display_t_i_Base {
 public:
  void initialise() override;
  void timeTriggered() override;
  void finalise() override;
};
