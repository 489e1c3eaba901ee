#pragma once
// Windows the host starved: a partition released at its window start that
// was then kept off the CPU by other work on the machine (another run's
// real-time partitions on the same CPU, real-time throttling) does not
// dispatch, through no fault of its own or of the schedule. The schedule
// walk samples each partition's CPU account (cpu_account.hpp) when it
// releases the partition and again when it stops it; a window in which
// the partition waited for a CPU for at least half of it and ran for less
// than a quarter of it is starved. The walk reports each one while the
// system runs (`bulkhead: starved: partition <name> …`) and --stats counts
// them, so a frame whose output is missing is never missing silently.
// A VM's QEMU, stopped with signals, is put in a cgroup of its own for
// the same account (vm/qemu_cpu_account.hpp). Hosts without pressure stall
// information (a v1 freezer, signals) are not measured, and --stats says so.
#include "supervisor/partition_host.hpp"
#include "supervisor/release_log.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

// "partition consumer was kept off the CPU for 9.6 ms of its 10.0 ms window in frame 7 …"
std::string describe(const StarvedWindow& w, const std::string& partitionName);

class StarvationWatch {
 public:
  explicit StarvationWatch(const std::vector<std::unique_ptr<PartitionHost>>& hosts);

  // At the release of `partition` for a window of `frame` (1-based), at `now`.
  void released(int partition, std::uint64_t frame, std::int64_t now);
  // At its stop: the window, if the host starved it.
  std::optional<StarvedWindow> stopped(int partition, std::int64_t now);

  // Windows sampled at both ends with the waiting time known.
  std::uint64_t measured() const { return measured_; }

 private:
  struct Open {
    bool open = false;
    std::uint64_t frame = 0;
    std::int64_t at = 0;
    CpuAccount account;
  };
  const std::vector<std::unique_ptr<PartitionHost>>& hosts_;
  std::vector<Open> open_;  // by partition
  std::uint64_t measured_ = 0;
};

}  // namespace bulkhead::supervisor
