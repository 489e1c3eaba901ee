#include "supervisor/cpu_budget.hpp"

#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>

namespace bulkhead::supervisor {

std::uint64_t frameBudgetUs(const plan::Plan& plan, const plan::Partition& partition) {
  std::uint64_t ns = 0;
  for (const auto& t : partition.threads) {
    std::int64_t dispatches = 1;
    if (t.dispatch == plan::DispatchProtocol::Sporadic && t.period > 0)
      dispatches = (plan.schedule.framePeriod + t.period - 1) / t.period;
    ns += static_cast<std::uint64_t>(t.computeExecutionTime * dispatches);
  }
  return ns / 1000;
}

std::unique_ptr<CpuBudget> CpuBudget::start(const plan::Plan& plan,
                                            const std::vector<std::unique_ptr<PartitionHost>>& hosts,
                                            std::int64_t framePeriodNs, std::int64_t now) {
  std::unique_ptr<CpuBudget> budget(new CpuBudget(hosts));
  const auto n = hosts.size();
  budget->budgetUs_.assign(n, 0);
  budget->lastCpuUs_.assign(n, 0);
  budget->reported_.assign(n, false);
  bool any = false;
  for (std::size_t i = 0; i < n; ++i) {
    budget->budgetUs_[i] = frameBudgetUs(plan, plan.partitions[i]);
    auto account = hosts[i]->cpuAccount();
    const auto used = account && account->programOnly ? std::optional(account->usedUs) : std::nullopt;
    if (budget->budgetUs_[i] == 0 || !used) {
      budget->budgetUs_[i] = 0;
      continue;
    }
    budget->lastCpuUs_[i] = *used;
    any = true;
  }
  if (!any || framePeriodNs <= 0) return nullptr;
  budget->framePeriodNs_ = framePeriodNs;
  budget->lastLookNs_ = now;
  budget->timerFd_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
  if (budget->timerFd_ < 0) return nullptr;
  itimerspec every{};
  every.it_interval.tv_sec = framePeriodNs / 1'000'000'000;
  every.it_interval.tv_nsec = framePeriodNs % 1'000'000'000;
  every.it_value = every.it_interval;
  ::timerfd_settime(budget->timerFd_, 0, &every, nullptr);
  return budget;
}

CpuBudget::~CpuBudget() {
  if (timerFd_ >= 0) ::close(timerFd_);
}

// A look spans one frame period, which may hold two of a partition's
// windows: over twice its budget, plus 5 ms for the runtime's own waking
// and printing, is beyond doubt. The I/O thread is no real-time thread: a
// look the host delayed spans k periods, which hold up to k + 1 windows,
// and what is reported is the CPU time of one period on average.
void CpuBudget::check(HealthMonitor& health, bool shuttingDown, std::int64_t now) {
  std::uint64_t expirations = 0;
  [[maybe_unused]] auto r = ::read(timerFd_, &expirations, sizeof expirations);
  const std::int64_t elapsed = now - lastLookNs_;
  lastLookNs_ = now;
  const std::uint64_t periods =
      std::max<std::uint64_t>(1, static_cast<std::uint64_t>((elapsed + framePeriodNs_ / 2) / framePeriodNs_));
  if (shuttingDown) return;
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    const int partition = static_cast<int>(i);
    if (budgetUs_[i] == 0 || health.ended(partition)) continue;
    auto account = hosts_[i]->cpuAccount();
    const auto used = account ? std::optional(account->usedUs) : std::nullopt;
    if (!used) continue;
    // A restarted partition has a cgroup of its own, counting from zero.
    const std::uint64_t delta = *used >= lastCpuUs_[i] ? *used - lastCpuUs_[i] : *used;
    lastCpuUs_[i] = *used;
    if (reported_[i] || delta <= (periods + 1) * budgetUs_[i] + 5000) continue;
    reported_[i] = true;
    health.overBudget(partition, delta / periods, budgetUs_[i]);
  }
}

}  // namespace bulkhead::supervisor
