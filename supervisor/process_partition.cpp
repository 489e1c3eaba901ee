#include "supervisor/process_partition.hpp"

#include "base/errno_text.hpp"
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include "supervisor/pidfd.hpp"
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

namespace bulkhead::supervisor {
namespace {

// Spare fd numbers below the fd rlimit, for what the runtime opens itself
// (epoll, timers) and what the sanitizer runtimes need.
constexpr unsigned kSpareFds = 64;

void closeIfOpen(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Child side: no allocation, so the message is written in pieces.
[[noreturn]] void childFail(int errorFd, const char* what, int error) {
  const char* reason = ::strerrordesc_np(error);
  for (const char* piece : {what, ": ", reason ? reason : "unknown error"})
    [[maybe_unused]] auto n = ::write(errorFd, piece, std::strlen(piece));
  ::_exit(127);
}

bool readFully(int fd, void* buffer, size_t bytes) {
  auto* p = static_cast<char*>(buffer);
  while (bytes > 0) {
    ssize_t n = ::read(fd, p, bytes);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    bytes -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

ProcessPartition::ProcessPartition(ProcessLaunch launch, std::unique_ptr<Freezer> freezer)
    : launch_(std::move(launch)), freezer_(std::move(freezer)) {}

ProcessPartition::~ProcessPartition() {
  if (pid_ > 0 && !reaped_) {
    pidfdSignal(pidFd_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  freezer_.reset();  // its cgroup can go once the process is gone
  closeIfOpen(pidFd_);
  closeIfOpen(stdoutFd_);
  closeIfOpen(stderrFd_);
}

std::expected<void, std::string> ProcessPartition::start() {
  int execFd = ::open(launch_.program.c_str(), O_PATH | O_CLOEXEC);
  if (execFd < 0)
    return std::unexpected(base::errnoText("partition " + launch_.name + ": cannot open program " + launch_.program.string()));
  int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int outPipe[2], errPipe[2], syncPipe[2], errorPipe[2];
  if (devNull < 0 || ::pipe2(outPipe, O_CLOEXEC) != 0 || ::pipe2(errPipe, O_CLOEXEC) != 0 ||
      ::pipe2(syncPipe, O_CLOEXEC) != 0 || ::pipe2(errorPipe, O_CLOEXEC) != 0)
    return std::unexpected(base::errnoText("partition " + launch_.name + ": cannot create pipes"));

  // Everything the child needs, allocated now: after clone it may not.
  ChildSetup setup;
  setup.programName = launch_.program.filename().string();
  setup.argv.push_back(setup.programName.data());
  for (auto& a : launch_.arguments) setup.argv.push_back(a.data());
  setup.argv.push_back(nullptr);
  for (auto& e : launch_.environment) setup.envp.push_back(e.data());
  setup.envp.push_back(nullptr);
  for (const auto& c : launch_.channels) {
    setup.sources.push_back(c.memoryFd);
    setup.sources.push_back(c.eventFd);
  }
  setup.moved.resize(setup.sources.size());
  setup.filter.resize(BPF_MAXINSNS);
  setup.fdLimit = 3 + static_cast<unsigned>(setup.sources.size()) + kSpareFds;
  setup.syncFd = syncPipe[0];
  setup.errorFd = errorPipe[1];
  setup.devNull = devNull;
  setup.outFd = outPipe[1];
  setup.errFd = errPipe[1];
  setup.execFd = execFd;

  setup.newNamespaces = launch_.isolation.namespaces;
  long pid = -1;
  if (setup.newNamespaces) {
    pid = ::syscall(SYS_clone, SIGCHLD | partitionNamespaceFlags(launch_.isolation.pidNamespace), nullptr, nullptr,
                    nullptr, 0);
    if (pid < 0) {
      isolationNotice_ = "new namespaces refused (" + std::string(std::strerror(errno)) + "); runs in the host namespaces";
      setup.newNamespaces = false;
    }
  }
  if (!setup.newNamespaces) pid = ::syscall(SYS_clone, SIGCHLD, nullptr, nullptr, nullptr, 0);
  if (pid < 0) return std::unexpected(base::errnoText("partition " + launch_.name + ": clone failed"));
  if (pid == 0) {
    ::close(syncPipe[1]);
    ::close(errorPipe[0]);
    ::close(outPipe[0]);
    ::close(errPipe[0]);
    childMain(setup);
  }

  pid_ = static_cast<pid_t>(pid);
  ::close(syncPipe[0]);
  ::close(errorPipe[1]);
  ::close(outPipe[1]);
  ::close(errPipe[1]);
  ::close(devNull);
  ::close(execFd);
  stdoutFd_ = outPipe[0];
  stderrFd_ = errPipe[0];
  pidFd_ = pidfdOpen(pid_);
  std::string failure;
  if (pidFd_ < 0) failure = base::errnoText("pidfd_open");
  if (failure.empty() && launch_.realtimePriority) {
    // Inside its windows a partition must not wait behind unrelated host
    // work; outside them it is frozen, so SCHED_FIFO takes nobody's time.
    sched_param param{};
    param.sched_priority = *launch_.realtimePriority;
    if (::sched_setscheduler(pid_, SCHED_FIFO, &param) != 0)
      isolationNotice_ = "runs without SCHED_FIFO (" + std::string(std::strerror(errno)) + "); its windows may start late under load";
  }
  if (failure.empty()) {
    auto adopted = freezer_->adopt(pid_, pidFd_);
    if (!adopted) failure = adopted.error();
  }
  // Release the child with its seccomp program (length 0: none).
  std::vector<sock_filter> program;
  if (failure.empty() && launch_.isolation.seccomp) {
    const pid_t selfPid = setup.newNamespaces && launch_.isolation.pidNamespace ? 1 : pid_;
    auto built = buildSeccompFilter(static_cast<int>(setup.fdLimit), selfPid);
    if (built) program = std::move(*built);
    else failure = built.error();
  }
  if (failure.empty()) {
    std::uint32_t length = static_cast<std::uint32_t>(program.size());
    bool ok = ::write(syncPipe[1], &length, sizeof length) == sizeof length;
    const size_t bytes = program.size() * sizeof(sock_filter);
    if (ok && bytes > 0) ok = ::write(syncPipe[1], program.data(), bytes) == static_cast<ssize_t>(bytes);
    if (!ok) failure = base::errnoText("cannot release the child");
  }
  ::close(syncPipe[1]);  // a child still waiting sees EOF and gives up

  // The error pipe closes on exec: EOF means the program is running.
  std::string childError;
  char buffer[512];
  for (;;) {
    ssize_t n = ::read(errorPipe[0], buffer, sizeof buffer);
    if (n > 0) {
      childError.append(buffer, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    break;
  }
  ::close(errorPipe[0]);
  if (failure.empty() && !childError.empty()) failure = childError;
  if (!failure.empty()) {
    pidfdSignal(pidFd_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    reaped_ = true;
    return std::unexpected("partition " + launch_.name + ": " + failure);
  }
  return {};
}

void ProcessPartition::childMain(ChildSetup& s) {
  // A clean signal state: the supervisor blocks SIGINT/SIGTERM and ignores
  // SIGPIPE for itself; both survive exec and would break the runtime.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig = 1; sig < NSIG; ++sig)
    if (sig != SIGKILL && sig != SIGSTOP) ::signal(sig, SIG_DFL);

  std::uint32_t length = 0;
  if (!readFully(s.syncFd, &length, sizeof length)) ::_exit(127);  // the supervisor gave up on us
  if (length > s.filter.size()) childFail(s.errorFd, "seccomp program", E2BIG);
  if (length > 0 && !readFully(s.syncFd, s.filter.data(), length * sizeof(sock_filter))) ::_exit(127);
  ::close(s.syncFd);

  // Its own session: a terminal's ^C goes to the supervisor only, which
  // shuts partitions down in order.
  ::setsid();
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (s.newNamespaces)
    if (const char* failed = privatiseMounts(launch_.isolation.hideProc)) childFail(s.errorFd, failed, errno);

  // fd layout: 0..2 stdio, 3.. the channels, then spare numbers below the
  // rlimit `fdLimit`; the program's fd sits at fdLimit (unreachable for any
  // fd the partition could create) and the error pipe just above it.
  const int high = static_cast<int>(s.fdLimit) + 2;
  // Move everything out of the way first: a source may sit on a target number.
  for (size_t i = 0; i < s.sources.size(); ++i) {
    s.moved[i] = ::fcntl(s.sources[i], F_DUPFD_CLOEXEC, high);
    if (s.moved[i] < 0) childFail(s.errorFd, "duplicating a channel fd", errno);
  }
  int execHigh = ::fcntl(s.execFd, F_DUPFD_CLOEXEC, high);
  int errorHigh = ::fcntl(s.errorFd, F_DUPFD_CLOEXEC, high);
  if (execHigh < 0 || errorHigh < 0) childFail(s.errorFd, "duplicating fds", errno);
  int errorFd = errorHigh;
  if (::dup2(s.devNull, 0) < 0 || ::dup2(s.outFd, 1) < 0 || ::dup2(s.errFd, 2) < 0)
    childFail(errorFd, "setting up stdio", errno);
  for (size_t i = 0; i < s.moved.size(); ++i)
    if (::dup2(s.moved[i], static_cast<int>(3 + i)) < 0) childFail(errorFd, "placing a channel fd", errno);
  const int execAt = static_cast<int>(s.fdLimit);
  if (::dup3(execHigh, execAt, O_CLOEXEC) < 0 || ::dup3(errorHigh, execAt + 1, O_CLOEXEC) < 0)
    childFail(errorFd, "placing the program fd", errno);
  errorFd = execAt + 1;
  ::close_range(3 + static_cast<unsigned>(s.sources.size()), static_cast<unsigned>(execAt) - 1, 0);
  ::close_range(static_cast<unsigned>(execAt) + 2, ~0u, 0);

  if (launch_.cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(*launch_.cpu, &set);
    if (::sched_setaffinity(0, sizeof set, &set) != 0) childFail(errorFd, "pinning to its CPU", errno);
  }
  if (const char* failed = applyLimits(s.fdLimit, launch_.isolation.memoryLimitBytes)) childFail(errorFd, failed, errno);
  if (launch_.isolation.dropPrivileges)
    if (const char* failed = dropToNobody()) childFail(errorFd, failed, errno);
  if (length > 0)
    if (const char* failed = loadSeccompFilter(s.filter.data(), static_cast<unsigned short>(length)))
      childFail(errorFd, failed, errno);
  ::syscall(SYS_execveat, execAt, "", s.argv.data(), s.envp.data(), AT_EMPTY_PATH);
  childFail(errorFd, "executing the partition program", errno);
}

bool ProcessPartition::startupComplete() {
  if (reaped_) return true;
  const std::string taskDir = "/proc/" + std::to_string(pid_) + "/task";
  long long cpuTicks = 0;  // ns on a CPU, all threads
  bool asleep = true;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(taskDir, ec)) {
    std::ifstream statFile(task.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(statFile)), std::istreambuf_iterator<char>());
    // The state is the field after the parenthesised command.
    auto close = stat.rfind(')');
    if (close == std::string::npos || close + 2 >= stat.size()) continue;
    if (stat[close + 2] != 'S') asleep = false;
    // Nanoseconds on a CPU (schedstat), finer than stat's clock ticks.
    std::ifstream schedstat(task.path() / "schedstat");
    long long runNs = 0;
    schedstat >> runNs;
    cpuTicks += runNs;
  }
  if (ec) return true;  // gone: the exit watch reports it
  idleLooks_ = asleep && cpuTicks == lastCpuTicks_ ? idleLooks_ + 1 : 0;
  lastCpuTicks_ = cpuTicks;
  return idleLooks_ >= 3;
}

void ProcessPartition::freeze() {
  if (!reaped_) freezer_->freeze();
}
void ProcessPartition::thaw() {
  if (!reaped_) freezer_->thaw();
}
void ProcessPartition::terminate() {
  if (!reaped_) pidfdSignal(pidFd_, SIGTERM);
}
void ProcessPartition::kill() {
  if (!reaped_) pidfdSignal(pidFd_, SIGKILL);
}

std::vector<OutputSource> ProcessPartition::outputs() const {
  return {{stdoutFd_, OutputStream::Stdout, {}}, {stderrFd_, OutputStream::Stderr, {}}};
}

std::expected<ExitStatus, std::string> ProcessPartition::collectExit() {
  if (reaped_) return std::unexpected("partition " + launch_.name + " already collected");
  siginfo_t info{};
  if (::waitid(P_PIDFD, static_cast<id_t>(pidFd_), &info, WEXITED | WNOHANG) != 0)
    return std::unexpected(base::errnoText("waitid"));
  if (info.si_pid == 0) return std::unexpected("partition " + launch_.name + " is still running");
  reaped_ = true;
  ExitStatus status;
  if (info.si_code == CLD_EXITED) {
    status.code = info.si_status;
  } else {
    status.signalled = true;
    status.signal = info.si_status;
  }
  return status;
}

}  // namespace bulkhead::supervisor
