#pragma once
// Helpers for benchmarks that run a peer in another process pinned to
// another core: the peer is forked after the shared memory and descriptors
// exist, and exits when told to.
#include <benchmark/benchmark.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

namespace bulkhead::channel::bench {

// The cores the two ends run on (both exist on any 2-core machine).
inline constexpr int kSelfCpu = 0;
inline constexpr int kPeerCpu = 1;

inline bool pinTo(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return ::sched_setaffinity(0, sizeof set, &set) == 0;
}

// With BULKHEAD_BENCH_FIFO=1 in the environment (run.sh --fifo), the
// measuring process and its forked peer run SCHED_FIFO: on a machine loaded
// by other work, latencies then measure the mechanism rather than the
// scheduler's queue. Needs CAP_SYS_NICE; silently ignored without it.
inline bool fifoRequested() {
  const char* v = std::getenv("BULKHEAD_BENCH_FIFO");
  return v != nullptr && v[0] == '1';
}

// Pins the calling process (and, through fork, its peer) for the lifetime
// of the object, optionally at real-time priority, then restores.
class Pinned {
 public:
  explicit Pinned(int cpu) {
    ::sched_getaffinity(0, sizeof saved_, &saved_);
    savedPolicy_ = ::sched_getscheduler(0);
    ::sched_getparam(0, &savedParam_);
    ok_ = pinTo(cpu);
    if (fifoRequested()) {
      sched_param p{};
      p.sched_priority = 10;
      ::sched_setscheduler(0, SCHED_FIFO, &p);
    }
  }
  ~Pinned() {
    ::sched_setscheduler(0, savedPolicy_, &savedParam_);
    ::sched_setaffinity(0, sizeof saved_, &saved_);
  }
  Pinned(const Pinned&) = delete;
  Pinned& operator=(const Pinned&) = delete;
  bool ok() const { return ok_; }

 private:
  cpu_set_t saved_{};
  int savedPolicy_ = SCHED_OTHER;
  sched_param savedParam_{};
  bool ok_ = false;
};

template <class Body>
pid_t spawnPeer(Body body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    pinTo(kPeerCpu);
    body();
    ::_exit(0);
  }
  // The child inherits the parent's CPU (and SCHED_FIFO): move it to its own
  // CPU from here, or a parent spinning at real-time priority would never
  // let it run there to move itself.
  if (pid > 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(kPeerCpu, &set);
    ::sched_setaffinity(pid, sizeof set, &set);
  }
  return pid;
}

inline void reapPeer(benchmark::State& state, pid_t pid) {
  int status = 0;
  if (pid <= 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    state.SkipWithError("peer process failed");
}

}  // namespace bulkhead::channel::bench
