#include "vm/kvm_probe.hpp"

#include "base/errno_text.hpp"
#include "base/find_on_path.hpp"
#include "base/spawn.hpp"
#include "vm/file_io.hpp"

#include <cerrno>
#include <cpuid.h>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <linux/kvm.h>
#include <mutex>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace bulkhead::vm {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::string_view kUsable = "kvm-usable-";
constexpr std::string_view kUnusable = "kvm-unusable-";  // the name earlier versions wrote

bool devKvmCreatesVm() {
  int kvm = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (kvm < 0) return false;
  bool usable = ::ioctl(kvm, KVM_GET_API_VERSION, 0) == KVM_API_VERSION;
  if (usable) {
    int machine = ::ioctl(kvm, KVM_CREATE_VM, 0);
    usable = machine >= 0;
    if (machine >= 0) ::close(machine);
  }
  ::close(kvm);
  return usable;
}

std::string hostRelease() {
  utsname host{};
  ::uname(&host);
  return host.release;
}

std::optional<fs::path> markerFile(std::string_view kind) {
  auto cache = cacheDirectory();
  if (!cache) return std::nullopt;
  return *cache / (std::string(kind) + hostRelease());
}

void remember(bool usable, const std::string& reason) {
  auto marker = markerFile(usable ? kUsable : kUnusable);
  auto other = markerFile(usable ? kUnusable : kUsable);
  if (!marker || !other) return;
  std::error_code ec;
  fs::remove(*other, ec);
  const std::string text = reason + "\n";
  [[maybe_unused]] auto written = writeFileAtomically(*marker, std::as_bytes(std::span(text.data(), text.size())));
}

std::optional<KvmVerdict> remembered() {
  for (bool usable : {false, true}) {
    auto marker = markerFile(usable ? kUsable : kUnusable);
    std::error_code ec;
    if (!marker || !fs::exists(*marker, ec)) continue;
    auto bytes = readWholeFile(*marker);
    std::string reason = bytes ? std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size()) : "";
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == '\r')) reason.pop_back();
    return KvmVerdict{usable, "remembered for this host (" + marker->filename().string() + "): " + reason, true, {}};
  }
  return std::nullopt;
}

// "[    1.234567] ..." : a kernel log line, so the kernel was running.
bool isKernelLogLine(std::string_view line) {
  std::size_t close = line.find("] ");
  if (line.size() < 4 || line[0] != '[' || close == std::string_view::npos) return false;
  for (std::size_t i = 1; i < close; ++i)
    if (!(line[i] == ' ' || line[i] == '.' || (line[i] >= '0' && line[i] <= '9'))) return false;
  return true;
}

struct BootOutcome {
  bool reachedRootMount = false;  // "Kernel panic - not syncing: VFS: ..." seen
  bool kernelPrinted = false;     // at least one kernel log line
  bool timedOut = false;
  int exitStatus = -1;
  std::string startError;  // QEMU could not be started
  std::string lastLine;
};

// The guest kernel under KVM, without an initramfs, until it panics for want
// of a root file system (then -no-reboot makes QEMU exit) or the limit.
BootOutcome probeBoot(const KvmProbeSpec& spec) {
  BootOutcome outcome;
  fs::path qemu = spec.qemuProgram.find('/') == std::string::npos ? base::findOnPath(spec.qemuProgram)
                                                                  : fs::path(spec.qemuProgram);
  if (qemu.empty()) {
    outcome.startError = spec.qemuProgram + " not found on PATH";
    return outcome;
  }
  std::vector<std::string> argv = {qemu.string(), "-M", "pc", "-accel", "kvm", "-m", "128", "-nodefaults",
                                   "-display", "none", "-serial", "stdio", "-no-reboot", "-kernel",
                                   spec.kernelImage.string(), "-append", "console=ttyS0 panic=-1 no_timer_check"};
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    outcome.startError = base::errnoText("pipe2");
    return outcome;
  }
  int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  base::SpawnOptions options;
  if (devNull >= 0) options.dup2.push_back({devNull, 0});
  options.dup2.push_back({out[1], 1});
  options.dup2.push_back({out[1], 2});
  auto spawned = base::spawnProcess(qemu, argv, options);
  ::close(out[1]);
  if (devNull >= 0) ::close(devNull);
  if (!spawned) {
    ::close(out[0]);
    outcome.startError = spawned.error();
    return outcome;
  }
  const pid_t pid = *spawned;

  const auto deadline = Clock::now() + spec.limit;
  std::string pending;
  auto takeLine = [&](std::string line) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) return;
    outcome.lastLine = line;
    if (isKernelLogLine(line)) outcome.kernelPrinted = true;
    if (line.find("Kernel panic - not syncing: VFS:") != std::string::npos) outcome.reachedRootMount = true;
  };
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      outcome.timedOut = true;
      break;
    }
    pollfd p{out[0], POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // the loop re-checks the deadline
    char buffer[4096];
    ssize_t n = ::read(out[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // QEMU exited
    pending.append(buffer, static_cast<std::size_t>(n));
    for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
      takeLine(pending.substr(0, nl));
      pending.erase(0, nl + 1);
    }
    if (outcome.reachedRootMount) break;  // decided: no need to wait for the reboot
  }
  if (!pending.empty()) takeLine(pending);
  ::close(out[0]);
  ::kill(pid, SIGKILL);  // harmless if it already exited
  const int status = base::waitForExit(pid);
  outcome.exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return outcome;
}

}  // namespace

bool cpuHasHardwareVirtualisation() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  bool vmx = __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 5)) != 0;
  bool svm = __get_cpuid(0x80000001u, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 2)) != 0;
  return vmx || svm;
}

std::optional<fs::path> rememberedKvmVerdictFile() {
  for (std::string_view kind : {kUnusable, kUsable}) {
    auto marker = markerFile(kind);
    std::error_code ec;
    if (marker && fs::exists(*marker, ec)) return marker;
  }
  return std::nullopt;
}

void rememberKvmUnusable(const std::string& why) { remember(false, why); }

KvmVerdict probeKvm(const KvmProbeSpec& spec) {
  const auto start = Clock::now();
  auto verdict = [&](bool usable, std::string reason) {
    return KvmVerdict{usable, std::move(reason), false,
                      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start)};
  };
  if (spec.checkHost) {
    if (!devKvmCreatesVm()) return verdict(false, "/dev/kvm cannot create a VM (absent, no permission, or no KVM)");
    if (!cpuHasHardwareVirtualisation())
      return verdict(false,
                     "/dev/kvm is there but the CPU reports neither VMX nor SVM: a nested paravirtual hypervisor "
                     "(PVM), which cannot boot a stock guest kernel");
  }
  if (spec.useCache)
    if (auto known = remembered()) {
      known->took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
      return *known;
    }

  const std::string limit = std::to_string(spec.limit.count()) + " ms";
  BootOutcome boot = probeBoot(spec);
  if (!boot.startError.empty()) return verdict(false, "the KVM probe boot could not start QEMU: " + boot.startError);
  std::string reason;
  bool usable = false, definite = true;
  if (boot.reachedRootMount) {
    usable = true;
    reason = "the guest kernel booted under KVM in the probe";
  } else if (boot.timedOut && !boot.kernelPrinted) {
    reason = "the guest kernel printed nothing under KVM within " + limit + " (it hangs: nested KVM?)";
  } else if (boot.timedOut) {
    definite = false;  // slow rather than broken: a loaded host; probe again next run
    reason = "the guest kernel did not finish starting under KVM within " + limit + " (last line: " + boot.lastLine + ")";
  } else {
    definite = false;  // QEMU's own failure (a flag, a permission) says nothing lasting about KVM
    reason = "QEMU stopped during the KVM probe boot (status " + std::to_string(boot.exitStatus) +
             (boot.lastLine.empty() ? std::string() : ", last line: " + boot.lastLine) + ")";
  }
  if (spec.useCache && definite) remember(usable, reason);
  return verdict(usable, reason);
}

KvmVerdict kvmVerdictOnce(const KvmProbeSpec& spec) {
  static std::mutex mutex;
  static std::optional<KvmVerdict> decided;
  std::lock_guard lock(mutex);
  if (!decided) decided = probeKvm(spec);
  return *decided;
}

}  // namespace bulkhead::vm
