#pragma once
// A partition's hand-over, in the order of contract/handover.hpp: its
// connected ports (threads in Plan order, ports in Plan order), then its
// period queue. Computed here once; the supervisor hands the channels over
// in this order and code generation numbers the ports by it. The health
// channel and the trace ring, which are no Plan channels, follow these
// entries (contract::healthEntry, contract::traceEntry).
#include "plan/plan.hpp"

#include <vector>

namespace bulkhead::plan {

struct HandoverEntry {
  int channel = -1;             // Plan::channels index
  Direction direction = Direction::In;
  int receiver = -1;            // in: the index in Channel::receivers; out: -1
  int thread = -1, port = -1;   // the port's place in the partition; -1 for the period queue
};

std::vector<HandoverEntry> handoverOf(const Plan& plan, int partition);

}  // namespace bulkhead::plan
