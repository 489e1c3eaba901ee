#include "supervisor/process_partition.hpp"

#include "supervisor/host_factory.hpp"

#include "base/errno_text.hpp"
#include "base/read_text_file.hpp"
#include "base/unique_fd.hpp"
#include "contract/exit_status.hpp"
#include "contract/handover.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include "supervisor/pidfd.hpp"
#include <linux/sched.h>  // clone_args, CLONE_INTO_CGROUP
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
  ::_exit(contract::kPartitionNotStarted);
}

// The one child of `parent`: its /proc children list (one small read),
// else found by its parent pid in /proc; -1 if none.
pid_t childOf(pid_t parent) {
  const std::string self = std::to_string(parent);
  if (auto listed = base::readTextFile("/proc/" + self + "/task/" + self + "/children")) {
    const long child = std::strtol(listed->c_str(), nullptr, 10);
    return child > 0 ? static_cast<pid_t>(child) : -1;
  }
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] < '0' || name[0] > '9') continue;
    const std::string stat = base::readTextFile(entry.path() / "stat").value_or("");
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

bool pollReadable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return fd >= 0 && ::poll(&p, 1, 0) == 1 && (p.revents & POLLIN) != 0;
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

// Everything until end of file.
std::string readAll(int fd) {
  std::string text;
  char buffer[512];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      text.append(buffer, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return text;
  }
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
  closeIfOpen(launchErrorFd_);
}

// Everything the child needs, allocated now: after clone it may not.
ProcessPartition::ChildSetup ProcessPartition::childSetup(const ChildPipes& pipes, int execFd, int devNull) {
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
  setup.fdLimit = contract::kFirstHandoverFd + static_cast<unsigned>(setup.sources.size()) + kSpareFds;
  setup.syncFd = pipes.sync[0];
  setup.errorFd = pipes.error[1];
  setup.devNull = devNull;
  setup.programCgroupFd = freezer_->programGroupFd();
  setup.outFd = pipes.out[1];
  setup.errFd = pipes.err[1];
  setup.execFd = execFd;
  setup.statusFd = pipes.status[1];
  setup.supervisor = ::getpid();
  setup.newNamespaces = launch_.isolation.namespaces;
  return setup;
}

// Clones the child in new namespaces where permitted (else in the host's,
// with a notice); the child goes on in childMain and never returns.
long ProcessPartition::cloneChild(ChildSetup& setup, const ChildPipes& pipes) {
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
  setup.init = setup.newNamespaces && launch_.isolation.pidNamespace;
  if (pid == 0) {
    for (int fd : {pipes.sync[1], pipes.error[0], pipes.out[0], pipes.err[0], pipes.status[0]}) ::close(fd);
    childMain(setup);
  }
  return pid;
}

// The parent's part between clone and exec: pidfd, cgroup, priority, and
// the child released with its seccomp program (length 0: none). Returns
// what failed, or "".
std::string ProcessPartition::adoptChild(const ChildSetup& setup, int syncFd, bool frozen) {
  pidFd_ = pidfdOpen(pid_);
  if (pidFd_ < 0) return base::errnoText("pidfd_open");
  // Into its cgroup before it runs anything of the partition's.
  if (auto adopted = freezer_->adopt(pid_, setup.init); !adopted) return adopted.error();
  // A restart is stopped while it still waits for its seccomp program: none
  // of its start-up runs before the walk releases its window.
  if (frozen) freezer_->freezeWhole();
  if (launch_.realtimePriority) {
    // Inside its windows a partition must not wait behind unrelated host
    // work; outside them it is frozen, so SCHED_FIFO takes nobody's time.
    sched_param param{};
    param.sched_priority = *launch_.realtimePriority;
    if (::sched_setscheduler(pid_, SCHED_FIFO, &param) != 0)
      isolationNotice_ = "runs without SCHED_FIFO (" + std::string(std::strerror(errno)) + "); its windows may start late under load";
  }
  std::vector<sock_filter> program;
  if (launch_.isolation.seccomp) {
    // After its init, the program is the namespace's second process.
    const pid_t selfPid = setup.init ? 2 : pid_;
    auto built = buildSeccompFilter(static_cast<int>(setup.fdLimit), selfPid);
    if (!built) return built.error();
    program = std::move(*built);
  }
  std::uint32_t length = static_cast<std::uint32_t>(program.size());
  bool ok = ::write(syncFd, &length, sizeof length) == sizeof length;
  const size_t bytes = program.size() * sizeof(sock_filter);
  if (ok && bytes > 0) ok = ::write(syncFd, program.data(), bytes) == static_cast<ssize_t>(bytes);
  return ok ? std::string() : base::errnoText("cannot release the child");
}

// A script cannot be a partition program: the child executes the program
// through a close-on-exec descriptor, which the script's interpreter could
// not open (execveat would fail with a bare ENOENT).
static bool isScript(const std::filesystem::path& program) {
  base::UniqueFd fd(::open(program.c_str(), O_RDONLY | O_CLOEXEC));
  char magic[2] = {};
  return fd.get() >= 0 && ::read(fd.get(), magic, sizeof magic) == 2 && magic[0] == '#' && magic[1] == '!';
}

std::expected<void, std::string> ProcessPartition::startFrozen() {
  if (freezer_->kind() != FreezerKind::Cgroup)
    return std::unexpected("partition " + launch_.name +
                           " cannot be restarted without a cgroup freezer (it runs unconfined)");
  return launch(true);
}

std::expected<void, std::string> ProcessPartition::launch(bool frozen) {
  int execFd = ::open(launch_.program.c_str(), O_PATH | O_CLOEXEC);
  if (execFd < 0)
    return std::unexpected(base::errnoText("partition " + launch_.name + ": cannot open program " + launch_.program.string()));
  if (isScript(launch_.program)) {
    ::close(execFd);
    return std::unexpected("partition " + launch_.name + ": program " + launch_.program.string() +
                           " is a script (#!); a partition program must be an executable file, such as one "
                           "bulkhead_add_partitions builds");
  }
  int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ChildPipes pipes;
  if (devNull < 0 || ::pipe2(pipes.out, O_CLOEXEC) != 0 || ::pipe2(pipes.err, O_CLOEXEC) != 0 ||
      ::pipe2(pipes.sync, O_CLOEXEC) != 0 || ::pipe2(pipes.error, O_CLOEXEC) != 0 ||
      ::pipe2(pipes.status, O_CLOEXEC | O_NONBLOCK) != 0)
    return std::unexpected(base::errnoText("partition " + launch_.name + ": cannot create pipes"));
  ChildSetup setup = childSetup(pipes, execFd, devNull);
  const long pid = cloneChild(setup, pipes);
  if (pid < 0) return std::unexpected(base::errnoText("partition " + launch_.name + ": clone failed"));
  pid_ = static_cast<pid_t>(pid);
  for (int fd : {pipes.sync[0], pipes.error[1], pipes.out[1], pipes.err[1], pipes.status[1], devNull, execFd}) ::close(fd);
  stdoutFd_ = pipes.out[0];
  stderrFd_ = pipes.err[0];
  statusFd_ = pipes.status[0];
  std::string failure = adoptChild(setup, pipes.sync[1], frozen);
  ::close(pipes.sync[1]);  // a child still waiting sees EOF and gives up
  hasInit_ = setup.init;
  startedFrozen_ = frozen;
  if (failure.empty() && frozen) {
    // It cannot reach its program while frozen: whether it did is read at
    // its exit, and its program's pid once it runs (resolveProgram).
    launchErrorFd_ = pipes.error[0];
    if (!setup.init) programPid_ = pid_;
    return {};
  }
  // The error pipe closes on exec: EOF means the program is running.
  const std::string childError = readAll(pipes.error[0]);
  ::close(pipes.error[0]);
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
  // The supervisor gave up on us.
  if (!readFully(s.syncFd, &length, sizeof length)) ::_exit(contract::kPartitionNotStarted);
  if (length > s.filter.size()) childFail(s.errorFd, "seccomp program", E2BIG);
  if (length > 0 && !readFully(s.syncFd, s.filter.data(), length * sizeof(sock_filter)))
    ::_exit(contract::kPartitionNotStarted);
  ::close(s.syncFd);

  if (s.newNamespaces)
    if (const char* failed = privatiseMounts(launch_.isolation.hideProc, s.init)) childFail(s.errorFd, failed, errno);
  if (s.init) initMain(s, length);
  ::close(s.statusFd);
  programMain(s, length);
}

// The init's child, the program, in the group `cgroupFd` (-1: the init's
// own) from its first instruction, so that nothing of it runs unfrozen.
// Without clone3 (kernels before 5.7) it moves itself there at once.
static long cloneProgram(int cgroupFd) {
  if (cgroupFd < 0) return ::syscall(SYS_clone, SIGCHLD, nullptr, nullptr, nullptr, 0);
  clone_args args{};
  args.flags = CLONE_INTO_CGROUP;
  args.exit_signal = SIGCHLD;
  args.cgroup = static_cast<std::uint64_t>(cgroupFd);
  long pid = ::syscall(SYS_clone3, &args, sizeof args);
  if (pid >= 0 || errno != ENOSYS) return pid;
  pid = ::syscall(SYS_clone, SIGCHLD, nullptr, nullptr, nullptr, 0);
  if (pid != 0) return pid;
  const int procs = ::openat(cgroupFd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
  if (procs < 0 || ::write(procs, "0", 1) != 1) ::_exit(contract::kPartitionNotStarted);
  ::close(procs);
  return 0;
}

void ProcessPartition::initMain(ChildSetup& s, std::uint32_t length) {
  // Signals from inside the namespace cannot reach pid 1 without a handler
  // anyway; blocked, none from outside can either, but SIGKILL.
  sigset_t all;
  sigfillset(&all);
  ::sigprocmask(SIG_SETMASK, &all, nullptr);
  const long program = cloneProgram(s.programCgroupFd);
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
  if (::dup2(s.statusFd, 0) < 0) ::_exit(contract::kPartitionNotStarted);
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

  const int errorFd = placeChildFds(s);
  const int execAt = static_cast<int>(s.fdLimit);
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
  if (::getppid() != (s.init ? 1 : s.supervisor)) ::_exit(contract::kPartitionNotStarted);
  if (length > 0)
    if (const char* failed = loadSeccompFilter(s.filter.data(), static_cast<unsigned short>(length)))
      childFail(errorFd, failed, errno);
  ::syscall(SYS_execveat, execAt, "", s.argv.data(), s.envp.data(), AT_EMPTY_PATH);
  childFail(errorFd, "executing the partition program", errno);
}

// Child side: fd layout 0..2 stdio, 3.. the channels (contract/handover.hpp:
// memory and eventfd of entry i at 3 + 2i and 4 + 2i), then spare numbers
// below the rlimit `fdLimit`; the program's fd sits at fdLimit (unreachable
// for any fd the partition could create) and the error pipe just above it,
// whose number is returned.
int ProcessPartition::placeChildFds(ChildSetup& s) {
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
    if (::dup2(s.moved[i], contract::kFirstHandoverFd + static_cast<int>(i)) < 0)
      childFail(errorFd, "placing a channel fd", errno);
  const int execAt = static_cast<int>(s.fdLimit);
  if (::dup3(execHigh, execAt, O_CLOEXEC) < 0 || ::dup3(errorHigh, execAt + 1, O_CLOEXEC) < 0)
    childFail(errorFd, "placing the program fd", errno);
  ::close_range(contract::kFirstHandoverFd + static_cast<unsigned>(s.sources.size()), static_cast<unsigned>(execAt) - 1,
                0);
  ::close_range(static_cast<unsigned>(execAt) + 2, ~0u, 0);
  return execAt + 1;
}

bool ProcessPartition::startupComplete() {
  if (reaped_ || programPid_ <= 0) return true;
  const std::string taskDir = "/proc/" + std::to_string(programPid_) + "/task";
  long long cpuTicks = 0;  // ns on a CPU, all threads
  bool asleep = true;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(taskDir, ec)) {
    const std::string stat = base::readTextFile(task.path() / "stat").value_or("");
    // The state is the field after the parenthesised command.
    auto close = stat.rfind(')');
    if (close == std::string::npos || close + 2 >= stat.size()) continue;
    if (stat[close + 2] != 'S') asleep = false;
    // Nanoseconds on a CPU (schedstat), finer than stat's clock ticks.
    const std::string schedstat = base::readTextFile(task.path() / "schedstat").value_or("0");
    cpuTicks += std::strtoll(schedstat.c_str(), nullptr, 10);
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
  resolveProgram();
  if (!reaped_) pidfdSignal(programPidFd_ >= 0 ? programPidFd_ : pidFd_, SIGTERM);
}

// A restart's program is found once it has been released and runs: the
// init's only child.
void ProcessPartition::resolveProgram() {
  if (!hasInit_ || !startedFrozen_ || programPidFd_ >= 0 || reaped_) return;
  const pid_t program = childOf(pid_);
  if (program > 0) programPidFd_ = pidfdOpen(program);
  if (programPidFd_ >= 0) programPid_ = program;
}

// The program's own pidfd is readable once it has ended, even while its
// init is frozen before reporting it.
bool ProcessPartition::hasExited() {
  if (reaped_) return true;
  if (programPidFd_ < 0 && !hasInit_) return pollReadable(pidFd_);
  resolveProgram();
  return programPidFd_ >= 0 && pollReadable(programPidFd_);
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
    return std::unexpected(base::errnoText("waitid"));
  if (info.si_pid == 0) return std::unexpected("partition " + launch_.name + " is still running");
  reaped_ = true;
  if (launchErrorFd_ >= 0) {  // started frozen: did it reach its program?
    const std::string childError = readAll(launchErrorFd_);
    closeIfOpen(launchErrorFd_);
    if (!childError.empty()) return std::unexpected("partition " + launch_.name + ": " + childError);
  }
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

HostFactory nativeHostFactory(
    std::function<std::expected<std::filesystem::path, std::string>(const plan::Partition&)> programFor) {
  return [programFor = std::move(programFor)](LaunchContext& c) -> std::expected<std::unique_ptr<PartitionHost>, std::string> {
    const auto& p = c.plan.partitions.at(static_cast<size_t>(c.partition));
    auto program = programFor(p);
    if (!program) return std::unexpected(program.error());
    // A restart gets a cgroup of its own: the failed life's goes with its host at the end.
    auto freezer = c.freezers.make(c.restart == 0 ? p.name : p.name + "-restart" + std::to_string(c.restart), c.limits);
    if (!freezer) return std::unexpected(freezer.error());
    ProcessLaunch launch{p.name,   *program, {}, std::move(c.channels), std::move(c.environment),
                         c.cpu,    c.realtimePriority, c.isolation};
    return std::make_unique<ProcessPartition>(std::move(launch), std::move(*freezer));
  };
}

}  // namespace bulkhead::supervisor
