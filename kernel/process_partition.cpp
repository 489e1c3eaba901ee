#include "kernel/process_partition.hpp"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include "kernel/pidfd.hpp"
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

namespace bulkhead::kernel {
namespace {

// Spare fd numbers below the fd rlimit, for what the runtime opens itself
// (epoll, timers) and what the sanitizer runtimes need.
constexpr unsigned kSpareFds = 64;

std::string errnoText(int error) { return std::strerror(error); }

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

// The one child of `parent`, found by its parent pid in /proc; -1 if none.
pid_t childOf(pid_t parent) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] < '0' || name[0] > '9') continue;
    std::ifstream statFile(entry.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(statFile)), std::istreambuf_iterator<char>());
    auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(stat.substr(close + 2));
    char state = 0;
    long ppid = 0;
    fields >> state >> ppid;
    if (ppid == parent) return static_cast<pid_t>(std::stol(name));
  }
  return -1;
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
  closeIfOpen(programPidFd_);
  closeIfOpen(statusFd_);
  closeIfOpen(stdoutFd_);
  closeIfOpen(stderrFd_);
}

std::expected<void, std::string> ProcessPartition::start() {
  int execFd = ::open(launch_.program.c_str(), O_PATH | O_CLOEXEC);
  if (execFd < 0)
    return std::unexpected("partition " + launch_.name + ": cannot open program " + launch_.program.string() + ": " +
                           errnoText(errno));
  int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int outPipe[2], errPipe[2], syncPipe[2], errorPipe[2], statusPipe[2];
  if (devNull < 0 || ::pipe2(outPipe, O_CLOEXEC) != 0 || ::pipe2(errPipe, O_CLOEXEC) != 0 ||
      ::pipe2(syncPipe, O_CLOEXEC) != 0 || ::pipe2(errorPipe, O_CLOEXEC) != 0 ||
      ::pipe2(statusPipe, O_CLOEXEC | O_NONBLOCK) != 0)
    return std::unexpected("partition " + launch_.name + ": cannot create pipes: " + errnoText(errno));

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
  setup.statusFd = statusPipe[1];
  setup.supervisor = ::getpid();

  setup.newNamespaces = launch_.isolation.namespaces;
  long pid = -1;
  if (setup.newNamespaces) {
    pid = ::syscall(SYS_clone, SIGCHLD | partitionNamespaceFlags(launch_.isolation.pidNamespace), nullptr, nullptr,
                    nullptr, 0);
    if (pid < 0) {
      isolationNotice_ = "new namespaces refused (" + errnoText(errno) + "); runs in the host namespaces";
      setup.newNamespaces = false;
    }
  }
  if (!setup.newNamespaces) pid = ::syscall(SYS_clone, SIGCHLD, nullptr, nullptr, nullptr, 0);
  if (pid < 0) return std::unexpected("partition " + launch_.name + ": clone failed: " + errnoText(errno));
  setup.init = setup.newNamespaces && launch_.isolation.pidNamespace;
  if (pid == 0) {
    ::close(syncPipe[1]);
    ::close(errorPipe[0]);
    ::close(outPipe[0]);
    ::close(errPipe[0]);
    ::close(statusPipe[0]);
    childMain(setup);
  }

  pid_ = static_cast<pid_t>(pid);
  ::close(syncPipe[0]);
  ::close(errorPipe[1]);
  ::close(outPipe[1]);
  ::close(errPipe[1]);
  ::close(statusPipe[1]);
  ::close(devNull);
  ::close(execFd);
  stdoutFd_ = outPipe[0];
  stderrFd_ = errPipe[0];
  statusFd_ = statusPipe[0];
  pidFd_ = pidfdOpen(pid_);
  std::string failure;
  if (pidFd_ < 0) failure = "pidfd_open: " + errnoText(errno);
  // Into its cgroup before it runs anything of the partition's.
  if (failure.empty()) {
    auto adopted = freezer_->adopt(pid_);
    if (!adopted) failure = adopted.error();
  }
  if (failure.empty() && launch_.realtimePriority) {
    // Inside its windows a partition must not wait behind unrelated host
    // work; outside them it is frozen, so SCHED_FIFO takes nobody's time.
    sched_param param{};
    param.sched_priority = *launch_.realtimePriority;
    if (::sched_setscheduler(pid_, SCHED_FIFO, &param) != 0)
      isolationNotice_ = "runs without SCHED_FIFO (" + errnoText(errno) + "); its windows may start late under load";
  }
  // Release the child with its seccomp program (length 0: none).
  std::vector<sock_filter> program;
  if (failure.empty() && launch_.isolation.seccomp) {
    // After its init, the program is the namespace's second process.
    const pid_t selfPid = setup.init ? 2 : pid_;
    auto built = buildSeccompFilter(static_cast<int>(setup.fdLimit), selfPid);
    if (built) program = std::move(*built);
    else failure = built.error();
  }
  if (failure.empty()) {
    std::uint32_t length = static_cast<std::uint32_t>(program.size());
    bool ok = ::write(syncPipe[1], &length, sizeof length) == sizeof length;
    const size_t bytes = program.size() * sizeof(sock_filter);
    if (ok && bytes > 0) ok = ::write(syncPipe[1], program.data(), bytes) == static_cast<ssize_t>(bytes);
    if (!ok) failure = "cannot release the child: " + errnoText(errno);
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
  if (failure.empty() && setup.init) {
    // The program's pid as this namespace sees it: the init's only child.
    // If it has already ended, the init's report says how.
    programPid_ = childOf(pid_);
    if (programPid_ > 0) programPidFd_ = pidfdOpen(programPid_);
  }
  if (!failure.empty()) {
    pidfdSignal(pidFd_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    reaped_ = true;
    return std::unexpected("partition " + launch_.name + ": " + failure);
  }
  freezer_->attachProgram(programPidFd_ >= 0 ? programPidFd_ : pidFd_);
  if (!setup.init) programPid_ = pid_;
  return {};
}

void ProcessPartition::childMain(ChildSetup& s) {
  // Armed before anything else, then the sync pipe tells whether the
  // supervisor still lives (EOF if it died first): no window in which its
  // death goes unnoticed. The init keeps its credentials, so this stays
  // armed; the program re-arms it after dropping its own.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
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

  if (s.newNamespaces)
    if (const char* failed = privatiseMounts(launch_.isolation.hideProc, s.init)) childFail(s.errorFd, failed, errno);
  if (s.init) initMain(s, length);
  ::close(s.statusFd);
  programMain(s, length);
}

void ProcessPartition::initMain(ChildSetup& s, std::uint32_t length) {
  // Signals from inside the namespace cannot reach pid 1 without a handler
  // anyway; blocked, none from outside can either, but SIGKILL.
  sigset_t all;
  sigfillset(&all);
  ::sigprocmask(SIG_SETMASK, &all, nullptr);
  const long program = ::syscall(SYS_clone, SIGCHLD, nullptr, nullptr, nullptr, 0);
  if (program < 0) childFail(s.errorFd, "starting the partition program", errno);
  if (program == 0) {
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::close(s.statusFd);
    programMain(s, length);
  }
  // Nothing of the partition's stays open here: the error pipe must see
  // EOF when the program is executed, and stdout when it ends. The status
  // pipe goes to fd 0.
  if (::dup2(s.statusFd, 0) < 0) ::_exit(127);
  ::close_range(1, ~0u, 0);
  for (;;) {
    siginfo_t info{};
    if (::waitid(P_ALL, 0, &info, WEXITED) != 0) {
      if (errno == EINTR) continue;
      ::_exit(0);  // no child left
    }
    if (info.si_pid != program) continue;
    const std::int32_t record[2] = {info.si_code, info.si_status};
    [[maybe_unused]] auto n = ::write(0, record, sizeof record);
    ::_exit(0);
  }
}

void ProcessPartition::programMain(ChildSetup& s, std::uint32_t length) {
  // Its own session and process group: a terminal's ^C goes to the
  // supervisor only, and kill(0, ...) reaches the program alone.
  ::setsid();

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
  // The credential change cleared the parent-death signal: armed again,
  // then the parent (the init, or the supervisor) must still be there.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) childFail(errorFd, "prctl(PR_SET_PDEATHSIG)", errno);
  if (::getppid() != (s.init ? 1 : s.supervisor)) ::_exit(127);
  if (length > 0)
    if (const char* failed = loadSeccompFilter(s.filter.data(), static_cast<unsigned short>(length)))
      childFail(errorFd, failed, errno);
  ::syscall(SYS_execveat, execAt, "", s.argv.data(), s.envp.data(), AT_EMPTY_PATH);
  childFail(errorFd, "executing the partition program", errno);
}

bool ProcessPartition::startupComplete() {
  if (reaped_ || programPid_ <= 0) return true;
  const std::string taskDir = "/proc/" + std::to_string(programPid_) + "/task";
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
  // The program, not its init: SIGTERM makes the runtime call finalise.
  if (!reaped_) pidfdSignal(programPidFd_ >= 0 ? programPidFd_ : pidFd_, SIGTERM);
}
void ProcessPartition::kill() {
  // The init's death takes its whole pid namespace with it.
  if (!reaped_) pidfdSignal(pidFd_, SIGKILL);
}

std::vector<OutputSource> ProcessPartition::outputs() const {
  return {{stdoutFd_, OutputStream::Stdout, {}}, {stderrFd_, OutputStream::Stderr, {}}};
}

std::expected<ExitStatus, std::string> ProcessPartition::collectExit() {
  if (reaped_) return std::unexpected("partition " + launch_.name + " already collected");
  siginfo_t info{};
  if (::waitid(P_PIDFD, static_cast<id_t>(pidFd_), &info, WEXITED | WNOHANG) != 0)
    return std::unexpected("waitid: " + errnoText(errno));
  if (info.si_pid == 0) return std::unexpected("partition " + launch_.name + " is still running");
  reaped_ = true;
  // An init reports how the program ended; without a report (it was
  // killed first) its own end is the partition's.
  std::int32_t record[2];
  if (statusFd_ >= 0 && ::read(statusFd_, record, sizeof record) == sizeof record) {
    info.si_code = record[0];
    info.si_status = record[1];
  }
  ExitStatus status;
  if (info.si_code == CLD_EXITED) {
    status.code = info.si_status;
  } else {
    status.signalled = true;
    status.signal = info.si_status;
  }
  return status;
}

}  // namespace bulkhead::kernel
