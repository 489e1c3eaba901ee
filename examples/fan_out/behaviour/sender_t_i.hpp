#pragma once
// fan_out's sender: one 8-bit counter value per frame on sample.
#include "bulkhead_gen/sender_t_i_base.hpp"

#include <cstdint>

class Sender_t_i : public Sender_t_i_Base {
 public:
  void initialise() override;
  void timeTriggered() override;
  void finalise() override;

 private:
  std::uint8_t counter_ = 0;
};
