#include "supervisor/io_relay.hpp"

#include "base/errno_text.hpp"
#include "base/monotonic_clock.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <chrono>
#include <optional>

namespace bulkhead::supervisor {

IoRelay::IoRelay(Console& console, HealthMonitor& health, const plan::Plan& plan, const ChannelSet& channels,
                 std::atomic<bool>& stopRequested, pthread_t walker)
    : console_(console), health_(health), plan_(plan), channels_(channels), stopRequested_(stopRequested), walker_(walker),
      forwarder_(console),
      fanOut_(plan, channels, [this](int partition, std::string what) { noteSaturated(partition, std::move(what)); }) {}

IoRelay::~IoRelay() {
  for (int fd : {epollFd_, signalFd_, wakeFd_})
    if (fd >= 0) ::close(fd);
}

std::expected<void, std::string> IoRelay::open(const sigset_t& signals) {
  epollFd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epollFd_ < 0) return std::unexpected(base::errnoText("epoll_create1"));
  signalFd_ = ::signalfd(-1, &signals, SFD_CLOEXEC);
  if (signalFd_ < 0) return std::unexpected(base::errnoText("signalfd"));
  wakeFd_ = ::eventfd(0, EFD_CLOEXEC);
  if (wakeFd_ < 0) return std::unexpected(base::errnoText("eventfd"));
  watch(signalFd_, Watch::Signal, 0);
  watch(wakeFd_, Watch::Wake, 0);
  const auto& relays = channels_.relays();
  for (std::size_t r = 0; r < relays.size(); ++r) watch(relays[r].from, Watch::Relay, static_cast<std::uint32_t>(r));
  return {};
}

void IoRelay::watch(int fd, Watch kind, std::uint32_t index) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = (static_cast<std::uint64_t>(kind) << 32) | index;
  ::epoll_ctl(epollFd_, EPOLL_CTL_ADD, fd, &ev);
}

void IoRelay::unwatch(int fd) { ::epoll_ctl(epollFd_, EPOLL_CTL_DEL, fd, nullptr); }

void IoRelay::forwardOutputs(PartitionHost& host) {
  for (const auto& out : host.outputs()) {
    ::fcntl(out.fd, F_SETFL, ::fcntl(out.fd, F_GETFL) | O_NONBLOCK);
    forwarder_.add(out, host.name());
    watch(out.fd, Watch::Output, static_cast<std::uint32_t>(out.fd));
  }
}

void IoRelay::watchExit(PartitionHost& host, int partition) {
  if (exits_.size() <= static_cast<std::size_t>(partition)) exits_.resize(static_cast<std::size_t>(partition) + 1);
  exits_[static_cast<std::size_t>(partition)] = &host;
  watch(host.exitFd(), Watch::Exit, static_cast<std::uint32_t>(partition));
}

void IoRelay::watchCpuBudget(CpuBudget& budget) {
  budget_ = &budget;
  watch(budget.fd(), Watch::Budget, 0);
}

void IoRelay::watchHealthChannels(HealthChannels& channels) {
  healthChannels_ = &channels;
  watch(channels.timerFd(), Watch::Health, 0);
}

void IoRelay::noteSaturated(int partition, std::string what) {
  {
    std::lock_guard lock(notedMutex_);
    saturations_.emplace_back(partition, std::move(what));
  }
  std::uint64_t one = 1;
  [[maybe_unused]] auto w = ::write(wakeFd_, &one, sizeof one);
}

void IoRelay::noteFault(int partition, std::string what, std::uint64_t frame) {
  {
    std::lock_guard lock(notedMutex_);
    faults_.push_back({partition, std::move(what), frame});
  }
  std::uint64_t one = 1;
  [[maybe_unused]] auto w = ::write(wakeFd_, &one, sizeof one);
}

void IoRelay::noteOverrun(int partition, std::uint64_t frame) {
  {
    std::lock_guard lock(notedMutex_);
    faults_.push_back({partition, {}, frame, true});
  }
  std::uint64_t one = 1;
  [[maybe_unused]] auto w = ::write(wakeFd_, &one, sizeof one);
}

void IoRelay::reportNoted() {
  std::vector<std::pair<int, std::string>> saturations;
  std::vector<NotedFault> faults;
  {
    std::lock_guard lock(notedMutex_);
    saturations.swap(saturations_);
    faults.swap(faults_);
  }
  for (auto& [partition, what] : saturations) health_.notificationSaturated(partition, what);
  for (auto& f : faults)
    if (f.overrun) health_.overran(f.partition, f.frame);
    else health_.faultIn(f.partition, f.what, f.frame);
}

void IoRelay::stopRun() {
  stopRequested_.store(true);
  ::pthread_kill(walker_, SIGUSR1);  // cut the walk's sleep short
}

void IoRelay::pump(int timeoutMs) {
  epoll_event events[32];
  const int n = ::epoll_wait(epollFd_, events, 32, timeoutMs);
  for (int e = 0; e < n; ++e)
    handle(static_cast<Watch>(events[e].data.u64 >> 32), static_cast<std::uint32_t>(events[e].data.u64));
}

void IoRelay::handle(Watch kind, std::uint32_t index) {
  switch (kind) {
    case Watch::Output:
      if (!forwarder_.onReadable(static_cast<int>(index))) unwatch(static_cast<int>(index));
      break;
    case Watch::Exit: onExit(index); break;
    case Watch::Relay: fanOut_.relay(index); break;
    case Watch::Signal: onSignal(); break;
    case Watch::Budget:
      if (budget_) budget_->check(health_, shuttingDown_.load(), base::monotonicNow());
      break;
    case Watch::Health: {
      std::uint64_t expirations;
      [[maybe_unused]] auto r = ::read(healthChannels_->timerFd(), &expirations, sizeof expirations);
      healthChannels_->lookAll(health_);
      break;
    }
    case Watch::Wake: {
      std::uint64_t v;
      [[maybe_unused]] auto r = ::read(wakeFd_, &v, sizeof v);
      reportNoted();
      break;
    }
  }
}

void IoRelay::onExit(std::uint32_t partition) {
  PartitionHost& host = *exits_[partition];
  unwatch(host.exitFd());
  // What it reported before it ended comes before its end.
  if (healthChannels_) healthChannels_->look(static_cast<int>(partition), health_);
  auto status = host.collectExit();
  if (!status) {
    health_.markEnded(static_cast<int>(partition));
    console_.report(status.error());
    return;
  }
  health_.partitionExited(static_cast<int>(partition), host.name(), *status, shuttingDown_.load());
}

void IoRelay::onSignal() {
  signalfd_siginfo info{};
  if (::read(signalFd_, &info, sizeof info) != sizeof info) return;
  if (!stopRequested_.load())
    console_.report(std::string("received ") + (info.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM") + "; shutting down");
  stopRun();
}

void IoRelay::run() {
  sigset_t usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  ::pthread_sigmask(SIG_BLOCK, &usr1, nullptr);
  std::optional<std::chrono::steady_clock::time_point> drainDeadline;
  for (;;) {
    pump(drainDeadline ? 20 : -1);
    if (finish_.load()) {
      if (!drainDeadline) drainDeadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
      if (forwarder_.allClosed() || std::chrono::steady_clock::now() > *drainDeadline) break;
    }
  }
  // Whatever is still in the pipes is forwarded: all of it (one read took
  // at most 4 kB and lost the rest), never waiting on a pipe a process
  // still holds open.
  for (int fd : forwarder_.openFds()) {
    pollfd ready{fd, POLLIN, 0};
    while (::poll(&ready, 1, 0) == 1 && forwarder_.onReadable(fd)) {
    }
  }
  if (healthChannels_) healthChannels_->lookAll(health_, true);
}

void IoRelay::finish() {
  finish_.store(true);
  std::uint64_t one = 1;
  [[maybe_unused]] auto w = ::write(wakeFd_, &one, sizeof one);
}

}  // namespace bulkhead::supervisor
