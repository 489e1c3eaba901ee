#include "supervisor/sandbox.hpp"

#include "base/errno_text.hpp"
#include <fcntl.h>
#include <grp.h>
#include <linux/sched.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <initializer_list>

namespace bulkhead::supervisor {
namespace {

// Syscalls a partition program (glibc, libstdc++, the runtime, sanitizer
// runtimes) needs and that reach nothing outside the partition.
constexpr std::initializer_list<const char*> kAllowed = {
    // memory
    "brk", "mmap", "munmap", "mprotect", "mremap", "madvise", "msync", "mincore", "membarrier",
    // I/O on fds it already holds
    "read", "write", "readv", "writev", "pread64", "pwrite64", "lseek", "close", "close_range",
    "fstat", "newfstatat", "statx", "stat", "lstat", "fstatfs", "statfs", "getdents64",
    "access", "faccessat", "faccessat2", "readlink", "readlinkat", "getcwd",
    "dup", "dup2", "dup3", "pipe", "pipe2", "eventfd2",
    "poll", "ppoll", "select", "pselect6", "epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait", "epoll_pwait2",
    // time
    "clock_gettime", "clock_getres", "gettimeofday", "time", "nanosleep", "clock_nanosleep",
    "timerfd_create", "timerfd_settime", "timerfd_gettime", "timer_create", "timer_settime", "timer_gettime",
    "timer_getoverrun", "timer_delete", "alarm", "setitimer", "getitimer",
    // threads and signals (to itself: see the argument rules below)
    "futex", "futex_waitv", "set_robust_list", "get_robust_list", "set_tid_address", "rseq", "arch_prctl",
    "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigpending", "rt_sigtimedwait", "rt_sigsuspend",
    "sigaltstack", "pause", "restart_syscall", "sched_yield", "exit", "exit_group", "wait4", "waitid",
    // read-only facts about itself (calls naming a pid: see the argument rules below)
    "getpid", "gettid", "getppid", "getuid", "geteuid", "getgid", "getegid", "getgroups", "getresuid", "getresgid",
    "getpgrp", "uname", "sysinfo", "getrusage", "times", "getrandom", "getrlimit",
    "sched_get_priority_max", "sched_get_priority_min", "prctl",
};

// fcntl commands that act on the descriptor or its file alone. F_SETFL is
// allowed only to keep O_NONBLOCK set (see buildSeccompFilter); F_SETOWN,
// F_SETOWN_EX, F_SETSIG and O_ASYNC end the partition; F_NOTIFY,
// F_SETLEASE, F_ADD_SEALS and F_SETPIPE_SZ are refused.
constexpr std::initializer_list<int> kFcntlAllowed = {
    F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_GETLK, F_SETLK, F_SETLKW,
    F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW, F_GETOWN, F_GETOWN_EX, F_GETSIG, F_GET_SEALS, F_GETPIPE_SZ,
};

int rule(scmp_filter_ctx ctx, const char* name, unsigned count = 0, const scmp_arg_cmp* args = nullptr) {
  int nr = seccomp_syscall_resolve_name(name);
  if (nr == __NR_SCMP_ERROR) return 0;  // not on this architecture
  return seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, count, args);
}

}  // namespace

int partitionNamespaceFlags(bool pidNamespace) {
  return CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWNS | (pidNamespace ? CLONE_NEWPID : 0);
}

const char* privatiseMounts(bool hideProc, bool ownPidNamespace) {
  // Without private propagation the unmount below would reach the host.
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return "mount --make-rprivate /";
  // /proc/self/fd/N would let a receiver reopen its read-only channel
  // memory read-write; without /proc there is no such path. The host's
  // /proc shows every other process: it goes in any case.
  if ((hideProc || ownPidNamespace) && ::umount2("/proc", MNT_DETACH) != 0 && errno != EINVAL && errno != ENOENT)
    return "umount /proc";
  if (!hideProc && ownPidNamespace &&
      ::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0)
    return "mount /proc of the partition's pid namespace";
  return nullptr;
}

const char* applyLimits(unsigned fdLimit, std::uint64_t memoryLimitBytes) {
  rlimit files{fdLimit, fdLimit};
  if (::setrlimit(RLIMIT_NOFILE, &files) != 0) return "setrlimit(RLIMIT_NOFILE)";
  rlimit core{0, 0};
  if (::setrlimit(RLIMIT_CORE, &core) != 0) return "setrlimit(RLIMIT_CORE)";
  if (memoryLimitBytes != 0) {
    rlimit memory{memoryLimitBytes, memoryLimitBytes};
    if (::setrlimit(RLIMIT_AS, &memory) != 0) return "setrlimit(RLIMIT_AS)";
  }
  return nullptr;
}

const char* dropToNobody() {
  if (::geteuid() != 0) return nullptr;
  constexpr uid_t nobody = 65534;
  // Raw system calls: glibc's wrappers broadcast to every thread they know
  // of, and a cloned child still believes in its parent's threads.
  if (::syscall(SYS_setgroups, 0, nullptr) != 0) return "setgroups";
  if (::syscall(SYS_setresgid, nobody, nobody, nobody) != 0) return "setresgid(nobody)";
  if (::syscall(SYS_setresuid, nobody, nobody, nobody) != 0) return "setresuid(nobody)";
  return nullptr;
}

const char* loadSeccompFilter(const sock_filter* program, unsigned short length) {
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return "prctl(PR_SET_NO_NEW_PRIVS)";
  sock_fprog fprog{length, const_cast<sock_filter*>(program)};
  if (::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) != 0) return "prctl(PR_SET_SECCOMP)";
  return nullptr;
}

namespace {

// Files: opened read-only only (the dynamic loader needs it before the
// partition's code runs); nothing can be created, truncated or opened for
// writing.
int openRules(scmp_filter_ctx ctx) {
  int rc = 0;
  const scmp_datum_t writeFlags = O_ACCMODE | O_CREAT | O_TRUNC | O_APPEND | O_TMPFILE;
  scmp_arg_cmp openReadOnly = SCMP_A1(SCMP_CMP_MASKED_EQ, writeFlags, 0);
  rc |= rule(ctx, "open", 1, &openReadOnly);
  scmp_arg_cmp openatReadOnly = SCMP_A2(SCMP_CMP_MASKED_EQ, writeFlags, 0);
  rc |= rule(ctx, "openat", 1, &openatReadOnly);
  // glibc falls back to openat when openat2 is missing.
  rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(openat2), 0);
  return rc;
}

// Processes and signals: exactly one exec, threads only, signals to itself.
int processRules(scmp_filter_ctx ctx, int execFd, pid_t selfPid) {
  int rc = 0;
  // Exactly one exec: the partition program, by its fd.
  scmp_arg_cmp execArgs[] = {SCMP_A0(SCMP_CMP_EQ, static_cast<scmp_datum_t>(execFd)),
                             SCMP_A4(SCMP_CMP_EQ, AT_EMPTY_PATH)};
  rc |= rule(ctx, "execveat", 2, execArgs);

  // Threads, never processes; glibc falls back from clone3 to clone.
  scmp_arg_cmp threadOnly = SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD);
  rc |= rule(ctx, "clone", 1, &threadOnly);
  rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);

  // Signals only to itself (raise, abort), and questions about a process
  // only about itself (0 or its own pid): nothing names another process.
  auto self = static_cast<scmp_datum_t>(selfPid);
  scmp_arg_cmp toSelf = SCMP_A0(SCMP_CMP_EQ, self);
  scmp_arg_cmp toZero = SCMP_A0(SCMP_CMP_EQ, 0);
  rc |= rule(ctx, "kill", 1, &toSelf);
  rc |= rule(ctx, "kill", 1, &toZero);  // its own process group
  rc |= rule(ctx, "tgkill", 1, &toSelf);
  rc |= rule(ctx, "rt_sigqueueinfo", 1, &toSelf);
  rc |= rule(ctx, "rt_tgsigqueueinfo", 1, &toSelf);
  for (const char* name : {"sched_getaffinity", "sched_getparam", "sched_getscheduler", "getsid", "getpgid",
                           "get_robust_list"}) {
    rc |= rule(ctx, name, 1, &toSelf);
    rc |= rule(ctx, name, 1, &toZero);
  }
  scmp_arg_cmp whoSelf = SCMP_A1(SCMP_CMP_EQ, 0);
  rc |= rule(ctx, "getpriority", 1, &whoSelf);
  return rc;
}

// fcntl: the commands on its own descriptors; O_NONBLOCK may be set, never
// cleared (a notification's open file description is shared with the
// supervisor, whose writes must never block). Arming a descriptor to signal
// a process (F_SETOWN, F_SETOWN_EX, F_SETSIG, O_ASYNC) is only ever an
// attack: it ends the partition with SIGSYS, which the health monitor
// reports with the partition's name.
int fcntlRules(scmp_filter_ctx ctx) {
  int rc = 0;
  for (int command : kFcntlAllowed) {
    scmp_arg_cmp cmd = SCMP_A1(SCMP_CMP_EQ, static_cast<scmp_datum_t>(command));
    rc |= rule(ctx, "fcntl", 1, &cmd);
  }
  scmp_arg_cmp keepNonBlocking[] = {SCMP_A1(SCMP_CMP_EQ, F_SETFL),
                                    SCMP_A2(SCMP_CMP_MASKED_EQ, O_NONBLOCK | O_ASYNC, O_NONBLOCK)};
  rc |= rule(ctx, "fcntl", 2, keepNonBlocking);
  scmp_arg_cmp async[] = {SCMP_A1(SCMP_CMP_EQ, F_SETFL), SCMP_A2(SCMP_CMP_MASKED_EQ, O_ASYNC, O_ASYNC)};
  rc |= seccomp_rule_add_array(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(fcntl), 2, async);
  for (int command : {F_SETOWN, F_SETOWN_EX, F_SETSIG}) {
    scmp_arg_cmp cmd = SCMP_A1(SCMP_CMP_EQ, static_cast<scmp_datum_t>(command));
    rc |= seccomp_rule_add_array(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(fcntl), 1, &cmd);
  }
  return rc;
}

// Device and limit calls: terminal queries, its own limits, queries.
int queryRules(scmp_filter_ctx ctx) {
  int rc = 0;
  // Terminal queries (isatty) and close-on-exec only; not FIONBIO, which
  // would clear O_NONBLOCK behind the fcntl rule's back.
  for (unsigned long request : {TCGETS, TIOCGWINSZ, FIONREAD, FIOCLEX}) {
    scmp_arg_cmp ioctlArg = SCMP_A1(SCMP_CMP_EQ, request);
    rc |= rule(ctx, "ioctl", 1, &ioctlArg);
  }
  // Its own limits only. The hard limits were set before and a partition
  // runs unprivileged (nobody), so it can lower them, never raise them
  // (sanitizer runtimes set RLIMIT_CORE at start-up).
  scmp_arg_cmp ownLimits = SCMP_A0(SCMP_CMP_EQ, 0);
  rc |= rule(ctx, "prlimit64", 1, &ownLimits);
  rc |= rule(ctx, "setrlimit");
  // personality(0xffffffff) only queries (sanitizer runtimes ask).
  scmp_arg_cmp personalityQuery = SCMP_A0(SCMP_CMP_EQ, 0xffffffffu);
  rc |= rule(ctx, "personality", 1, &personalityQuery);
  return rc;
}

// The filter as a BPF program (releases `ctx`): libseccomp writes it to an
// fd; a memfd takes it back.
std::expected<std::vector<sock_filter>, std::string> exportProgram(scmp_filter_ctx ctx) {
  int fd = ::memfd_create("bulkhead-seccomp", MFD_CLOEXEC);
  const int rc = fd < 0 ? -errno : seccomp_export_bpf(ctx, fd);
  seccomp_release(ctx);
  if (rc != 0) {
    if (fd >= 0) ::close(fd);
    return std::unexpected(base::errnoText("exporting the seccomp filter", -rc));
  }
  off_t bytes = ::lseek(fd, 0, SEEK_END);
  std::vector<sock_filter> program(static_cast<size_t>(bytes) / sizeof(sock_filter));
  bool ok = ::pread(fd, program.data(), program.size() * sizeof(sock_filter), 0) ==
            static_cast<ssize_t>(program.size() * sizeof(sock_filter));
  ::close(fd);
  if (!ok || program.empty() || program.size() > BPF_MAXINSNS)
    return std::unexpected("exporting the seccomp filter: unexpected program size");
  return program;
}

}  // namespace

std::expected<std::vector<sock_filter>, std::string> buildSeccompFilter(int execFd, pid_t selfPid) {
  // Anything not allowed fails with EPERM rather than killing: a partition
  // that probes for a feature gets an error it can report.
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
  if (!ctx) return std::unexpected("seccomp_init failed");
  int rc = 0;
  for (const char* name : kAllowed) rc |= rule(ctx, name);
  rc |= openRules(ctx) | processRules(ctx, execFd, selfPid) | fcntlRules(ctx) | queryRules(ctx);
  if (rc != 0) {
    seccomp_release(ctx);
    return std::unexpected("building the seccomp filter failed");
  }
  return exportProgram(ctx);
}

}  // namespace bulkhead::supervisor
