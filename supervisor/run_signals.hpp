#pragma once
// The supervisor's signal state for the length of a run: SIGINT and
// SIGTERM blocked (they arrive through the I/O part's signalfd), SIGUSR1
// only interrupts the schedule walk's sleep, and a closed stdout (SIGPIPE)
// must not kill the supervisor. The caller's state comes back on
// destruction (a SIGINT that arrived is consumed).
#include <signal.h>

namespace bulkhead::supervisor {

class RunSignals {
 public:
  RunSignals();
  ~RunSignals();
  RunSignals(const RunSignals&) = delete;
  RunSignals& operator=(const RunSignals&) = delete;

  // The signals the signalfd takes.
  const sigset_t& handled() const { return handled_; }

 private:
  sigset_t handled_{};
  sigset_t previousMask_{};
  struct sigaction previousUsr1_ {}, previousPipe_{};
};

}  // namespace bulkhead::supervisor
