#include "vm/qemu_partition.hpp"

#include "base/errno_text.hpp"
#include "base/find_on_path.hpp"
#include "base/spawn.hpp"
#include "contract/environment.hpp"

#include "vm/file_io.hpp"
#include "vm/kvm_probe.hpp"

#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace bulkhead::vm {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::string_view kGuestPrefix = "bulkhead-guest: ";
constexpr int kFirstSlot = 8;
constexpr std::size_t kRecentLines = 40;

// The guest kernel's command line. no_timer_check: on a loaded host TCG can
// be too slow for the kernel's IO-APIC timer check, which then panics (seen
// here at load 15). The rest only shortens the boot under TCG (measured
// with -icount, guest instructions to /init: 1.77 s -> 0.88 s): the crypto
// self-tests (cryptomgr.notests; 0.74 s), the KDF self-test and the loading
// of the kernel's X.509 certificates (0.06 s, 0.13 s), which only check
// module signatures: the guest's modules are loaded whether signed or not.
constexpr std::string_view kGuestKernelOptions =
    "console=ttyS0 quiet panic=-1 no_timer_check cryptomgr.notests "
    "initcall_blacklist=crypto_kdf108_init,load_system_certificate_list";

std::condition_variable gStateChanged;  // one for all VMs: waits re-check their own state


// Serial output carries the firmware's terminal escapes; drop them.
std::string withoutEscapes(const std::string& line) {
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\x1b') {
      if (i + 1 < line.size() && line[i + 1] == '[') {
        i += 2;
        while (i < line.size() && !(line[i] >= '@' && line[i] <= '~')) ++i;
      } else {
        ++i;  // a two-byte escape such as ESC c
      }
      continue;
    }
    if (c == '\r') continue;
    out += c;
  }
  return out;
}

// "[   12.354441] reboot: Power down": the guest kernel's, not the program's.
bool isKernelMessage(const std::string& line) {
  if (line.size() < 4 || line[0] != '[') return false;
  std::size_t close = line.find("] ");
  if (close == std::string::npos) return false;
  for (std::size_t i = 1; i < close; ++i)
    if (!(line[i] == ' ' || line[i] == '.' || (line[i] >= '0' && line[i] <= '9'))) return false;
  return true;
}

bool validCommandLineWord(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text)
    if (c <= ' ' || c == '"' || c > '~') return false;
  return true;
}

}  // namespace

Accelerator chooseAccelerator(Accelerator requested, const KvmProbeSpec& probe,
                              const std::function<void(const std::string&)>& progress) {
  if (requested != Accelerator::Auto) return requested;
  if (const char* forced = std::getenv("BULKHEAD_VM_ACCEL")) {
    if (std::string_view(forced) == "tcg") return Accelerator::Tcg;
    if (std::string_view(forced) == "kvm") return Accelerator::Kvm;
  }
  static std::once_flag reported;
  KvmVerdict verdict = kvmVerdictOnce(probe);
  if (progress)
    std::call_once(reported, [&] {
      progress(std::string(verdict.usable ? "KVM usable: " : "KVM not usable, guests run under TCG: ") +
               verdict.reason + " (decided in " + std::to_string(verdict.took.count()) + " ms)");
    });
  return verdict.usable ? Accelerator::Kvm : Accelerator::Tcg;
}

const char* acceleratorName(Accelerator accelerator) {
  switch (accelerator) {
    case Accelerator::Kvm: return "kvm";
    case Accelerator::Tcg: return "tcg";
    case Accelerator::Auto: break;
  }
  return "auto";
}

VmResult<std::unique_ptr<QemuPartition>> QemuPartition::launch(const QemuPartitionSpec& spec) {
  const std::string vm = "VM " + spec.name + ": ";
  if (spec.name.empty()) return vmFail("VM partition without a name");
  if (spec.endpoints.size() > static_cast<std::size_t>(kMaxEndpoints))
    return vmFail(vm + std::to_string(spec.endpoints.size()) + " channel endpoints; a VM takes at most " +
                  std::to_string(kMaxEndpoints));
  fs::path qemu = spec.qemuProgram.find('/') == std::string::npos ? base::findOnPath(spec.qemuProgram)
                                                                  : fs::path(spec.qemuProgram);
  if (qemu.empty() || ::access(qemu.c_str(), X_OK) != 0)
    return vmFail(vm + "QEMU is not installed: " + spec.qemuProgram +
                  " not found on PATH (install the Debian package qemu-system-x86, or run with --vm=process)");
  if (!fs::exists(spec.kernelImage)) return vmFail(vm + "guest kernel " + spec.kernelImage.string() + " is missing");
  if (!fs::exists(spec.initramfs)) return vmFail(vm + "guest image " + spec.initramfs.string() + " is missing");

  std::string append = std::string(kGuestKernelOptions) + " " + contract::kDevicesVariable + "=" +
                       std::to_string(spec.endpoints.size());
  for (const auto& [key, value] : spec.environment) {
    if (!validCommandLineWord(key) || !validCommandLineWord(value) || key.find('=') != std::string::npos ||
        key.find('.') != std::string::npos)
      return vmFail(vm + "environment " + key + "=" + value +
                    " cannot cross the kernel command line (no spaces, quotes, dots in names or empty values)");
    append += " " + key + "=" + value;
  }

  std::unique_ptr<QemuPartition> self(new QemuPartition());
  self->spec_ = spec;
  self->spec_.qemuProgram = qemu.string();
  self->name_ = spec.name;
  KvmProbeSpec probe;
  probe.kernelImage = spec.kernelImage;
  probe.qemuProgram = qemu.string();
  self->accelerator_ = chooseAccelerator(spec.accelerator, probe, spec.progress);
  self->kvmChosenAutomatically_ = spec.accelerator == Accelerator::Auto && self->accelerator_ == Accelerator::Kvm &&
                                  !std::getenv("BULKHEAD_VM_ACCEL");
  self->bootTimeout_ = spec.bootTimeout;
  std::string tmpl = (fs::temp_directory_path() / "bulkhead-vm-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) return vmFail(vm + base::errnoText("mkdtemp"));
  self->socketDir_ = tmpl;
  self->append_ = append;
  // Created once: they stay the same across a restart under TCG.
  int console[2];
  if (::pipe2(console, O_CLOEXEC) != 0) return vmFail(vm + base::errnoText("pipe2"));
  self->consoleRead_ = console[0];
  self->consoleWrite_ = console[1];
  self->exitEvent_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (self->exitEvent_ < 0) return vmFail(vm + base::errnoText("eventfd"));
  if (auto started = self->start(); !started) return std::unexpected(started.error());
  return self;
}

VmResult<void> QemuPartition::start() {
  const QemuPartitionSpec& spec = spec_;
  const std::string vm = "VM " + spec.name + ": ";
  servers_.clear();
  std::vector<std::string> argv = {spec.qemuProgram, "-name", spec.name, "-M", "pc", "-accel",
                                   acceleratorName(accelerator_), "-m", std::to_string(spec.memoryMiB),
                                   // No firmware option ROMs, NIC or VGA: the guest needs a serial port only.
                                   "-nodefaults", "-display", "none", "-serial", "stdio", "-no-reboot",
                                   "-kernel", spec.kernelImage.string(), "-initrd", spec.initramfs.string(),
                                   "-append", append_};
  for (std::size_t i = 0; i < spec.endpoints.size(); ++i) {
    fs::path socket = socketDir_ / ("channel" + std::to_string(i) + ".sock");
    auto server = IvshmemServer::listen(socket, spec.endpoints[i]);
    if (!server) return vmFail(vm + "channel device " + std::to_string(i) + ": " + server.error().message);
    std::string id = "channel" + std::to_string(i);
    char slot[8];
    std::snprintf(slot, sizeof slot, "0x%02x", kFirstSlot + static_cast<int>(i));
    argv.insert(argv.end(), {"-chardev", "socket,path=" + socket.string() + ",id=" + id, "-device",
                             "ivshmem-doorbell,chardev=" + id + ",vectors=" + std::to_string((*server)->vectors()) +
                                 ",addr=" + slot});
    servers_.push_back(std::move(*server));
  }

  int input[2], output[2];
  if (::pipe2(input, O_CLOEXEC) != 0 || ::pipe2(output, O_CLOEXEC) != 0) return vmFail(vm + base::errnoText("pipe2"));
  qemuInput_ = input[1];
  qemuOutput_ = output[0];

  // QEMU gets its channels through the sockets only, nothing else of ours.
  base::SpawnOptions console;
  console.dup2 = {{input[0], 0}, {output[1], 1}, {output[1], 2}};
  console.closeFrom3 = true;
  if (spec.progress)
    spec.progress("partition " + spec.name + ": booting the guest under QEMU (" +
                  (accelerator_ == Accelerator::Kvm ? std::string("KVM") : std::string("TCG, no usable KVM")) +
                  ", " + std::to_string(spec.endpoints.size()) + " channel devices)");
  launched_ = Clock::now();
  lastProgress_ = launched_;
  {
    std::lock_guard lock(mutex_);
    state_ = GuestState::Booting;
    recentLines_.clear();
  }
  auto spawned = base::spawnProcess(spec.qemuProgram, argv, console);
  ::close(input[0]);
  ::close(output[1]);
  if (!spawned) {
    pid_ = -1;
    return vmFail(vm + spawned.error());
  }
  pid_ = *spawned;
  consoleThread_ = std::thread([this] { readConsole(); });

  QemuPartition* raw = this;
  auto alive = [raw] {
    siginfo_t info{};
    return ::waitid(P_PID, static_cast<id_t>(raw->pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0;
  };
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  for (std::size_t i = 0; i < servers_.size(); ++i) {
    if (auto served = servers_[i]->serve(deadline, alive); !served) {
      // Let the console thread collect QEMU's last words before reporting.
      for (int n = 0; n < 20 && alive(); ++n) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      return vmFail(vm + "channel device " + std::to_string(i) + ": " + served.error().message +
                    failureReport());
    }
  }
  return {};
}

void QemuPartition::stopProcess(bool restarting) {
  restarting_ = restarting;
  if (pid_ > 0 && !exitStatus_) {
    ::kill(pid_, SIGKILL);
    ::kill(pid_, SIGCONT);
    base::waitForExit(pid_);
  }
  pid_ = -1;
  if (consoleThread_.joinable()) consoleThread_.join();
  restarting_ = false;
  for (int* fd : {&qemuOutput_, &qemuInput_}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
  servers_.clear();
}

QemuPartition::~QemuPartition() {
  stopProcess(false);
  for (int fd : {consoleRead_, consoleWrite_, exitEvent_})
    if (fd >= 0) ::close(fd);
  std::error_code ec;
  if (!socketDir_.empty()) fs::remove_all(socketDir_, ec);
}

void QemuPartition::readConsole() {
  std::string pending;
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(qemuOutput_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buffer, static_cast<std::size_t>(n));
    std::size_t newline;
    while ((newline = pending.find('\n')) != std::string::npos) {
      handleLine(pending.substr(0, newline));
      pending.erase(0, newline + 1);
    }
  }
  if (!pending.empty()) handleLine(pending);
  if (restarting_) return;  // the same VM boots again (KVM fallback)
  {
    std::lock_guard lock(mutex_);
    state_ = GuestState::Exited;
    ::close(consoleWrite_);  // the forwarder sees end-of-file
    consoleWrite_ = -1;
  }
  ::eventfd_write(exitEvent_, 1);
  gStateChanged.notify_all();
}

void QemuPartition::handleLine(std::string raw) {
  std::string line = withoutEscapes(raw);
  std::unique_lock lock(mutex_);
  recentLines_.push_back(line);
  if (recentLines_.size() > kRecentLines) recentLines_.pop_front();
  if (line.starts_with(kGuestPrefix)) {
    std::string message = line.substr(kGuestPrefix.size());
    if (message == "up") {
      state_ = GuestState::Up;
    } else if (message == "waiting") {
      if (state_ == GuestState::Up) state_ = GuestState::Waiting;
    } else if (message.starts_with("error: ")) {
      guestError_ = message.substr(7);
    } else if (message.starts_with("partition exited with status ")) {
      programExit_ = std::atoi(message.c_str() + 29);
    }
    lock.unlock();
    gStateChanged.notify_all();
    return;
  }
  if (line.starts_with("qemu-system-")) {
    qemuErrors_.push_back(line);
    return;
  }
  if ((state_ == GuestState::Up || state_ == GuestState::Waiting) && !programExit_ && !isKernelMessage(line)) {
    line += '\n';
    // Blocking on purpose: a slow forwarder slows the guest's console
    // (back-pressure through QEMU's serial port) rather than losing lines.
    [[maybe_unused]] ssize_t n = ::write(consoleWrite_, line.data(), line.size());
  }
}

GuestState QemuPartition::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

VmResult<bool> QemuPartition::pollUp() {
  std::unique_lock lock(mutex_);
  if (state_ == GuestState::Up || state_ == GuestState::Waiting) return true;
  if (state_ == GuestState::Exited || !guestError_.empty()) {
    lock.unlock();
    return vmFail("VM " + name_ + ": the guest stopped while booting" + failureReport() + "\n  last console lines:\n" +
                  lastConsoleLines());
  }
  lock.unlock();
  if (kvmChosenAutomatically_ && Clock::now() >= launched_ + spec_.kvmBootLimit) {
    rememberKvmUnusable("the guest passed the KVM probe but did not boot under KVM within " +
                        std::to_string(spec_.kvmBootLimit.count() / 1000) + " s");
    if (spec_.progress)
      spec_.progress("partition " + name_ + ": the guest did not boot under KVM within " +
                     std::to_string(spec_.kvmBootLimit.count() / 1000) +
                     " s; restarting it under TCG (remembered for this host)");
    stopProcess(true);
    kvmChosenAutomatically_ = false;
    accelerator_ = Accelerator::Tcg;
    if (auto started = start(); !started) return std::unexpected(started.error());
    return false;
  }
  if (spec_.progress && Clock::now() >= lastProgress_ + std::chrono::seconds(10)) {
    lastProgress_ = Clock::now();
    spec_.progress("partition " + name_ + ": still booting (" +
                   std::to_string(std::chrono::duration_cast<std::chrono::seconds>(lastProgress_ - launched_).count()) +
                   " s)");
  }
  if (Clock::now() >= launched_ + bootTimeout_)
    return vmFail("VM " + name_ + ": the guest did not come up within " + std::to_string(bootTimeout_.count() / 1000) +
                  " s" + failureReport() + "\n  last console lines:\n" + lastConsoleLines());
  return false;
}

VmResult<std::chrono::milliseconds> QemuPartition::waitUntilUp() {
  for (;;) {
    auto up = pollUp();
    if (!up) return std::unexpected(up.error());
    if (*up) return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - launched_);
    std::unique_lock lock(mutex_);
    if (state_ == GuestState::Booting && guestError_.empty())
      gStateChanged.wait_for(lock, std::chrono::milliseconds(200));
  }
}

VmResult<void> QemuPartition::waitUntilWaiting(std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  std::unique_lock lock(mutex_);
  while (state_ != GuestState::Waiting) {
    if (state_ == GuestState::Exited) {
      lock.unlock();
      return vmFail("VM " + name_ + ": the guest stopped before its first dispatch" + failureReport());
    }
    if (Clock::now() >= deadline) return vmFail("VM " + name_ + ": the partition program did not start waiting in time");
    gStateChanged.wait_for(lock, std::chrono::milliseconds(200));
  }
  return {};
}

void QemuPartition::freeze() {
  if (pid_ > 0) ::kill(pid_, SIGSTOP);
}

void QemuPartition::thaw() {
  if (pid_ > 0) ::kill(pid_, SIGCONT);
}

void QemuPartition::terminate() {
  static constexpr char kStop[] = "bulkhead-stop\n";
  if (qemuInput_ >= 0) [[maybe_unused]] ssize_t n = ::write(qemuInput_, kStop, sizeof kStop - 1);
}

void QemuPartition::kill() {
  if (pid_ > 0 && !exitStatus_) ::kill(pid_, SIGKILL);
}

std::optional<int> QemuPartition::collectExit() {
  if (exitStatus_ || pid_ <= 0) return exitStatus_;
  int status = 0;
  // Once QEMU's output has ended it is exiting: then wait for it.
  const bool ended = state() == GuestState::Exited;
  pid_t done;
  while ((done = ::waitpid(pid_, &status, ended ? 0 : WNOHANG)) < 0 && errno == EINTR) {
  }
  if (done != pid_) return std::nullopt;
  if (consoleThread_.joinable()) consoleThread_.join();  // QEMU gone: its output ends
  int qemuStatus = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::lock_guard lock(mutex_);
  exitStatus_ = (qemuStatus == 0 && programExit_) ? *programExit_ : qemuStatus;
  return exitStatus_;
}

std::string QemuPartition::failureReport() const {
  std::lock_guard lock(mutex_);
  std::string report;
  if (!guestError_.empty()) report += "\n  guest: " + guestError_;
  for (const std::string& line : recentLines_)
    if (line.find("Kernel panic") != std::string::npos) report += "\n  guest kernel: " + line;
  for (const std::string& e : qemuErrors_) report += "\n  " + e;
  return report;
}

std::string QemuPartition::lastConsoleLines(std::size_t lines) const {
  std::lock_guard lock(mutex_);
  std::string out;
  std::size_t start = recentLines_.size() > lines ? recentLines_.size() - lines : 0;
  for (std::size_t i = start; i < recentLines_.size(); ++i) {
    if (recentLines_[i].empty()) continue;
    out += "    | " + recentLines_[i] + "\n";
  }
  if (out.empty()) out = "    (none)\n";
  return out;
}

}  // namespace bulkhead::vm
