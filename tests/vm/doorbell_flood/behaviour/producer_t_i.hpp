#pragma once
// doorbell_flood's producer: one 8-bit counter value per dispatch.
#include "bulkhead_gen/producer_t_i_base.hpp"

#include <cstdint>

class Producer_t_i : public Producer_t_i_Base {
 public:
  void initialise() override;
  void timeTriggered() override;
  void finalise() override;

 private:
  std::uint8_t counter_ = 0;
};
