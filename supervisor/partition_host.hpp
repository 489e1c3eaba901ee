#pragma once
// A partition as the supervisor sees it: something that can be started,
// released (thawed) at its window start, stopped (frozen) at its window
// end, asked to finish (SIGTERM → finalise) and killed. Native partitions
// are processes (process_partition.hpp); vm/ provides a QEMU-backed host
// behind the same interface.
#include "supervisor/cpu_account.hpp"

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

enum class OutputStream { Stdout, Stderr };

// A pipe the supervisor forwards line by line; `prefix` starts every
// forwarded line (VM consoles use "<vm name>: "; empty: the supervisor
// names the line after its partition, "<name>: ").
struct OutputSource {
  int fd = -1;
  OutputStream stream = OutputStream::Stdout;
  std::string prefix;
};

// How a partition ended, as the health monitor reports it.
struct ExitStatus {
  bool signalled = false;
  int code = 0;     // exit code when not signalled
  int signal = 0;   // terminating signal when signalled
};

class PartitionHost {
 public:
  virtual ~PartitionHost() = default;

  virtual const std::string& name() const = 0;

  // Creates the partition, running; the supervisor freezes it once it has
  // finished starting up (see Supervisor).
  virtual std::expected<void, std::string> start() = 0;

  // Whether start-up (loading, `initialise`, registration) is over and the
  // partition waits for its first dispatch; the supervisor freezes it then,
  // or when startupLimit() has passed.
  virtual bool startupComplete() = 0;
  virtual std::chrono::milliseconds startupLimit() const { return std::chrono::milliseconds(2000); }

  // A restart (the health monitor's Restart policy): creates the partition
  // stopped before its program runs, so all of its start-up happens inside
  // the windows the supervisor releases; exec failures show at its exit.
  virtual std::expected<void, std::string> startFrozen() {
    return std::unexpected("partition " + name() + " cannot be restarted: only native partitions can");
  }

  // Whether the partition has ended, even if its end has not been
  // collected yet (cheap: the walk asks before each release, so that a
  // partition that ended in its window is never released again and its
  // end is reported in the frame of that window).
  virtual bool hasExited() { return false; }

  virtual void freeze() = 0;     // enforcement stop at the window end
  virtual void thaw() = 0;       // release at the window start
  virtual void terminate() = 0;  // SIGTERM: the runtime calls finalise and exits 0
  virtual void kill() = 0;       // SIGKILL, after the grace period

  // The pipes to forward; the supervisor owns reading them, the host
  // closes them on destruction.
  virtual std::vector<OutputSource> outputs() const = 0;

  // A pollable fd that becomes readable when the partition has ended
  // (a pidfd for processes), and a non-blocking collection of its status.
  virtual int exitFd() const = 0;
  virtual std::expected<ExitStatus, std::string> collectExit() = 0;

  // The host process (for /proc readings: start-up state, resident memory).
  virtual pid_t processId() const = 0;

  // CPU time the partition used so far (all its threads), and how long it
  // waited for a CPU, where the host can tell: the health monitor compares
  // the first with the model's Compute_Execution_Time, the schedule walk
  // finds windows the host starved (starvation_watch.hpp).
  virtual std::optional<CpuAccount> cpuAccount() const { return std::nullopt; }

  // Whether the partition's CLOCK_MONOTONIC is the supervisor's (a process
  // on this host) or its own (a guest kernel): tracing places its events
  // accordingly (trace/run_trace.hpp).
  virtual bool sharesHostClock() const { return true; }

  // Whether start() sets off a long, independent boot (a virtual machine)
  // that the supervisor should start beside the others' rather than after.
  virtual bool bootsInParallel() const { return false; }

  // What the host refused the partition, for the start-up notice (e.g. new
  // namespaces or SCHED_FIFO not permitted); empty if nothing.
  virtual std::string isolationNotice() const { return {}; }
};

}  // namespace bulkhead::supervisor
