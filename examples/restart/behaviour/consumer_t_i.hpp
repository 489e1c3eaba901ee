#pragma once
// restart's consumer: prints, each frame, the value it received or that
// nothing came.
#include "bulkhead_gen/consumer_t_i_base.hpp"

class Consumer_t_i : public Consumer_t_i_Base {
 public:
  void initialise() override;
  void timeTriggered() override;
  void finalise() override;

 private:
  int frame_ = 0;
};
