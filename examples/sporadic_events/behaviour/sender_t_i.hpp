#pragma once
// sporadic_events' sender: per dispatch, a burst of five consecutive 8-bit
// samples and three alarm events.
#include "bulkhead_gen/sender_t_i_base.hpp"

#include <cstdint>

class Sender_t_i : public Sender_t_i_Base {
 public:
  void initialise() override;
  void timeTriggered() override;
  void finalise() override;

 private:
  std::uint8_t next_ = 1;  // wraps 0xFF -> 0x00
};
