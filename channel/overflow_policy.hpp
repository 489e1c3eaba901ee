#pragma once
// Overflow_Handling_Protocol of an in port, applied by each receiver on its
// own view of the channel (the writer never blocks and never learns about
// receivers: they map the region read-only).
#include <cstdint>

namespace bulkhead::channel {

enum class OverflowPolicy : std::uint8_t {
  DropOldest,  // HAMR's behaviour: a late receiver gets the newest values
  DropNewest,  // a full queue refuses arrivals; the oldest unread values are kept
  Error,       // as DropOldest, and every overflow is reported for the health monitor
};

const char* overflowPolicyName(OverflowPolicy policy);

}  // namespace bulkhead::channel
