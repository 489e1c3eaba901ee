#pragma once
// Puts a partition together: attaches every connected port and the period
// queue through the transport, in hand-over order, builds the port ends,
// binds each thread's behaviour and returns a ready dispatcher. Shared by
// partition programs (native, VM) and the simulator.
#include "runtime/component.hpp"
#include "runtime/dispatcher.hpp"
#include "runtime/log_sink.hpp"
#include "runtime/partition_spec.hpp"
#include "runtime/trace_hook.hpp"
#include "runtime/transport.hpp"

#include <expected>
#include <span>

namespace bulkhead::runtime {

// `components[i]` is the behaviour of `spec.threads[i]`. The transport is
// told which channels wake the partition: the period queue and the event /
// event data in ports of sporadic threads. With `trace`, every port end
// reports to it and so does the dispatcher. A `restarted` partition (the
// health monitor's Restart) finds its in ports empty, as HAMR's initialise
// would; its out ports resume the channels' counters.
std::expected<Dispatcher, RuntimeError> assemblePartition(const PartitionSpec& spec,
                                                          std::span<Component* const> components,
                                                          Transport& transport, LogSink& sink,
                                                          TraceHook* trace = nullptr, bool restarted = false);

}  // namespace bulkhead::runtime
