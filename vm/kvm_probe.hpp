#pragma once
// Whether KVM can boot the guest kernel on this host, decided within a
// bounded time (design section 6) and remembered per host kernel release.
//
// /dev/kvm opening and creating a VM is not enough: under a nested
// paravirtual hypervisor (PVM: /dev/kvm present, no VMX/SVM in cpuid) KVM
// accepts a VM and the stock guest kernel then hangs after decompression.
// In order:
//   1. /dev/kvm must open and create a VM;
//   2. the CPU must report VMX or SVM (cpuid): KVM without them is not
//      hardware KVM and cannot boot a stock kernel;
//   3. a verdict remembered in the cache (kvm-usable-<host release> or
//      kvm-unusable-<host release>);
//   4. a probe boot: the guest kernel under KVM with no initramfs, which
//      must reach its "Kernel panic ... unable to mount root" (the whole
//      kernel start-up) within the limit. A kernel that printed nothing in
//      that time is hung (remembered); one that was printing but slow
//      (a loaded host), or a QEMU that stopped, is not remembered: this
//      run uses TCG, the next probes again.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace bulkhead::vm {

struct KvmVerdict {
  bool usable = false;
  std::string reason;         // one line, for the run's progress report
  bool remembered = false;    // read from the cache rather than decided now
  std::chrono::milliseconds took{0};
};

struct KvmProbeSpec {
  std::filesystem::path kernelImage;               // the guest kernel (linux-image-amd64)
  std::string qemuProgram = "qemu-system-x86_64";  // a name looked up on PATH, or a path
  std::chrono::milliseconds limit{5000};           // the probe boot's bound, QEMU's start included
  bool checkHost = true;  // steps 1 and 2; tests of the probe boot alone turn them off
  bool useCache = true;   // step 3, and remembering the outcome
};

// What cpuid says: VMX (Intel) or SVM (AMD) present.
bool cpuHasHardwareVirtualisation();

// Steps 1 to 4 above, every time it is called.
KvmVerdict probeKvm(const KvmProbeSpec& spec);

// probeKvm once per process: VMs launched side by side wait for one probe.
KvmVerdict kvmVerdictOnce(const KvmProbeSpec& spec);

// The cache file holding this host's remembered verdict, if any.
std::optional<std::filesystem::path> rememberedKvmVerdictFile();

// Remembers that KVM cannot boot the guest here (a guest that hung under
// KVM after the probe passed).
void rememberKvmUnusable(const std::string& why);

}  // namespace bulkhead::vm
