#include "supervisor/recovery.hpp"

#include "supervisor/restartable_host.hpp"

namespace bulkhead::supervisor {

Recovery::Recovery(HealthMonitor& health, IoRelay& io, PartitionLauncher& launcher, Console& console,
                   const std::vector<std::unique_ptr<PartitionHost>>& hosts)
    : health_(health), io_(io), launcher_(launcher), console_(console), hosts_(hosts) {}

void Recovery::respond(int partition, HealthResponse response) {
  if (partition < 0 || static_cast<std::size_t>(partition) >= hosts_.size()) return;
  PartitionHost& host = *hosts_[static_cast<std::size_t>(partition)];
  switch (response) {
    case HealthResponse::Continue: return;
    case HealthResponse::StopSystem: io_.stopRun(); return;
    case HealthResponse::StopPartition:
      // It has no more windows: the walk releases no ended partition.
      if (!health_.ended(partition)) {
        health_.markKilledBySupervisor(partition);
        host.kill();
      }
      return;
    case HealthResponse::Restart:
      if (!health_.ended(partition)) {  // killed first; its exit starts the restart
        health_.markRestartOnExit(partition);
        host.kill();
        return;
      }
      restart(partition);
      return;
  }
}

void Recovery::restart(int partition) {
  std::lock_guard lock(mutex_);
  auto* restartable = hosts_[static_cast<std::size_t>(partition)]->restartable();
  if (shuttingDown_ || !restartable) return;
  auto next = launcher_.relaunch(partition, health_.restarts(partition));
  if (!next) {
    console_.report("health: partition " + restartable->name() + " could not be restarted: " + next.error());
    return;  // it stays ended
  }
  restartable->setPending(std::move(*next));
  health_.markRestarted(partition);
}

void Recovery::shutDown() {
  std::lock_guard lock(mutex_);
  shuttingDown_ = true;
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    auto* restartable = hosts_[i]->restartable();
    PartitionHost* pending = restartable ? restartable->takePending() : nullptr;
    if (!pending) continue;
    health_.markKilledBySupervisor(static_cast<int>(i));  // before the kill: its exit is no fault
    health_.markEnded(static_cast<int>(i));
    pending->kill();
  }
}

}  // namespace bulkhead::supervisor
