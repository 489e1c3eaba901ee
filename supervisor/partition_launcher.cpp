#include "supervisor/partition_launcher.hpp"

#include "supervisor/cpu_choice.hpp"
#include "supervisor/restartable_host.hpp"

#include <charconv>
#include <chrono>
#include <cstdlib>

namespace bulkhead::supervisor {
namespace {

// A partition's cgroup limits (docs/design.md section 7): the model's (the
// Plan carries them), else defaults. Real-time partitions get no CFS
// bandwidth limit: their CPU time is bounded by their windows (the
// freezer), and a v1 cpu group would need a real-time budget of its own.
CgroupLimits limitsFor(const plan::Partition& p, const SupervisorOptions& options) {
  CgroupLimits limits;
  // Sanitizer runtimes touch much more (shadow memory) than the model knows of.
  limits.memoryBytes = p.limits.memoryBytes ? p.limits.memoryBytes : kSanitized ? (4ull << 30) : (512ull << 20);
  limits.maxTasks = p.limits.maxTasks ? p.limits.maxTasks : 64;
  limits.cpuPercent = options.realtime ? 0 : (p.limits.cpuPercent ? p.limits.cpuPercent : 100);
  return limits;
}

}  // namespace

contract::PartitionEnvironment contractEnvironment(const plan::Partition& p, const SupervisorOptions& options,
                                                  std::uint32_t restart) {
  // A restart's in ports start empty, as HAMR's initialise finds them (runtime/).
  return contract::PartitionEnvironment{p.name, options.planFingerprint, contract::kNativeTransport, restart,
                                        options.timeScale};
}

std::vector<std::string> partitionEnvironment(const plan::Partition& p, const SupervisorOptions& options,
                                              std::uint32_t restart) {
  std::vector<std::string> env = contract::environmentVariables(contractEnvironment(p, options, restart));
  // Sanitizer settings of the caller reach sanitized partition programs.
  // LeakSanitizer needs ptrace, which the sandbox forbids; a fault must end
  // the partition with its signal for the health monitor, not be turned
  // into exit status 1 by ASan's handler.
  for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "TSAN_OPTIONS", "LSAN_OPTIONS"}) {
    std::string value = std::getenv(name) ? std::getenv(name) : "";
    if (kSanitized && std::string_view(name) == "ASAN_OPTIONS")
      value += (value.empty() ? "" : ":") + std::string("detect_leaks=0:handle_segv=0");
    if (!value.empty()) env.push_back(std::string(name) + "=" + value);
  }
  return env;
}

LaunchContext PartitionLauncher::contextFor(int i, const std::vector<int>& cpus, std::uint32_t restart) {
  const auto& options = p_.options;
  const auto& partition = p_.plan.partitions[static_cast<std::size_t>(i)];
  LaunchContext context{p_.plan,
                        i,
                        p_.channels.handover(p_.plan, i),
                        partitionEnvironment(partition, options, restart),
                        contractEnvironment(partition, options, restart),
                        cpus[static_cast<std::size_t>(i) % cpus.size()],
                        options.realtime ? std::optional<int>(options.realtimePriority - 10) : std::nullopt,
                        options.isolation,
                        limitsFor(partition, options),
                        p_.freezers,
                        p_.console,
                        restart};
  // After the channels, in the order of contract/handover.hpp.
  context.channels.push_back(p_.healthChannels.handover(i));
  if (p_.trace) {
    const auto ring = p_.trace->handover(i);
    context.channels.push_back(ChannelHandover{ring.memoryFd, ring.eventFd, true});
  }
  return context;
}

std::vector<int> PartitionLauncher::cpus() const {
  if (!p_.options.cpus.empty()) return p_.options.cpus;
  if (chosenCpu_ < 0) chosenCpu_ = quietestAllowedCpu();  // once: a restart stays on its run's CPU
  return {chosenCpu_};
}

std::expected<PartitionLauncher::Hosts, std::string> PartitionLauncher::makeHosts() {
  const auto n = p_.plan.partitions.size();
  const std::vector<int> cpus = this->cpus();
  Hosts prepared(n);
  for (std::size_t i = 0; i < n; ++i) {
    LaunchContext context = contextFor(static_cast<int>(i), cpus, 0);
    auto host = p_.factory(context);
    if (!host) return std::unexpected(host.error());
    prepared[i] = std::move(*host);
  }
  return prepared;
}

std::expected<void, std::string> PartitionLauncher::startBootingMachines(Hosts& prepared, std::vector<bool>& started) {
  for (std::size_t i = 0; i < prepared.size() && !p_.stopRequested.load(); ++i) {
    if (!prepared[i]->bootsInParallel()) continue;
    if (auto ok = prepared[i]->start(); !ok) return ok;
    started[i] = true;
    p_.io.forwardOutputs(*prepared[i]);
  }
  return {};
}

std::expected<void, std::string> PartitionLauncher::launch(Hosts& hosts) {
  auto prepared = makeHosts();
  if (!prepared) return std::unexpected(prepared.error());
  std::vector<bool> startedEarly(prepared->size(), false);
  if (auto booting = startBootingMachines(*prepared, startedEarly); !booting) return booting;
  for (std::size_t i = 0; i < prepared->size() && !p_.stopRequested.load(); ++i) {
    const int index = static_cast<int>(i);
    if (!startedEarly[i])
      if (auto started = (*prepared)[i]->start(); !started) return started;
    // A partition under Restart can have its process replaced (restartable_host.hpp).
    if (p_.plan.partitions[i].health.action == plan::HealthAction::Restart)
      hosts.push_back(std::make_unique<RestartableHost>(std::move((*prepared)[i])));
    else
      hosts.push_back(std::move((*prepared)[i]));
    PartitionHost& host = *hosts.back();
    if (p_.trace) p_.trace->setSharesHostClock(index, host.sharesHostClock());
    if (const auto notice = host.isolationNotice(); !notice.empty())
      p_.console.report("partition " + host.name() + ": " + notice);
    if (!startedEarly[i]) p_.io.forwardOutputs(host);
    p_.io.watchExit(host, index);
    awaitStartup(host, index);
  }
  return {};
}

std::expected<std::unique_ptr<PartitionHost>, std::string> PartitionLauncher::relaunch(int partition,
                                                                                     std::uint32_t restart) {
  LaunchContext context = contextFor(partition, cpus(), restart);
  auto host = p_.factory(context);
  if (!host) return std::unexpected(host.error());
  if (auto started = (*host)->startFrozen(); !started) return std::unexpected(started.error());
  p_.io.forwardOutputs(**host);
  p_.io.watchExit(**host, partition);
  return host;
}

// Start-up runs unconstrained (beside any guests still booting); then the
// partition waits for its first window, frozen.
void PartitionLauncher::awaitStartup(PartitionHost& host, int partition) {
  const auto deadline = std::chrono::steady_clock::now() + host.startupLimit();
  while (!p_.health.ended(partition) && !p_.stopRequested.load() && !host.startupComplete()) {
    if (std::chrono::steady_clock::now() > deadline) {
      p_.console.report("partition " + host.name() +
                        " is still busy after its start-up limit; stopping it until its window");
      break;
    }
    p_.io.pump(2);
  }
  p_.io.pump(0);
  host.freeze();
}

}  // namespace bulkhead::supervisor
