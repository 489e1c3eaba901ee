#pragma once
// The health monitor's answers carried out (docs/design.md section 7; the
// policy itself is decided in health_report.hpp): Restart starts the
// partition anew, frozen before its program runs, and the walk takes the
// new life over at the partition's next window (restartable_host.hpp);
// Stop_Partition takes its windows away (killed if it still runs);
// Stop_System stops the walk, after which every partition is shut down
// and finalises as at the end of any run.
//
// Threads: respond() runs on the I/O thread (where faults are answered);
// shutDown() on the supervisor's thread, once the walk has ended, after
// which no restart is started.
#include "supervisor/health_report.hpp"
#include "supervisor/io_relay.hpp"
#include "supervisor/partition_launcher.hpp"

#include <memory>
#include <mutex>
#include <vector>

namespace bulkhead::supervisor {

class Recovery {
 public:
  Recovery(HealthMonitor& health, IoRelay& io, PartitionLauncher& launcher, Console& console,
           const std::vector<std::unique_ptr<PartitionHost>>& hosts);

  void respond(int partition, HealthResponse response);
  // No restart from now on; restarts the walk never released are killed
  // (they never ran, so there is nothing to finalise).
  void shutDown();

 private:
  void restart(int partition);

  HealthMonitor& health_;
  IoRelay& io_;
  PartitionLauncher& launcher_;
  Console& console_;
  const std::vector<std::unique_ptr<PartitionHost>>& hosts_;
  std::mutex mutex_;  // a restart in the making, against shutDown
  bool shuttingDown_ = false;
};

}  // namespace bulkhead::supervisor
