#pragma once
// pidfd system calls. glibc 2.36's <sys/pidfd.h> declares them without
// extern "C", so C++ cannot link against it; these call the kernel directly.
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace bulkhead::supervisor {

inline int pidfdOpen(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

// Signals the process behind `pidFd`: unlike kill(), never a recycled pid.
inline int pidfdSignal(int pidFd, int signal) {
  return static_cast<int>(::syscall(SYS_pidfd_send_signal, pidFd, signal, nullptr, 0));
}

}  // namespace bulkhead::supervisor
