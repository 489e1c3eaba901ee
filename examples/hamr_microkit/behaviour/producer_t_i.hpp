#pragma once
// hamr_microkit's producer: a new Integer_8 value on its event data port at
// each dispatch, one per window of its domain (two a frame).
#include "bulkhead_gen/producer_t_i_base.hpp"

#include <cstdint>

class Producer_t_i : public Producer_t_i_Base {
 public:
  void initialise() override;
  void timeTriggered() override;
  void finalise() override;

 private:
  std::int8_t next_ = 0;
};
