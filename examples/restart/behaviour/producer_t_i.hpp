#pragma once
// restart's producer: sends a counter every frame, from 00 in each life, and
// aborts at the third dispatch of its first life.
#include "bulkhead_gen/producer_t_i_base.hpp"

#include <cstdint>

class Producer_t_i : public Producer_t_i_Base {
 public:
  void initialise() override;
  void timeTriggered() override;
  void finalise() override;

 private:
  std::uint8_t counter_ = 0;
  int dispatches_ = 0;
  bool firstLife_ = true;
};
