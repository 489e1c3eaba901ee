#pragma once
// A VM partition as the supervisor drives it: the same controls as a native
// partition (supervisor::PartitionHost: start, startupComplete, freeze, thaw,
// terminate, kill, outputs, exitFd, collectExit), backed by a
// QemuPartition. start() builds (or finds cached) the guest module and the
// guest image for the partition's statically linked program, then boots it
// with one ivshmem device per hand-over entry.
#include "supervisor/partition_host.hpp"
#include "vm/qemu_partition.hpp"
#include "vm/qemu_cpu_account.hpp"
#include "vm/vm_error.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::vm {

// One hand-over entry of the VM (team contract order).
struct VmChannelEndpoint {
  int memoryFd = -1;     // the channel region, read-write even for receivers: QEMU maps it shared
  int eventFd = -1;      // the entry's eventfd: senders ring it, receivers are woken through it
  bool sending = false;
  bool ownsMemoryFd = false;  // the host closes these when it ends
  bool ownsEventFd = false;
};

struct VmPartitionConfig {
  std::string partition;                      // Plan partition name: "producer"
  std::filesystem::path program;              // its statically linked partition program
  std::uint64_t planFingerprint = 0;          // BULKHEAD_PLAN_FINGERPRINT (contract/environment.hpp)
  double timeScale = 1.0;                     // BULKHEAD_TIME_SCALE
  std::vector<VmChannelEndpoint> channels;    // hand-over order
  Accelerator accelerator = Accelerator::Auto;
  std::chrono::milliseconds bootTimeout{300'000};
  std::function<void(const std::string&)> progress;
  std::filesystem::path guestRoot = "/";      // where the Debian packages are installed
};

class VmPartitionHost final : public supervisor::PartitionHost {
 public:
  // `cpuGroup`: a cgroup for QEMU's CPU account (qemu_cpu_account.hpp);
  // null: none, the starvation watch does not measure this partition.
  explicit VmPartitionHost(VmPartitionConfig config, std::unique_ptr<supervisor::Freezer> cpuGroup = nullptr);
  ~VmPartitionHost() override;

  const std::string& name() const override { return vmName_; }  // "vmproducer"
  std::expected<void, std::string> start() override;
  // Start-up is over when the partition program waits for its first
  // dispatch (its transport prints a marker then).
  bool startupComplete() override;
  std::chrono::milliseconds startupLimit() const override { return config_.bootTimeout; }
  void freeze() override;  // SIGSTOP of QEMU: vCPU and device model stop together
  void thaw() override;
  void terminate() override;  // the guest SIGTERMs its program: finalise, exit, power off
  void kill() override;
  // The partition program's console lines, prefixed "<vm name>: ".
  std::vector<supervisor::OutputSource> outputs() const override;
  int outputFd() const;
  std::string outputPrefix() const { return vmName_ + ": "; }
  int exitFd() const override;
  // Once QEMU has ended: the program's exit status as the guest reported it;
  // an error (with the reason and the last console lines) if the VM failed
  // to boot or QEMU died.
  std::expected<supervisor::ExitStatus, std::string> collectExit() override;
  pid_t processId() const override;
  // QEMU's cgroup's (qemu_cpu_account.hpp): the starvation watch finds the
  // windows the host starved; the CPU budget leaves it out (the emulator's
  // CPU is no measure of the program's Compute_Execution_Time).
  std::optional<supervisor::CpuAccount> cpuAccount() const override;
  bool sharesHostClock() const override { return false; }  // the guest kernel keeps its own
  bool bootsInParallel() const override { return true; }   // seconds under TCG, on a core of its own

 private:
  // Moves QEMU's current process into the account's cgroup, if any.
  std::expected<void, std::string> followQemu();

  VmPartitionConfig config_;
  std::string vmName_;
  std::vector<int> unusedInterrupts_;  // senders' own interrupt eventfds, never written
  std::unique_ptr<QemuPartition> vm_;
  std::string bootFailure_;
  std::optional<QemuCpuAccount> cpuAccount_;
};

}  // namespace bulkhead::vm
