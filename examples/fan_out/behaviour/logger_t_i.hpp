#pragma once
// fan_out's logger: every other frame, one queued sample per dispatch; its
// queue of 2 keeps the newest, the older ones are dropped.
#include "bulkhead_gen/logger_t_i_base.hpp"

class Logger_t_i : public Logger_t_i_Base {
 public:
  void initialise() override;
  void timeTriggered() override;
  void finalise() override;
};
