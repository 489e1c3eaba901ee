#pragma once
// A partition under the Restart health policy (health_report.hpp), as the
// rest of the supervisor sees it: one PartitionHost whose process may be
// replaced. A restart (a new host, started frozen, recovery.hpp) waits as
// `pending` until the schedule walk next releases the partition: that
// thaw() takes it over, so the new life starts at the partition's next
// window and nowhere else. Every life is kept until the run ends (its
// pipes and cgroup go with it).
//
// Threads: the I/O thread adds lives (setPending); the walk's thaw() takes
// one over; everyone else sees the current life. The I/O thread watches
// each life's exit and output itself, not through this host.
#include "supervisor/partition_host.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace bulkhead::supervisor {

class RestartableHost final : public PartitionHost {
 public:
  explicit RestartableHost(std::unique_ptr<PartitionHost> first);

  // A restart, started frozen, to take over at the next thaw().
  void setPending(std::unique_ptr<PartitionHost> next);
  // Shutdown: a restart never released never ran; it is no longer taken
  // over (returned for the caller to kill), or null.
  PartitionHost* takePending() { return pending_.exchange(nullptr); }
  // A restart waits to take over: the current life has ended.
  bool restartPending() const { return pending_.load() != nullptr; }

  const std::string& name() const override { return current().name(); }
  std::expected<void, std::string> start() override { return current().start(); }
  bool startupComplete() override { return current().startupComplete(); }
  std::chrono::milliseconds startupLimit() const override { return current().startupLimit(); }
  // A restart waiting to take over has not ended.
  bool hasExited() override { return pending_.load() == nullptr && current().hasExited(); }
  void freeze() override { current().freeze(); }
  void thaw() override;
  void terminate() override { current().terminate(); }
  void kill() override { current().kill(); }
  std::vector<OutputSource> outputs() const override { return current().outputs(); }
  int exitFd() const override { return current().exitFd(); }
  std::expected<ExitStatus, std::string> collectExit() override { return current().collectExit(); }
  pid_t processId() const override { return current().processId(); }
  std::optional<CpuAccount> cpuAccount() const override { return current().cpuAccount(); }
  bool sharesHostClock() const override { return current().sharesHostClock(); }
  bool bootsInParallel() const override { return current().bootsInParallel(); }
  RestartableHost* restartable() override { return this; }
  std::string isolationNotice() const override { return current().isolationNotice(); }

 private:
  PartitionHost& current() const { return *current_.load(std::memory_order_acquire); }

  std::mutex livesMutex_;
  std::vector<std::unique_ptr<PartitionHost>> lives_;  // every life, the first one first
  std::atomic<PartitionHost*> current_{nullptr};
  std::atomic<PartitionHost*> pending_{nullptr};
};

}  // namespace bulkhead::supervisor
