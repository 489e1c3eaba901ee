#pragma once
// A partition's slice of the Plan as the runtime sees it: its threads and
// ports with the hand-over index of every connected port (plan/handover.hpp,
// the order the supervisor hands the channels over in) and each channel's
// payload size from its layout.
// Code generation bakes it into partition programs; the simulator can call
// it directly.
#include "plan/plan.hpp"
#include "runtime/partition_spec.hpp"

#include <cstdint>

namespace bulkhead::codegen {

runtime::PartitionSpec partitionSlice(const plan::Plan& plan, int partition, std::uint64_t planFingerprint);

}  // namespace bulkhead::codegen
