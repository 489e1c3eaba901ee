#include "supervisor/health_report.hpp"

#include <string.h>

#include <cstdio>

namespace bulkhead::supervisor {

HealthMonitor::HealthMonitor(Console& console, const plan::Plan& plan)
    : console_(console), plan_(plan), states_(std::make_unique<PartitionState[]>(plan.partitions.size())),
      overranIn_(plan.partitions.size()) {}

void HealthMonitor::markRestarted(int partition) {
  // The former life's dispatch (killed mid-way, perhaps) is none of the new one's.
  if (channels_) channels_->clearDispatching(partition);
  state(partition).ended.store(false);
}

std::string HealthMonitor::when(std::uint64_t f) {
  return f == 0 ? std::string("during start-up") : "in frame " + std::to_string(f);
}

void HealthMonitor::released(int partition, std::uint64_t frame) {
  state(partition).lastFrame.store(frame);
  // After lastFrame: a record dated `frame` is read when lastFrame says it already.
  if (channels_) channels_->publishFrame(partition, frame);
}

bool HealthMonitor::allEnded(int count) const {
  for (int i = 0; i < count; ++i)
    if (!ended(i)) return false;
  return true;
}

const std::string& HealthMonitor::name(int partition) const {
  return plan_.partitions.at(static_cast<std::size_t>(partition)).name;
}

HealthResponse HealthMonitor::decide(int partition, std::string& words) {
  const plan::HealthPolicy& policy = plan_.partitions.at(static_cast<std::size_t>(partition)).health;
  switch (policy.action) {
    case plan::HealthAction::Report: return HealthResponse::Continue;
    case plan::HealthAction::Restart: {
      const std::uint32_t done = state(partition).restarts.load();
      if (done < policy.restartLimit) {
        state(partition).restarts.store(done + 1);
        words = "; restarting it at its next window (restart " + std::to_string(done + 1) + " of " +
                std::to_string(policy.restartLimit) + ")";
        return HealthResponse::Restart;
      }
      words = "; it was restarted " + std::to_string(done) + " times (Restart_Limit): stopping it";
      return HealthResponse::StopPartition;
    }
    case plan::HealthAction::StopPartition:
      words = "; stopping it (Health_Policy Stop_Partition)";
      return HealthResponse::StopPartition;
    case plan::HealthAction::StopSystem:
      words = "; stopping the system (Health_Policy Stop_System)";
      return HealthResponse::StopSystem;
  }
  return HealthResponse::Continue;
}

void HealthMonitor::fault(int partition, std::string report, bool answer) {
  faults_.fetch_add(1);
  HealthResponse response = HealthResponse::Continue;
  if (answer && !shuttingDown_.load() && partition >= 0 &&
      static_cast<std::size_t>(partition) < plan_.partitions.size()) {
    std::string words;
    response = decide(partition, words);
    report += words;
  }
  console_.report(report);
  if (listener_) listener_(partition, report);
  if (response != HealthResponse::Continue && responder_) responder_(partition, response);
}

void HealthMonitor::partitionExited(int partition, const std::string& host, const ExitStatus& status,
                                    bool shuttingDown) {
  markEnded(partition);
  PartitionState& s = state(partition);
  if (s.restartOnExit.exchange(false)) {  // killed to be restarted: its fault was reported
    if (!shuttingDown && !shuttingDown_.load() && responder_) responder_(partition, HealthResponse::Restart);
    return;
  }
  if (s.killedBySupervisor.load() || (shuttingDown && !status.signalled && status.code == 0)) return;
  std::string what;
  if (status.signalled) {
    const char* abbrev = ::sigabbrev_np(status.signal);
    what = "crashed: signal " + std::to_string(status.signal) + (abbrev ? std::string(" (SIG") + abbrev + ")" : "");
  } else {
    what = "exited with status " + std::to_string(status.code);
  }
  fault(partition,
        "health: partition " + host + " " + what + " " +
            (shuttingDown ? std::string("while shutting down") : when(lastFrame(partition))),
        !shuttingDown);
}

void HealthMonitor::overranAtShutdown(int partition, const std::string& host, std::chrono::milliseconds grace) {
  markKilledBySupervisor(partition);
  fault(partition,
        "health: partition " + host + " overran its window while shutting down: still running " +
            std::to_string(grace.count()) + " ms after SIGTERM; killing it",
        false);
}

// A fault of a partition that still runs is answered once: not again while
// it is being killed for its restart or its stop.
void HealthMonitor::faultIn(int partition, const std::string& what, std::uint64_t frame, const std::string& after) {
  const PartitionState& s = state(partition);
  const bool answer = !s.ended.load() && !s.killedBySupervisor.load() && !s.restartOnExit.load();
  fault(partition, "health: partition " + name(partition) + " " + what + " " + when(frame) + after, answer);
}

void HealthMonitor::notificationSaturated(int partition, const std::string& what) {
  if (state(partition).saturationReported.exchange(true)) return;
  faultIn(partition, "saturated " + what + " notification", lastFrame(partition), "; it is skipped");
}

void HealthMonitor::overran(int partition, std::uint64_t frame) {
  if (partition < 0 || static_cast<std::size_t>(partition) >= overranIn_.size()) return;
  if (!overranIn_[static_cast<std::size_t>(partition)].insert(frame).second) return;  // its trace showed it too
  faultIn(partition, "overran its window", frame);
}

void HealthMonitor::overBudget(int partition, std::uint64_t usedUs, std::uint64_t budgetUs) {
  auto ms = [](std::uint64_t us) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f ms", static_cast<double>(us) / 1000.0);
    return std::string(text);
  };
  faultIn(partition, "used " + ms(usedUs) + " of CPU time in one frame", lastFrame(partition),
          ", beyond its Compute_Execution_Time of " + ms(budgetUs));
}

}  // namespace bulkhead::supervisor
