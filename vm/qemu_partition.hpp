#pragma once
// One VM partition: a QEMU process running the partition's guest image,
// with one ivshmem-doorbell device per channel endpoint (hand-over order, so
// the guest sees /dev/uio0.. in that order), its serial console forwarded
// line by line, and the usual partition controls (freeze/thaw at window
// boundaries, terminate, kill).
//
// The console is read by a thread of ours: boot noise (firmware, kernel)
// is kept only for error reports, the guest's "bulkhead-guest:" lines drive
// the state (up, waiting for its first dispatch, exit status), and every
// line the partition program prints goes to consoleFd(), a pipe the caller
// forwards.
#include "vm/ivshmem_server.hpp"
#include "vm/kvm_probe.hpp"
#include "vm/vm_error.hpp"

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace bulkhead::vm {

enum class Accelerator { Auto, Kvm, Tcg };

// KVM when it can boot the guest kernel here (kvm_probe.hpp: decided
// within 5 s, once per process, remembered per host), else TCG (the
// software emulator). BULKHEAD_VM_ACCEL=kvm|tcg overrides. `progress`
// gets one line with the verdict, its reason and how long it took.
Accelerator chooseAccelerator(Accelerator requested, const KvmProbeSpec& probe,
                              const std::function<void(const std::string&)>& progress = {});
const char* acceleratorName(Accelerator accelerator);

struct QemuPartitionSpec {
  std::string name;                                // the VM's name: console lines are prefixed "<name>: "
  std::filesystem::path kernelImage;
  std::filesystem::path initramfs;
  std::vector<IvshmemEndpoint> endpoints;          // hand-over order
  std::vector<std::pair<std::string, std::string>> environment;  // the partition program's, via the kernel command line
  Accelerator accelerator = Accelerator::Auto;
  int memoryMiB = 256;
  std::chrono::milliseconds bootTimeout{300'000};  // launch to the program's start (TCG on a loaded host: 60 s measured)
  // A safety net behind the KVM probe (kvm_probe.hpp), which catches hosts
  // whose KVM hangs the guest kernel: chosen automatically, KVM gets this
  // long to boot; then the VM is restarted under TCG and the host
  // remembered as such in the cache.
  std::chrono::milliseconds kvmBootLimit{15'000};
  std::string qemuProgram = "qemu-system-x86_64";  // looked up on PATH
  std::function<void(const std::string&)> progress;  // progress lines; none if empty
};

enum class GuestState { Booting, Up, Waiting, Exited };

class QemuPartition {
 public:
  static constexpr int kMaxEndpoints = 24;  // PCI slots 8..31 of bus 0

  static VmResult<std::unique_ptr<QemuPartition>> launch(const QemuPartitionSpec& spec);
  ~QemuPartition();
  QemuPartition(const QemuPartition&) = delete;
  QemuPartition& operator=(const QemuPartition&) = delete;

  const std::string& name() const { return name_; }
  pid_t processId() const { return pid_; }
  Accelerator accelerator() const { return accelerator_; }
  // Read end of the partition program's console lines (no prefix, one per line).
  int consoleFd() const { return consoleRead_; }
  // Becomes readable when QEMU has exited (the same fd for the VM's whole
  // life, a restart under TCG included; so is consoleFd()).
  int exitFd() const { return exitEvent_; }

  GuestState state() const;
  // Blocks until the partition program has started (Up), or fails with the
  // reason and the last console lines: QEMU died, the guest stopped with an
  // error, or the boot timeout passed.
  VmResult<std::chrono::milliseconds> waitUntilUp();
  // The same without blocking: true once up, false while booting (after a
  // KVM boot that hangs, this restarts the VM under TCG).
  VmResult<bool> pollUp();
  // Blocks until the partition program waits for its first dispatch.
  VmResult<void> waitUntilWaiting(std::chrono::milliseconds limit);

  void freeze();     // SIGSTOP: every QEMU thread, vCPU included, stops
  void thaw();       // SIGCONT
  void terminate();  // asks the guest to SIGTERM its partition program (finalise, exit 0), then power off
  void kill();       // SIGKILL to QEMU

  // Once QEMU has exited: its exit status, or the partition program's when
  // the guest reported one. Empty while running.
  std::optional<int> collectExit();
  // Why the VM ended early, with the last console lines (empty if it did not).
  std::string failureReport() const;
  // The last console lines, boot messages included.
  std::string lastConsoleLines(std::size_t lines = 12) const;

 private:
  QemuPartition() = default;
  VmResult<void> start();
  void stopProcess(bool restarting);
  void readConsole();
  void handleLine(std::string line);

  QemuPartitionSpec spec_;
  bool kvmChosenAutomatically_ = false;
  std::string name_;
  Accelerator accelerator_ = Accelerator::Tcg;
  std::chrono::steady_clock::time_point launched_;
  std::chrono::steady_clock::time_point lastProgress_;
  std::chrono::milliseconds bootTimeout_{};
  pid_t pid_ = -1;
  int exitEvent_ = -1;     // eventfd written when QEMU's output ends
  int qemuOutput_ = -1;    // QEMU's stdout+stderr (read by the console thread)
  int qemuInput_ = -1;     // QEMU's stdin = the guest's serial input
  int consoleRead_ = -1;
  int consoleWrite_ = -1;
  std::string append_;  // the kernel command line
  std::filesystem::path socketDir_;
  std::vector<std::unique_ptr<IvshmemServer>> servers_;
  std::thread consoleThread_;
  std::atomic<bool> restarting_{false};

  mutable std::mutex mutex_;
  GuestState state_ = GuestState::Booting;
  std::deque<std::string> recentLines_;
  std::string guestError_;
  std::vector<std::string> qemuErrors_;
  std::optional<int> programExit_;
  std::optional<int> exitStatus_;
};

}  // namespace bulkhead::vm
