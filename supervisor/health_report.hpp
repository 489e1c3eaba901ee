#pragma once
// The health part of the supervisor (docs/design.md section 7): what it knows of
// each partition's life (ended, the frame of its latest window, whether the
// supervisor itself killed it), and what happens when one faults.
//
// Faults: a partition that crashes or ends on its own (name, signal or
// status, frame), a partition that did not finish within the shutdown
// grace, and faults a partition reports itself: a stderr line holding
// kHealthMarker, as the runtime prints for an Overflow_Handling_Protocol =>
// Error queue ("<thread>: health: queue overflow on <port> (...): N
// dropped"); a notification it saturated (the supervisor skips it rather
// than block), and CPU time beyond its Compute_Execution_Time in a frame.
// Every fault goes through one place, fault(): today's policy is
// to report it, count it (run's exit status) and keep every other partition
// on its schedule; a per-partition policy (restart, stop the run) decides
// there.
//
// Threads: the schedule walk calls released(); the I/O thread calls
// partitionExited() and filterLine(); both read ended().
#include "supervisor/console.hpp"
#include "supervisor/partition_host.hpp"
#include "plan/plan.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace bulkhead::supervisor {

inline constexpr std::string_view kHealthMarker = ": health: ";

class HealthMonitor {
 public:
  HealthMonitor(Console& console, const plan::Plan& plan);

  // --- each partition's life ----------------------------------------------
  bool ended(int partition) const { return state(partition).ended.load(); }
  void markEnded(int partition) { state(partition).ended.store(true); }
  // Whether partitions 0..count-1 have all ended.
  bool allEnded(int count) const;
  // The walk released `partition` in `frame` (1-based).
  void released(int partition, std::uint64_t frame) { state(partition).lastFrame.store(frame); }
  // The frame of its latest window (0: none yet, it is starting up).
  std::uint64_t lastFrame(int partition) const { return state(partition).lastFrame.load(); }

  // --- faults ---------------------------------------------------------------
  // The partition ended with `status` (reported by `host`, the name it
  // runs under). During shutdown a clean exit, or one the supervisor caused
  // by killing it, is not a fault.
  void partitionExited(int partition, const std::string& host, const ExitStatus& status, bool shuttingDown);
  // The partition did not end within `grace` of SIGTERM; the supervisor
  // kills it.
  void unfinished(int partition, const std::string& host, std::chrono::milliseconds grace);
  // Output filter: takes the partition's health lines (returns false),
  // passes the rest.
  bool filterLine(int partition, OutputStream stream, std::string_view line);
  // The partition pushed a notification counter it shares with the
  // supervisor to its limit (`what`: "its period queue's", "channel X's");
  // the supervisor skips it instead of blocking. Reported once per
  // partition.
  void notificationSaturated(int partition, const std::string& what);
  // The partition used `usedUs` of CPU time in one frame, more than its
  // threads' Compute_Execution_Time allow (`budgetUs`): a thread that never
  // waits, say.
  void overBudget(int partition, std::uint64_t usedUs, std::uint64_t budgetUs);
  // Told of every fault reported, after the console (`run --trace` marks it
  // on the partition's track). Set before the run starts.
  using FaultListener = std::function<void(int partition, const std::string& report)>;
  void setFaultListener(FaultListener listener) { listener_ = std::move(listener); }
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
    std::atomic<bool> saturationReported{false};
  };
  PartitionState& state(int partition) { return states_[static_cast<std::size_t>(partition)]; }
  const PartitionState& state(int partition) const { return states_[static_cast<std::size_t>(partition)]; }
  // The one place a fault is handled (see above).
  void fault(int partition, const std::string& report, bool notifyListener = true);

  Console& console_;
  const plan::Plan& plan_;
  std::unique_ptr<PartitionState[]> states_;
  std::atomic<int> faults_{0};
  FaultListener listener_;
};

}  // namespace bulkhead::supervisor
