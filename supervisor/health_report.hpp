#pragma once
// The health part of the supervisor (docs/design.md section 7): what it knows of
// each partition's life (ended, the frame of its latest window, whether the
// supervisor itself killed it), and what happens when one faults.
//
// Faults: a partition that crashes or ends on its own (name, signal or
// status, frame), a partition that did not finish within the shutdown
// grace, and faults a partition reports itself: typed records on its health
// channel (contract/health_report.hpp, read by health_channel.hpp), as the
// runtime writes for an Overflow_Handling_Protocol => Error queue, each
// reported with the frame it carries (never the frame in which the
// supervisor happened to read it); a record out of range is a fault of the
// partition; a notification it saturated (the supervisor skips it rather
// than block), CPU time beyond its Compute_Execution_Time in a frame, a
// dispatch that overran its window (seen at a window's end in the
// `dispatching` word of its health channel, health_channel.hpp, and with
// `run --trace` in its trace ring too: reported once), and a channel it sends on that it wrote corrupt (channel_guard.hpp).
//
// Every fault goes through one place, fault(): it is reported as
//   bulkhead: health: partition <name> <what> in frame <N>[; <response>]
// naming the culprit, counted (run's exit status), and answered by the
// partition's policy from the model (plan::HealthPolicy,
// Bulkhead::Health_Policy, like an ARINC 653 health-monitoring table):
// Report (nothing more), Restart (at its next window, at most Restart_Limit
// times, then it is stopped), Stop_Partition or Stop_System. The
// Responder (recovery.hpp) carries the answer out; the other partitions
// keep their schedule. While shutting down a fault is reported, never
// answered.
//
// Threads: the schedule walk calls released(); the I/O thread calls
// partitionExited(), the health channels' look and every other fault (faults found on
// other threads reach it through IoRelay::noteFault); all read ended().
#include "supervisor/console.hpp"
#include "supervisor/health_channel.hpp"
#include "supervisor/partition_host.hpp"
#include "plan/plan.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::supervisor {

// What the supervisor does about a fault, from the partition's policy.
enum class HealthResponse {
  Continue,       // Report: nothing beyond the report
  Restart,        // start it anew at its next window
  StopPartition,  // no more windows; killed if it still runs
  StopSystem,     // stop the walk, shut every partition down, finalising them
};

class HealthMonitor {
 public:
  HealthMonitor(Console& console, const plan::Plan& plan);

  // --- each partition's life ----------------------------------------------
  bool ended(int partition) const { return state(partition).ended.load(); }
  void markEnded(int partition) { state(partition).ended.store(true); }
  // A restart of the partition is ready for its next window: it has a
  // process again.
  void markRestarted(int partition);
  // Whether partitions 0..count-1 have all ended.
  bool allEnded(int count) const;
  // The walk released `partition` in `frame` (1-based); its health channel
  // says so to the partition (setChannels).
  void released(int partition, std::uint64_t frame);
  // The partitions' health channels, told of each release. Set before the run.
  void setChannels(const HealthChannels* channels) { channels_ = channels; }
  // The frame of its latest window (0: none yet, it is starting up).
  std::uint64_t lastFrame(int partition) const { return state(partition).lastFrame.load(); }
  // The supervisor kills the partition: its end is then no fault.
  void markKilledBySupervisor(int partition) { state(partition).killedBySupervisor.store(true); }
  // The partition is being killed to be restarted: its exit starts the restart.
  void markRestartOnExit(int partition) { state(partition).restartOnExit.store(true); }
  // From now on faults are reported, never answered.
  void setShuttingDown() { shuttingDown_.store(true); }
  // Restarts granted so far to `partition`.
  std::uint32_t restarts(int partition) const { return state(partition).restarts.load(); }

  // --- faults ---------------------------------------------------------------
  // The partition ended with `status` (reported by `host`, the name it
  // runs under). During shutdown a clean exit, or one the supervisor caused
  // by killing it, is not a fault.
  void partitionExited(int partition, const std::string& host, const ExitStatus& status, bool shuttingDown);
  // Shutdown: the partition still ran `grace` after SIGTERM (it spins in
  // a dispatch or in finalise); it is reported, and the supervisor kills it.
  void overranAtShutdown(int partition, const std::string& host, std::chrono::milliseconds grace);
  // The partition pushed a notification counter it shares with the
  // supervisor to its limit (`what`: "its period queue's", "channel X's");
  // the supervisor skips it instead of blocking. Reported once per
  // partition.
  void notificationSaturated(int partition, const std::string& what);
  // The partition used `usedUs` of CPU time in one frame, more than its
  // threads' Compute_Execution_Time allow (`budgetUs`): a thread that never
  // waits, say.
  void overBudget(int partition, std::uint64_t usedUs, std::uint64_t budgetUs);
  // A dispatch of the partition that began in `frame` overran its window:
  //   bulkhead: health: partition <name> overran its window in frame <N>
  // once per dispatch, whether its health channel or its trace showed it
  // (I/O thread only).
  void overran(int partition, std::uint64_t frame);
  // Any other fault of the partition: `what` it did ("overran its
  // window", "wrote a corrupt channel (...)") in `frame`; `after` follows
  // the frame.
  void faultIn(int partition, const std::string& what, std::uint64_t frame, const std::string& after = "");

  // Told of every fault reported, after the console (`run --trace` marks it
  // on the partition's track). Set before the run starts.
  using FaultListener = std::function<void(int partition, const std::string& report)>;
  void setFaultListener(FaultListener listener) { listener_ = std::move(listener); }
  // Carries out a response other than Continue (recovery.hpp), on the
  // thread that reported the fault (the I/O thread). Set before the run.
  using Responder = std::function<void(int partition, HealthResponse response)>;
  void setResponder(Responder responder) { responder_ = std::move(responder); }
  int faults() const { return faults_.load(); }
  // A fault of the run rather than of a partition (e.g. the nodes of a
  // distributed system could not agree), reported by the caller.
  void countFault() { faults_.fetch_add(1); }

  // "in frame 3", or "during start-up" for frame 0.
  static std::string when(std::uint64_t frame);

 private:
  struct PartitionState {
    std::atomic<bool> ended{false};
    std::atomic<std::uint64_t> lastFrame{0};
    std::atomic<bool> killedBySupervisor{false};
    std::atomic<bool> restartOnExit{false};
    std::atomic<bool> saturationReported{false};
    std::atomic<std::uint32_t> restarts{0};
  };
  PartitionState& state(int partition) { return states_[static_cast<std::size_t>(partition)]; }
  const PartitionState& state(int partition) const { return states_[static_cast<std::size_t>(partition)]; }
  const std::string& name(int partition) const;
  // The partition's policy applied to a fault now: the response, and the
  // words the report ends with.
  HealthResponse decide(int partition, std::string& words);
  // The one place a fault is handled (see above).
  void fault(int partition, std::string report, bool answer = true);

  Console& console_;
  const plan::Plan& plan_;
  std::unique_ptr<PartitionState[]> states_;
  std::atomic<int> faults_{0};
  std::atomic<bool> shuttingDown_{false};
  FaultListener listener_;
  Responder responder_;
  const HealthChannels* channels_ = nullptr;
  std::vector<std::set<std::uint64_t>> overranIn_;  // by partition: the frames of the dispatches reported overrunning
};

}  // namespace bulkhead::supervisor
