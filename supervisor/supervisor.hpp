#pragma once
// The supervisor (`bulkhead run`): creates the Plan's channels, starts one
// partition per AADL process, walks the domain schedule with absolute-time
// sleeps releasing and stopping partitions at their window boundaries, runs
// the pacer, forwards output, watches health, and shuts everything down.
//
// Threads: the schedule walk runs on the calling thread (SCHED_FIFO where
// permitted); one I/O thread forwards output, relays fan-out notifications,
// collects exits and takes SIGINT/SIGTERM. Partitions are all started
// before the I/O thread exists, so they are cloned from a single-threaded
// process.
#include "supervisor/channel_handover.hpp"
#include "supervisor/console.hpp"
#include "supervisor/freezer.hpp"
#include "supervisor/partition_host.hpp"
#include "supervisor/sandbox.hpp"
#include "plan/plan.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

// Everything a partition host needs to launch one partition.
struct LaunchContext {
  const plan::Plan& plan;
  int partition;                           // Plan::partitions index
  std::vector<ChannelHandover> channels;   // contract order
  std::vector<std::string> environment;    // BULKHEAD_* and pass-through variables
  std::optional<int> cpu;
  std::optional<int> realtimePriority;     // SCHED_FIFO for the partition, below the supervisor's
  IsolationOptions isolation;
  FreezerFactory& freezers;
  Console& console;
};

using HostFactory = std::function<std::expected<std::unique_ptr<PartitionHost>, std::string>(LaunchContext&)>;

struct SupervisorOptions {
  std::optional<std::uint64_t> frames;     // none: until SIGINT/SIGTERM
  double timeScale = 1.0;
  std::vector<int> cpus;                   // partition i runs on cpus[i % size]; empty: first allowed CPU
  bool realtime = true;                    // try SCHED_FIFO for the schedule walk and the partitions
  int realtimePriority = 80;               // the walk's; partitions run 10 below
  // Enforcement by SIGSTOP/SIGCONT (default) or the cgroup v2 freezer. Both
  // stop a runaway at once, but on the machines measured (bench/supervisor) a
  // write to cgroup.freeze now and then blocks for up to 20 ms, delaying
  // every later release of the frame; signals never did (max 0.2 ms).
  bool cgroupFreezer = false;
  IsolationOptions isolation;
  std::filesystem::path timingLog;         // empty: none
  std::filesystem::path traceFile;         // empty: none; else a Chrome trace of the run (run_trace.hpp)
  bool stats = false;                      // print jitter, switch cost and memory at exit
  std::string planFingerprint;             // BULKHEAD_PLAN_FINGERPRINT (hex)
  std::chrono::milliseconds shutdownGrace{2000};
};

// Exit statuses of run().
inline constexpr int kRunClean = 0;    // every partition ran and stopped cleanly
inline constexpr int kRunFaults = 1;   // a partition crashed, exited early or reported a health fault
inline constexpr int kRunSetupError = 2;  // nothing ran: bad schedule, missing program, ...

class Supervisor {
 public:
  Supervisor(const plan::Plan& plan, SupervisorOptions options, HostFactory hostFactory, Console& console);
  ~Supervisor();
  int run();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The native host: ProcessPartition running `programFor(partition)`.
HostFactory nativeHostFactory(std::function<std::expected<std::filesystem::path, std::string>(const plan::Partition&)> programFor);

}  // namespace bulkhead::supervisor
