#pragma once
// How every partition transport takes SIGTERM and SIGINT (team contract):
// blocked for the whole program, let through only inside the transport's
// wait (a ppoll with waitMask()), so that a stop request is seen between
// dispatches and never interrupts an entry point.
#include "runtime/partition_spec.hpp"
#include "runtime/runtime_error.hpp"

#include <csignal>
#include <ctime>
#include <optional>

namespace bulkhead::runtime {

// Blocks SIGTERM/SIGINT and installs the handler that sets stopRequested().
Status takeStopSignals();

// Set by that handler.
bool stopRequested();

// The program's signal mask with SIGTERM and SIGINT let through: the mask
// to wait with.
sigset_t waitMask();

// A wait's timeout for ppoll (a negative one is 0).
timespec waitLimit(Nanoseconds timeout);

}  // namespace bulkhead::runtime
