#pragma once
// The architecture as a Graphviz DOT graph: one cluster per partition
// (labelled with its domain and kind) holding its threads, one edge per
// channel receiver (labelled with the port names and Queue_Size), and the
// pacer feeding each periodic thread through its partition's period queue.
#include "plan/plan.hpp"

#include <string>

namespace bulkhead::plan {

std::string planDot(const Plan& plan);

}  // namespace bulkhead::plan
