#pragma once
// The hand-over: how a partition reaches its channels, and in which order.
// plan/handover.hpp computes a partition's entries once; the supervisor
// hands the channels over in that order and code generation numbers the
// ports by it:
//
//   entry 0..  the partition's connected ports: threads in Plan order, each
//              thread's ports in Plan order, unconnected ports skipped
//   then       its period queue, when it has periodic threads
//   then       its health channel (contract/health_report.hpp), always
//   then       its trace ring, under `bulkhead run --trace`
//
// With n channel entries (plan/handover.hpp's handoverOf, the runtime's
// handoverCount), the health channel is entry n and the trace ring n + 1.
//
// A native partition (transport "fd") is given entry i as two descriptors:
// the channel's shared memory at fd 3 + 2i (read-only for a receiver) and
// its notification eventfd at fd 4 + 2i. A VM guest (transport "uio") finds
// entry i as /dev/uio<i>: the memory in map 0, the doorbell its notification.
#include <string>

namespace bulkhead::contract {

inline constexpr int kFirstHandoverFd = 3;

constexpr int healthEntry(int channelEntries) { return channelEntries; }
constexpr int traceEntry(int channelEntries) { return channelEntries + 1; }

constexpr int memoryFd(int entry) { return kFirstHandoverFd + 2 * entry; }
constexpr int eventFd(int entry) { return kFirstHandoverFd + 2 * entry + 1; }

// The guest's device of entry `entry`: "uio<entry>".
inline std::string uioDeviceName(int entry) { return "uio" + std::to_string(entry); }

}  // namespace bulkhead::contract
