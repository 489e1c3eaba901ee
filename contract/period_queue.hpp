#pragma once
// The pacer's period queue (docs/design.md section 5), as the supervisor
// (and the simulator) that write it and the partition that reads it agree:
// an event data channel of Queue_Size 1 without a sender port, carrying the
// tick as one Integer_8 (wrapping after 255). plan/ lays the channel out from
// these numbers; the runtime checks the region it is handed against them.
#include <cstdint>

namespace bulkhead::contract {

inline constexpr std::uint32_t kPeriodQueueSize = 1;
inline constexpr std::uint64_t kPeriodTickBits = 8;

}  // namespace bulkhead::contract
