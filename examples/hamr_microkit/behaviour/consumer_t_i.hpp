#pragma once
// hamr_microkit's consumer: periodic, once a frame; its queue holds one
// value, so of the producer's two values a frame it gets the newer and
// counts the other dropped.
#include "bulkhead_gen/consumer_t_i_base.hpp"

class Consumer_t_i : public Consumer_t_i_Base {
 public:
  void initialise() override;
  void timeTriggered() override;
  void finalise() override;
};
