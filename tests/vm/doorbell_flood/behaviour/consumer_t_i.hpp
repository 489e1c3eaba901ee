#pragma once
// doorbell_flood's consumer: prints, per dispatch, its dispatch number and
// the value it took from read_port, so the test can check value per frame.
#include "bulkhead_gen/consumer_t_i_base.hpp"

class Consumer_t_i : public Consumer_t_i_Base {
 public:
  void initialise() override;
  void timeTriggered() override;
  void finalise() override;

 private:
  unsigned dispatch_ = 0;
};
