#include "supervisor/health_report.hpp"

#include <string.h>

#include <cstdio>

namespace bulkhead::supervisor {

HealthMonitor::HealthMonitor(Console& console, const plan::Plan& plan)
    : console_(console), plan_(plan), states_(std::make_unique<PartitionState[]>(plan.partitions.size())) {}

std::string HealthMonitor::when(std::uint64_t f) {
  return f == 0 ? std::string("during start-up") : "in frame " + std::to_string(f);
}

bool HealthMonitor::allEnded(int count) const {
  for (int i = 0; i < count; ++i)
    if (!ended(i)) return false;
  return true;
}

void HealthMonitor::fault(int partition, const std::string& report, bool notifyListener) {
  faults_.fetch_add(1);
  console_.report(report);
  if (notifyListener && listener_) listener_(partition, report);
}

void HealthMonitor::partitionExited(int partition, const std::string& host, const ExitStatus& status,
                                    bool shuttingDown) {
  markEnded(partition);
  if (shuttingDown && (state(partition).killedBySupervisor.load() || (!status.signalled && status.code == 0))) return;
  std::string what;
  if (status.signalled) {
    const char* abbrev = ::sigabbrev_np(status.signal);
    what = "crashed: signal " + std::to_string(status.signal) + (abbrev ? std::string(" (SIG") + abbrev + ")" : "");
  } else {
    what = "exited with status " + std::to_string(status.code);
  }
  fault(partition, "health: partition " + host + " " + what + " " +
                       (shuttingDown ? std::string("while shutting down") : when(lastFrame(partition))));
}

void HealthMonitor::unfinished(int partition, const std::string& host, std::chrono::milliseconds grace) {
  state(partition).killedBySupervisor.store(true);
  fault(partition, "partition " + host + " did not finish within " + std::to_string(grace.count()) +
                       " ms of SIGTERM; killing it",
        false);
}

bool HealthMonitor::filterLine(int partition, OutputStream stream, std::string_view line) {
  if (stream != OutputStream::Stderr || line.find(kHealthMarker) == std::string_view::npos) return true;
  // The line was written in the partition's latest window.
  const auto& name = plan_.partitions.at(static_cast<std::size_t>(partition)).name;
  fault(partition, "health: partition " + name + " reported \"" + std::string(line) + "\" " + when(lastFrame(partition)));
  return false;
}

void HealthMonitor::notificationSaturated(int partition, const std::string& what) {
  if (state(partition).saturationReported.exchange(true)) return;
  const auto& name = plan_.partitions.at(static_cast<std::size_t>(partition)).name;
  fault(partition, "health: partition " + name + " saturated " + what + " notification " +
                       when(lastFrame(partition)) + "; it is skipped");
}

void HealthMonitor::overBudget(int partition, std::uint64_t usedUs, std::uint64_t budgetUs) {
  auto ms = [](std::uint64_t us) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f ms", static_cast<double>(us) / 1000.0);
    return std::string(text);
  };
  const auto& name = plan_.partitions.at(static_cast<std::size_t>(partition)).name;
  fault(partition, "health: partition " + name + " used " + ms(usedUs) + " of CPU time in one frame " +
                       when(lastFrame(partition)) + ", beyond its Compute_Execution_Time of " + ms(budgetUs));
}

}  // namespace bulkhead::supervisor
