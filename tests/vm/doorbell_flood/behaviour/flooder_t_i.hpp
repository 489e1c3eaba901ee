#pragma once
// doorbell_flood's flooder: a hostile guest. From its second dispatch on it
// writes doorbell after doorbell to every channel device of its guest (the
// one towards the consumer), to peer 0 and to peers that do not exist, and
// never returns; it reports how many it has rung every 2^16 rounds.
#include "bulkhead_gen/flooder_t_i_base.hpp"

class Flooder_t_i : public Flooder_t_i_Base {
 public:
  void initialise() override;
  void timeTriggered() override;
  void finalise() override;

 private:
  unsigned dispatch_ = 0;
};
