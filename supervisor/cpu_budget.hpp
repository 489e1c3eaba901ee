#pragma once
// CPU time per frame against the model's Compute_Execution_Time: a
// partition whose threads never wait (a spinning helper thread, say) is
// reported while the system runs. Looked at once per frame period by the
// I/O thread (a timerfd in its epoll set), never on the real-time path.
#include "supervisor/health_report.hpp"
#include "supervisor/partition_host.hpp"
#include "plan/plan.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace bulkhead::supervisor {

class CpuBudget {
 public:
  // Null when no partition has a budget its host can measure (no
  // Compute_Execution_Time, or a host that cannot tell its program's CPU
  // time apart: a VM's counts its guest kernel and emulator too).
  static std::unique_ptr<CpuBudget> start(const plan::Plan& plan,
                                          const std::vector<std::unique_ptr<PartitionHost>>& hosts,
                                          std::int64_t framePeriodNs, std::int64_t now);
  ~CpuBudget();
  CpuBudget(const CpuBudget&) = delete;
  CpuBudget& operator=(const CpuBudget&) = delete;

  // The timer to watch (readable once per frame period).
  int fd() const { return timerFd_; }
  // Reads the timer and reports each partition beyond its budget, once.
  // `now` (CLOCK_MONOTONIC ns): a look the host delayed spans more than one
  // frame period, and each period in it is allowed its budget.
  void check(HealthMonitor& health, bool shuttingDown, std::int64_t now);

 private:
  explicit CpuBudget(const std::vector<std::unique_ptr<PartitionHost>>& hosts) : hosts_(hosts) {}

  const std::vector<std::unique_ptr<PartitionHost>>& hosts_;
  std::vector<std::uint64_t> budgetUs_, lastCpuUs_;  // by partition; 0: no budget
  std::vector<bool> reported_;
  std::int64_t framePeriodNs_ = 0;
  std::int64_t lastLookNs_ = 0;  // when the CPU times in lastCpuUs_ were read
  int timerFd_ = -1;
};

// A partition's CPU time allowed in one frame, in microseconds: each
// thread's Compute_Execution_Time times its dispatches in a frame (a
// sporadic thread's minimum inter-arrival may be shorter than the frame).
std::uint64_t frameBudgetUs(const plan::Plan& plan, const plan::Partition& partition);

}  // namespace bulkhead::supervisor
