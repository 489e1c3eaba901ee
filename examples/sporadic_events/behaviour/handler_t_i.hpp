#pragma once
// sporadic_events' handler: dispatched by arrivals, at most once per
// minimum inter-arrival; reports each value and what its queues dropped.
#include "bulkhead_gen/handler_t_i_base.hpp"

class Handler_t_i : public Handler_t_i_Base {
 public:
  void initialise() override;
  void handle_samples() override;
  void handle_alarm() override;
  void finalise() override;
};
