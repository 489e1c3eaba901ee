#pragma once
// A VM partition as the supervisor drives it: the same controls as a native
// partition (kernel/partition_host.hpp: start, startupComplete, freeze,
// thaw, terminate, kill, outputs, exitFd, collectExit), backed by a
// QemuPartition. start() builds (or finds cached) the guest module and the
// guest image for the partition's statically linked program, then boots it
// with one ivshmem device per hand-over entry.
//
// Written against the kernel engineer's PartitionHost interface while that
// is not merged: the methods match it one for one, so deriving from
// kernel::PartitionHost is the only change left.
#include "vm/qemu_partition.hpp"
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
};

struct VmPartitionConfig {
  std::string partition;                      // Plan partition name: "producer"
  std::filesystem::path program;              // its statically linked partition program
  std::uint64_t planFingerprint = 0;
  std::vector<VmChannelEndpoint> channels;    // hand-over order
  Accelerator accelerator = Accelerator::Auto;
  std::chrono::milliseconds bootTimeout{300'000};
  std::function<void(const std::string&)> progress;
  std::filesystem::path guestRoot = "/";      // where the Debian packages are installed
};

struct VmExit {
  bool signalled = false;
  int code = 0;
  int signal = 0;
};

class VmPartitionHost {
 public:
  explicit VmPartitionHost(VmPartitionConfig config);
  ~VmPartitionHost();

  const std::string& name() const { return vmName_; }  // "vmproducer"
  std::expected<void, std::string> start();
  // Start-up is over when the partition program waits for its first
  // dispatch (its transport prints a marker then).
  bool startupComplete();
  std::chrono::milliseconds startupLimit() const { return config_.bootTimeout; }
  void freeze();
  void thaw();
  void terminate();
  void kill();
  // The partition program's console lines; prefix "<vm name>: ".
  int outputFd() const;
  std::string outputPrefix() const { return vmName_ + ": "; }
  int exitFd() const;
  // Once ended: how; an error (with the reason and the last console lines)
  // if the VM failed to boot. Empty optional while running.
  std::expected<std::optional<VmExit>, std::string> collectExit();
  pid_t processId() const;

 private:
  VmPartitionConfig config_;
  std::string vmName_;
  std::vector<int> unusedInterrupts_;  // senders' own interrupt eventfds, never written
  std::unique_ptr<QemuPartition> vm_;
  std::string bootFailure_;
};

}  // namespace bulkhead::vm
