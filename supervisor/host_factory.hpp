#pragma once
// How the supervisor gets a partition host: a HostFactory turns a
// LaunchContext (one partition of the Plan, its channel hand-over, its
// environment and placement) into a PartitionHost. Native partitions
// (nativeHostFactory, a sandboxed process) and VM partitions
// (vm::qemuHostFactory) are both made this way; the supervisor sees only
// the PartitionHost interface.
#include "contract/environment.hpp"
#include "supervisor/cgroups.hpp"
#include "supervisor/channel_handover.hpp"
#include "supervisor/console.hpp"
#include "supervisor/freezer.hpp"
#include "supervisor/partition_host.hpp"
#include "supervisor/sandbox.hpp"
#include "plan/plan.hpp"

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

// Everything a partition host needs to launch one partition.
struct LaunchContext {
  const plan::Plan& plan;
  int partition;                           // Plan::partitions index
  std::vector<ChannelHandover> channels;   // contract order
  std::vector<std::string> environment;    // BULKHEAD_* and pass-through variables, for a native program
  contract::PartitionEnvironment partitionEnvironment;  // the BULKHEAD_* ones, typed (a VM carries them over)
  std::optional<int> cpu;
  std::optional<int> realtimePriority;     // SCHED_FIFO for the partition, below the supervisor's
  IsolationOptions isolation;
  CgroupLimits limits;                     // the partition's cgroup limits
  FreezerFactory& freezers;
  Console& console;
  std::uint32_t restart = 0;               // 0: its first start; N: the health monitor's Nth restart
};

using HostFactory = std::function<std::expected<std::unique_ptr<PartitionHost>, std::string>(LaunchContext&)>;

// The native host: ProcessPartition running `programFor(partition)`.
HostFactory nativeHostFactory(std::function<std::expected<std::filesystem::path, std::string>(const plan::Partition&)> programFor);

}  // namespace bulkhead::supervisor
