#pragma once
// The health monitor (design section 7): reports a partition that crashes
// or ends on its own (name, signal or status, frame), and faults a
// partition reports itself: a stderr line holding kHealthMarker, as the
// runtime prints for an Overflow_Handling_Protocol => Error queue
// ("<thread>: health: queue overflow on <port> (...): N dropped"). The policy is to log and keep
// every other partition on its schedule; run's exit status counts faults.
#include "supervisor/console.hpp"
#include "supervisor/partition_host.hpp"
#include "plan/plan.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace bulkhead::supervisor {

inline constexpr std::string_view kHealthMarker = ": health: ";

class HealthMonitor {
 public:
  HealthMonitor(Console& console, const plan::Plan& plan) : console_(console), plan_(plan) {}

  // A partition ended other than by the supervisor's shutdown; `frame` is
  // the frame of its latest window (0: it had none yet).
  void partitionEnded(const std::string& partition, const ExitStatus& status, bool duringShutdown,
                      std::uint64_t frame);
  // Output filter: takes health lines (returns false), passes the rest;
  // `frame` as for partitionEnded.
  bool filterLine(const std::string& partition, OutputStream stream, std::string_view line, std::uint64_t frame);
  void countFault() { faults_.fetch_add(1); }
  // Told of every fault reported, after the console (`run --trace` marks
  // it on the partition's track). `partition` is the name reported: the
  // Plan's, or a VM host's ("vmproducer"). Set before the run starts.
  using FaultListener = std::function<void(const std::string& partition, const std::string& report)>;
  void setFaultListener(FaultListener listener) { listener_ = std::move(listener); }
  int faults() const { return faults_.load(); }

  // "in frame 3", or "during start-up" for frame 0.
  static std::string when(std::uint64_t frame);

 private:
  Console& console_;
  const plan::Plan& plan_;
  std::atomic<int> faults_{0};
  FaultListener listener_;
};

}  // namespace bulkhead::supervisor
