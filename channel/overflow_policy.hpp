#pragma once
// Overflow_Handling_Protocol of an in port, applied by each receiver on its
// own view of the channel: the contract's enum (contract/ports.hpp), which
// the Plan and the runtime use too.
#include "contract/ports.hpp"

namespace bulkhead::channel {

using OverflowPolicy = contract::OverflowHandling;

}  // namespace bulkhead::channel
