#pragma once
// both_vm's consumer: prints every value received on read_port the way the
// seed's vmconsumer does.
#include "bulkhead_gen/consumer_t_i_base.hpp"

class Consumer_t_i : public Consumer_t_i_Base {
 public:
  void initialise() override;
  void timeTriggered() override;
  void finalise() override;
};
