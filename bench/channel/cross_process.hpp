#pragma once
// Helpers for benchmarks that run a peer in another process pinned to
// another core: the peer is forked after the shared memory and descriptors
// exist, and exits when told to.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

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

// Pins the calling process for the lifetime of the object, then restores.
class Pinned {
 public:
  explicit Pinned(int cpu) {
    ::sched_getaffinity(0, sizeof saved_, &saved_);
    ok_ = pinTo(cpu);
  }
  ~Pinned() { ::sched_setaffinity(0, sizeof saved_, &saved_); }
  bool ok() const { return ok_; }

 private:
  cpu_set_t saved_{};
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
  return pid;
}

inline void reapPeer(benchmark::State& state, pid_t pid) {
  int status = 0;
  if (pid <= 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    state.SkipWithError("peer process failed");
}

}  // namespace bulkhead::channel::bench
