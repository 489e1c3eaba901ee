#pragma once
// both_vm's producer: one 8-bit counter value per dispatch on write_port.
#include "bulkhead_gen/producer_t_i_base.hpp"

#include <cstdint>

class Producer_t_i : public Producer_t_i_Base {
 public:
  void initialise() override;
  void timeTriggered() override;
  void finalise() override;

 private:
  std::uint8_t counter_ = 0;  // wraps 0xFF -> 0x00
};
