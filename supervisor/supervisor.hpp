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
//
// Its parts, one job each: PartitionLauncher (partition_launcher.hpp)
// makes and starts the hosts, ScheduleWalk (schedule_walk.hpp) walks the
// domain schedule, IoRelay (io_relay.hpp) relays output, notifications,
// exits and signals, RunTrace (trace/run_trace.hpp) drains the partitions' trace
// rings, HealthMonitor (health_report.hpp) knows each partition's life and
// handles every fault.
#include "supervisor/host_factory.hpp"
#include "supervisor/node_hooks.hpp"
#include "supervisor/sandbox.hpp"
#include "plan/plan.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

struct SupervisorOptions {
  std::optional<std::uint64_t> frames;     // none: until SIGINT/SIGTERM
  double timeScale = 1.0;
  std::vector<int> cpus;                   // partition i runs on cpus[i % size]; empty: one, quietestAllowedCpu()
  bool realtime = true;                    // try SCHED_FIFO for the schedule walk and the partitions
  int realtimePriority = 80;               // the walk's; partitions run 10 below
  // Without root or a cgroup freezer, run() refuses unless unconfined;
  // unconfined, partitions are stopped by SIGSTOP/SIGCONT (which a hostile
  // partition can defeat) and every run says so.
  bool unconfined = false;
  IsolationOptions isolation;
  std::filesystem::path timingLog;         // empty: none
  std::filesystem::path traceFile;         // empty: none; else a Chrome trace of the run (trace/run_trace.hpp)
  bool stats = false;                      // print jitter, switch cost and memory at exit
  std::uint64_t planFingerprint = 0;       // BULKHEAD_PLAN_FINGERPRINT
  std::chrono::milliseconds shutdownGrace{2000};
  NodeHooks* node = nullptr;               // one node of a distributed system (node_hooks.hpp); null: none
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

}  // namespace bulkhead::supervisor
