#include "supervisor/run_signals.hpp"

#include <pthread.h>

namespace bulkhead::supervisor {
namespace {

void noOp(int) {}

}  // namespace

RunSignals::RunSignals() {
  sigemptyset(&handled_);
  sigaddset(&handled_, SIGINT);
  sigaddset(&handled_, SIGTERM);
  ::pthread_sigmask(SIG_BLOCK, &handled_, &previousMask_);
  struct sigaction wake {}, ignore{};
  wake.sa_handler = noOp;
  ::sigaction(SIGUSR1, &wake, &previousUsr1_);
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previousPipe_);
}

RunSignals::~RunSignals() {
  ::sigaction(SIGUSR1, &previousUsr1_, nullptr);
  ::sigaction(SIGPIPE, &previousPipe_, nullptr);
  ::pthread_sigmask(SIG_SETMASK, &previousMask_, nullptr);
}

}  // namespace bulkhead::supervisor
