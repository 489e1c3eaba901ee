#pragma once
// The Plan for people: partitions, channels and the domain schedule as
// tables, the schedule also drawn as a one-line bar of the frame.
#include "plan/plan.hpp"

#include <string>

namespace bulkhead::plan {

std::string planText(const Plan& plan);

// The frame as `width` characters, each showing the domain that holds most
// of its share of the frame (0-9, then a-z for 10-35, '#' above).
std::string scheduleBar(const DomainSchedule& schedule, int width);

// The entry points a thread's behaviour provides (design section 5).
std::string entryPoints(const Thread& thread);

// Bytes of one slot (the 64-bit bit count and the payload, rounded up to a
// multiple of 8; 0 for event ports) and of the whole region, as
// channel/layout.hpp lays them out; 0 when the layout rejects the channel.
std::uint64_t slotBytes(const Channel& channel);
std::uint64_t regionBytes(const Channel& channel);

const char* toText(PortCategory category);      // "event data port"
const char* toText(PartitionKind kind);         // "virtual machine"
const char* toText(DispatchProtocol dispatch);  // "periodic"

}  // namespace bulkhead::plan
