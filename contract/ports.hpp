#pragma once
// The port and thread vocabulary both sides share, one enum each: the Plan,
// the generated partition slice, the runtime inside a partition and the
// channel layer name a port's category, direction and
// Overflow_Handling_Protocol, and a thread's Dispatch_Protocol, with these
// (plan::, runtime:: and channel:: use them under their own names).
#include <cstdint>

namespace bulkhead::contract {

// AADL port categories: event port, data port, event data port.
enum class PortCategory : std::uint8_t { Event, Data, EventData };

enum class Direction : std::uint8_t { In, Out };

// AADL Dispatch_Protocol of a thread (the two bulkhead runs).
enum class DispatchProtocol : std::uint8_t { Periodic, Sporadic };

// Overflow_Handling_Protocol of an in port, applied by each receiver on its
// own view of the channel (the writer never blocks and never learns about
// receivers: they map the region read-only).
enum class OverflowHandling : std::uint8_t {
  DropOldest,  // HAMR's behaviour: a late receiver gets the newest values
  DropNewest,  // a full queue refuses arrivals; the oldest unread values are kept
  Error,       // as DropOldest, and every overflow is reported for the health monitor
};

// The names AADL and HAMR use: "EventData", "DropOldest".
constexpr const char* name(PortCategory category) {
  switch (category) {
    case PortCategory::Event: return "Event";
    case PortCategory::Data: return "Data";
    case PortCategory::EventData: break;
  }
  return "EventData";
}

constexpr const char* name(OverflowHandling overflow) {
  switch (overflow) {
    case OverflowHandling::DropNewest: return "DropNewest";
    case OverflowHandling::Error: return "Error";
    case OverflowHandling::DropOldest: break;
  }
  return "DropOldest";
}

}  // namespace bulkhead::contract
