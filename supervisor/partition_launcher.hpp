#pragma once
// The supervisor's launch part: makes every partition's host through the
// HostFactory (native process or VM, the same PartitionHost interface),
// starts them, and lets each finish its start-up before it is stopped until
// its first window.
//
// Order: hosts that boot a machine (bootsInParallel) start booting at once,
// side by side (a guest takes seconds under TCG); the others start one
// after the other in Plan order, each running unconstrained until it waits
// for its first dispatch (or its start-up limit passes), so their
// registration lines come in Plan order. Output is forwarded from the
// moment a partition starts; its exit is watched once it is started.
#include "contract/environment.hpp"
#include "supervisor/channel_set.hpp"
#include "supervisor/health_report.hpp"
#include "supervisor/io_relay.hpp"
#include "supervisor/supervisor.hpp"
#include "trace/run_trace.hpp"

#include <atomic>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

class PartitionLauncher {
 public:
  struct Parts {
    const plan::Plan& plan;
    const SupervisorOptions& options;
    HostFactory& factory;
    Console& console;
    const ChannelSet& channels;
    const HealthChannels& healthChannels;
    FreezerFactory& freezers;
    trace::RunTrace* trace;  // null without --trace
    IoRelay& io;
    HealthMonitor& health;
    const std::atomic<bool>& stopRequested;
  };
  explicit PartitionLauncher(Parts parts) : p_(parts) {}

  // Appends each started host to `hosts` (Plan order); a host made but not
  // started when an error ends the launch is destroyed, which stops it.
  std::expected<void, std::string> launch(std::vector<std::unique_ptr<PartitionHost>>& hosts);

  // The health monitor's Restart: partition `partition` made anew (its
  // `restart`th restart), started frozen before its program runs, its
  // output forwarded and its exit watched. On the I/O thread.
  std::expected<std::unique_ptr<PartitionHost>, std::string> relaunch(int partition, std::uint32_t restart);

 private:
  using Hosts = std::vector<std::unique_ptr<PartitionHost>>;
  std::expected<Hosts, std::string> makeHosts();
  LaunchContext contextFor(int partition, const std::vector<int>& cpus, std::uint32_t restart);
  std::vector<int> cpus() const;
  std::expected<void, std::string> startBootingMachines(Hosts& prepared, std::vector<bool>& started);
  void awaitStartup(PartitionHost& host, int partition);

  Parts p_;
  mutable int chosenCpu_ = -1;  // the partitions' CPU when --cpus did not say
};

// The BULKHEAD_* environment of a partition program (contract/environment.hpp);
// `restart` > 0 for a restart.
contract::PartitionEnvironment contractEnvironment(const plan::Partition& partition, const SupervisorOptions& options,
                                                  std::uint32_t restart = 0);

// All of a native partition program's environment: the contract's
// variables and the sanitizer settings passed through.
std::vector<std::string> partitionEnvironment(const plan::Partition& partition, const SupervisorOptions& options,
                                              std::uint32_t restart = 0);

}  // namespace bulkhead::supervisor
