#include "runtime/transports/stop_signals.hpp"

#include "base/errno_text.hpp"

namespace bulkhead::runtime {

namespace {

volatile std::sig_atomic_t gStop = 0;

void onStopSignal(int) { gStop = 1; }

}  // namespace

Status takeStopSignals() {
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGTERM);
  sigaddset(&stopSignals, SIGINT);
  if (sigprocmask(SIG_BLOCK, &stopSignals, nullptr) != 0) return fail(base::errnoText("sigprocmask"));
  struct sigaction action {};
  action.sa_handler = onStopSignal;
  sigemptyset(&action.sa_mask);
  if (sigaction(SIGTERM, &action, nullptr) != 0 || sigaction(SIGINT, &action, nullptr) != 0)
    return fail(base::errnoText("sigaction"));
  return {};
}

bool stopRequested() { return gStop != 0; }

sigset_t waitMask() {
  sigset_t mask;
  sigprocmask(SIG_SETMASK, nullptr, &mask);
  sigdelset(&mask, SIGTERM);
  sigdelset(&mask, SIGINT);
  return mask;
}

timespec waitLimit(Nanoseconds timeout) {
  const Nanoseconds t = timeout < 0 ? 0 : timeout;
  timespec limit{};
  limit.tv_sec = static_cast<time_t>(t / 1'000'000'000);
  limit.tv_nsec = static_cast<long>(t % 1'000'000'000);
  return limit;
}

}  // namespace bulkhead::runtime
