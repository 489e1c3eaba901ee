#include "supervisor/supervisor.hpp"

#include "supervisor/channel_set.hpp"
#include "supervisor/domain_timeline.hpp"
#include "supervisor/health_report.hpp"
#include "supervisor/output_forwarder.hpp"
#include "supervisor/pacer.hpp"
#include "supervisor/process_partition.hpp"
#include "supervisor/realtime.hpp"
#include "supervisor/release_log.hpp"
#include "supervisor/run_statistics.hpp"
#include "supervisor/run_trace.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace bulkhead::supervisor {
namespace {

enum class Watch : std::uint32_t { Output, Exit, Relay, Signal, Wake };

std::uint64_t watchKey(Watch kind, std::uint32_t index) { return (static_cast<std::uint64_t>(kind) << 32) | index; }

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

std::vector<std::string> partitionEnvironment(const plan::Partition& p, const SupervisorOptions& options) {
  std::vector<std::string> env{"BULKHEAD_PARTITION=" + p.name, "BULKHEAD_PLAN_FINGERPRINT=" + options.planFingerprint,
                               "BULKHEAD_CHANNEL_TRANSPORT=fd"};
  if (options.timeScale != 1.0) {
    char scale[32];
    auto end = std::to_chars(scale, scale + sizeof scale, options.timeScale).ptr;  // shortest exact form: "0.05"
    env.push_back("BULKHEAD_TIME_SCALE=" + std::string(scale, end));
  }
  // Sanitizer settings of the caller reach sanitized partition programs.
  // LeakSanitizer needs ptrace, which the sandbox forbids; a fault must end
  // the partition with its signal for the health monitor, not be turned
  // into exit status 1 by ASan's handler.
  for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "TSAN_OPTIONS", "LSAN_OPTIONS"}) {
    std::string value = std::getenv(name) ? std::getenv(name) : "";
    if (kSanitized && std::string_view(name) == "ASAN_OPTIONS")
      value += (value.empty() ? "" : ":") + std::string("detect_leaks=0:handle_segv=0");
    if (!value.empty()) env.push_back(std::string(name) + "=" + value);
  }
  return env;
}

int firstAllowedCpu() {
  cpu_set_t set;
  if (::sched_getaffinity(0, sizeof set, &set) == 0)
    for (int c = 0; c < CPU_SETSIZE; ++c)
      if (CPU_ISSET(c, &set)) return c;
  return 0;
}

void noOp(int) {}

}  // namespace

struct Supervisor::State {
  State(const plan::Plan& p, SupervisorOptions o, HostFactory f, Console& c)
      : plan(p), options(std::move(o)), factory(std::move(f)), console(c), forwarder(c), health(c, p) {}

  const plan::Plan& plan;
  SupervisorOptions options;
  HostFactory factory;
  Console& console;
  OutputForwarder forwarder;
  HealthMonitor health;
  std::optional<ChannelSet> channels;
  std::optional<FreezerFactory> freezers;
  std::unique_ptr<RunTrace> trace;
  std::vector<std::unique_ptr<PartitionHost>> hosts;
  std::unique_ptr<std::atomic<bool>[]> ended;
  std::unique_ptr<std::atomic<std::uint64_t>[]> lastWindow;  // frame of each partition's latest release
  std::vector<bool> killedBySupervisor;
  std::atomic<bool> stopRequested{false};
  std::atomic<bool> shuttingDown{false};
  std::atomic<bool> finishIo{false};
  int epollFd = -1, signalFd = -1, wakeFd = -1;
  pthread_t walker{};
  ReleaseLog log;

  void watch(int fd, Watch kind, std::uint32_t index) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = watchKey(kind, index);
    ::epoll_ctl(epollFd, EPOLL_CTL_ADD, fd, &ev);
  }
  void unwatch(int fd) { ::epoll_ctl(epollFd, EPOLL_CTL_DEL, fd, nullptr); }

  bool allEnded() const {
    for (size_t i = 0; i < hosts.size(); ++i)
      if (!ended[i].load()) return false;
    return true;
  }

  void onExit(std::uint32_t i) {
    auto& host = *hosts[i];
    unwatch(host.exitFd());
    auto status = host.collectExit();
    ended[i].store(true);
    if (!status) {
      console.report(status.error());
      return;
    }
    if (shuttingDown.load()) {
      if (killedBySupervisor[i] || (!status->signalled && status->code == 0)) return;
    }
    health.partitionEnded(host.name(), *status, shuttingDown.load(), lastWindow[i].load());
  }

  void onRelay(std::uint32_t r) {
    const auto& relay = channels->relays()[r];
    std::uint64_t count = 0;
    if (::read(relay.from, &count, sizeof count) != sizeof count) return;
    for (int fd : relay.to) [[maybe_unused]] auto n = ::write(fd, &count, sizeof count);
  }

  void onSignal() {
    signalfd_siginfo info{};
    if (::read(signalFd, &info, sizeof info) != sizeof info) return;
    if (!stopRequested.exchange(true))
      console.report(std::string("received ") + (info.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM") + "; shutting down");
    ::pthread_kill(walker, SIGUSR1);  // cut the walk's sleep short
  }

  // Waits up to `timeoutMs` for events and handles them.
  void pump(int timeoutMs) {
    epoll_event events[32];
    int n = ::epoll_wait(epollFd, events, 32, timeoutMs);
    for (int e = 0; e < n; ++e) {
      auto kind = static_cast<Watch>(events[e].data.u64 >> 32);
      auto index = static_cast<std::uint32_t>(events[e].data.u64);
      switch (kind) {
        case Watch::Output:
          if (!forwarder.onReadable(static_cast<int>(index))) unwatch(static_cast<int>(index));
          break;
        case Watch::Exit: onExit(index); break;
        case Watch::Relay: onRelay(index); break;
        case Watch::Signal: onSignal(); break;
        case Watch::Wake: {
          std::uint64_t v;
          [[maybe_unused]] auto r = ::read(wakeFd, &v, sizeof v);
          break;
        }
      }
    }
  }

  void ioLoop() {
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    ::pthread_sigmask(SIG_BLOCK, &usr1, nullptr);
    std::optional<std::chrono::steady_clock::time_point> drainDeadline;
    for (;;) {
      pump(drainDeadline ? 20 : -1);
      if (finishIo.load()) {
        if (!drainDeadline) drainDeadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
        if (forwarder.allClosed() || std::chrono::steady_clock::now() > *drainDeadline) break;
      }
    }
    // Whatever is still buffered is forwarded, even without its newline.
    for (int fd : forwarder.openFds()) forwarder.onReadable(fd);
  }

  int startPartitions();
  void walkSchedule(const DomainTimeline& timeline, Pacer& pacer);
  void shutDown();
  void printStats();
};

Supervisor::Supervisor(const plan::Plan& plan, SupervisorOptions options, HostFactory hostFactory, Console& console)
    : state_(std::make_unique<State>(plan, std::move(options), std::move(hostFactory), console)) {}

Supervisor::~Supervisor() {
  if (!state_) return;
  state_->hosts.clear();  // reaps what is left before the cgroups go
  for (int fd : {state_->epollFd, state_->signalFd, state_->wakeFd})
    if (fd >= 0) ::close(fd);
}

int Supervisor::State::startPartitions() {
  const auto n = plan.partitions.size();
  std::vector<int> cpus = options.cpus.empty() ? std::vector<int>{firstAllowedCpu()} : options.cpus;
  // Every host is made first; those that boot a machine start booting at
  // once, side by side (a guest takes seconds under TCG), and the rest start
  // one after the other below. Hosts not handed to `hosts` by an early
  // return are destroyed with this vector, which stops them.
  std::vector<std::unique_ptr<PartitionHost>> prepared(n);
  std::vector<bool> startedEarly(n, false);
  for (size_t i = 0; i < n; ++i) {
    const auto& p = plan.partitions[i];
    LaunchContext context{plan,
                          static_cast<int>(i),
                          channels->handover(plan, static_cast<int>(i)),
                          partitionEnvironment(p, options),
                          cpus[i % cpus.size()],
                          options.realtime ? std::optional<int>(options.realtimePriority - 10) : std::nullopt,
                          options.isolation,
                          *freezers,
                          console};
    if (trace) context.channels.push_back(trace->handover(static_cast<int>(i)));
    auto host = factory(context);
    if (!host) {
      console.report(host.error());
      return kRunSetupError;
    }
    prepared[i] = std::move(*host);
  }
  // Output is forwarded from the moment a partition starts (a booting
  // guest's console too); its exit is watched once it is in `hosts`.
  auto forwardOutputs = [&](PartitionHost& h, size_t i) {
    for (const auto& out : h.outputs()) {
      ::fcntl(out.fd, F_SETFL, ::fcntl(out.fd, F_GETFL) | O_NONBLOCK);
      forwarder.add(out, static_cast<int>(i));
      watch(out.fd, Watch::Output, static_cast<std::uint32_t>(out.fd));
    }
  };
  for (size_t i = 0; i < n && !stopRequested.load(); ++i) {
    if (!prepared[i]->bootsInParallel()) continue;
    if (auto started = prepared[i]->start(); !started) {
      console.report(started.error());
      return kRunSetupError;
    }
    startedEarly[i] = true;
    forwardOutputs(*prepared[i], i);
  }
  for (size_t i = 0; i < n && !stopRequested.load(); ++i) {
    if (!startedEarly[i]) {
      auto started = prepared[i]->start();
      if (!started) {
        console.report(started.error());
        return kRunSetupError;
      }
    }
    hosts.push_back(std::move(prepared[i]));
    auto& h = *hosts.back();
    if (trace) trace->setSharesHostClock(static_cast<int>(i), h.sharesHostClock());
    if (auto* process = dynamic_cast<ProcessPartition*>(&h); process && !process->isolationNotice().empty())
      console.report("partition " + h.name() + ": " + process->isolationNotice());
    if (!startedEarly[i]) forwardOutputs(h, i);
    watch(h.exitFd(), Watch::Exit, static_cast<std::uint32_t>(i));
    // Start-up runs unconstrained (beside any guests still booting); then
    // the partition waits for its first window, frozen.
    const auto deadline = std::chrono::steady_clock::now() + h.startupLimit();
    while (!ended[i].load() && !stopRequested.load() && !h.startupComplete()) {
      if (std::chrono::steady_clock::now() > deadline) {
        console.report("partition " + h.name() + " is still busy after its start-up limit; stopping it until its window");
        break;
      }
      pump(2);
    }
    pump(0);
    h.freeze();
  }
  return kRunClean;
}

void Supervisor::State::walkSchedule(const DomainTimeline& timeline, Pacer& pacer) {
  const auto n = hosts.size();
  std::vector<bool> thawed(n, false);
  std::vector<int> domainOf(n);
  for (size_t i = 0; i < n; ++i) domainOf[i] = plan.partitions[i].domain;
  if (options.frames) log.reserve(*options.frames * timeline.slots.size());
  const std::int64_t origin = base::monotonicNow() + 2'000'000;  // a little lead for the first release
  std::uint64_t frame = 0;
  bool stopped = false;
  for (; !options.frames || frame < *options.frames; ++frame) {
    for (size_t s = 0; s < timeline.slots.size(); ++s) {
      const auto& slot = timeline.slots[s];
      const std::int64_t planned = origin + static_cast<std::int64_t>(frame) * timeline.frame + slot.start;
      sleepUntil(planned, stopRequested);
      if (stopRequested.load()) {
        stopped = true;
        break;
      }
      Release r;
      r.woke = base::monotonicNow();
      r.planned = planned;
      r.frame = static_cast<std::uint32_t>(frame + 1);
      r.slot = static_cast<std::uint16_t>(s);
      r.domain = static_cast<std::int16_t>(slot.domain);
      for (size_t i = 0; i < n; ++i)
        if (thawed[i] && domainOf[i] != slot.domain) {
          hosts[i]->freeze();
          thawed[i] = false;
          ++r.stops;
        }
      r.stopped = base::monotonicNow();
      if (slot.pacer) {
        const std::uint8_t tick = pacer.tick();
        if (trace) trace->pacerTick(base::monotonicNow(), tick);
      }
      const std::uint64_t window = frame * timeline.slots.size() + s + 1;
      // Before any release: the trace must know a window before it sees
      // what the partition did in it.
      if (trace) trace->slot(frame, static_cast<int>(s), planned, slot.length);
      for (int i : slot.partitions)
        if (!thawed[static_cast<size_t>(i)] && !ended[static_cast<size_t>(i)].load()) {
          lastWindow[static_cast<size_t>(i)].store(frame + 1);
          if (trace) trace->released(i, window, base::monotonicNow());
          hosts[static_cast<size_t>(i)]->thaw();
          thawed[static_cast<size_t>(i)] = true;
          ++r.releases;
        }
      r.released = base::monotonicNow();
      log.add(r);
    }
    if (stopped) break;
    if (allEnded()) {
      console.report("every partition has ended; stopping the schedule");
      break;
    }
  }
  if (!stopped) sleepUntil(origin + static_cast<std::int64_t>(frame) * timeline.frame, stopRequested);
  for (size_t i = 0; i < n; ++i)
    if (thawed[i]) hosts[i]->freeze();
}

void Supervisor::State::shutDown() {
  shuttingDown.store(true);
  for (size_t i = 0; i < hosts.size(); ++i)
    if (!ended[i].load()) {
      hosts[i]->terminate();  // pending until thawed
      hosts[i]->thaw();
    }
  auto waitEnded = [&](std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!allEnded() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  };
  waitEnded(options.shutdownGrace);
  for (size_t i = 0; i < hosts.size(); ++i)
    if (!ended[i].load()) {
      console.report("partition " + hosts[i]->name() + " did not finish within " +
                     std::to_string(options.shutdownGrace.count()) + " ms of SIGTERM; killing it");
      health.countFault();
      killedBySupervisor[i] = true;
      hosts[i]->kill();
    }
  waitEnded(std::chrono::milliseconds(2000));
}

int Supervisor::run() {
  auto& s = *state_;
  auto timeline = makeTimeline(s.plan, s.options.timeScale);
  if (!timeline) {
    s.console.report(timeline.error());
    return kRunSetupError;
  }
  auto channels = ChannelSet::create(s.plan);
  if (!channels) {
    s.console.report(channels.error());
    return kRunSetupError;
  }
  s.channels.emplace(std::move(*channels));
  auto pacer = Pacer::create(s.plan, *s.channels);
  if (!pacer) {
    s.console.report(pacer.error());
    return kRunSetupError;
  }
  if (!s.options.traceFile.empty()) {
    auto trace = RunTrace::create(s.plan, s.options.traceFile, s.console);
    if (!trace) {
      s.console.report(trace.error());
      return kRunSetupError;
    }
    s.trace = std::move(*trace);
    s.health.setFaultListener([&s](const std::string& partition, const std::string& report) {
      for (std::size_t i = 0; i < s.plan.partitions.size(); ++i)
        if (s.plan.partitions[i].name == partition || (i < s.hosts.size() && s.hosts[i]->name() == partition))
          s.trace->fault(static_cast<int>(i), report, base::monotonicNow());
    });
  }
  std::string notice;
  s.freezers.emplace(FreezerFactory::detect(!s.options.cgroupFreezer, notice));
  if (!notice.empty()) s.console.report(notice);
  if constexpr (kSanitized) {
    s.options.isolation.memoryLimitBytes = 0;  // sanitizer shadow memory is huge
    s.options.isolation.hideProc = false;      // sanitizer runtimes read /proc/self
  }

  // SIGINT/SIGTERM arrive through a signalfd; SIGUSR1 only interrupts the
  // walk's sleep; a closed stdout must not kill the supervisor.
  sigset_t handled;
  sigemptyset(&handled);
  sigaddset(&handled, SIGINT);
  sigaddset(&handled, SIGTERM);
  sigset_t previousMask;
  ::pthread_sigmask(SIG_BLOCK, &handled, &previousMask);
  struct sigaction wake{}, previousUsr1{}, previousPipe{}, ignore{};
  wake.sa_handler = noOp;
  ::sigaction(SIGUSR1, &wake, &previousUsr1);
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previousPipe);
  s.walker = ::pthread_self();
  s.epollFd = ::epoll_create1(EPOLL_CLOEXEC);
  s.signalFd = ::signalfd(-1, &handled, SFD_CLOEXEC);
  s.wakeFd = ::eventfd(0, EFD_CLOEXEC);
  s.watch(s.signalFd, Watch::Signal, 0);
  s.watch(s.wakeFd, Watch::Wake, 0);
  for (size_t r = 0; r < s.channels->relays().size(); ++r)
    s.watch(s.channels->relays()[r].from, Watch::Relay, static_cast<std::uint32_t>(r));
  s.forwarder.setFilter([&s](int owner, OutputStream stream, std::string_view line) {
    // The line was written in the partition's latest window.
    return s.health.filterLine(s.plan.partitions[static_cast<size_t>(owner)].name, stream, line,
                               s.lastWindow[static_cast<size_t>(owner)].load());
  });

  const auto n = s.plan.partitions.size();
  s.ended = std::make_unique<std::atomic<bool>[]>(n);
  s.lastWindow = std::make_unique<std::atomic<std::uint64_t>[]>(n);
  s.killedBySupervisor.assign(n, false);
  s.hosts.reserve(n);
  int status = s.startPartitions();
  for (size_t i = s.hosts.size(); i < n; ++i) s.ended[i].store(true);  // never started

  std::thread io([&s] { s.ioLoop(); });
  if (s.trace) s.trace->start();
  if (status == kRunClean && !s.stopRequested.load()) {
    std::string realtimeNotice;
    if (s.options.realtime && !enterRealtime(s.options.realtimePriority, realtimeNotice)) s.console.report(realtimeNotice);
    s.walkSchedule(*timeline, *pacer);
    leaveRealtime();
  }
  if (s.options.stats) printRunStatistics(s.console, s.log, s.hosts);
  s.shutDown();
  s.finishIo.store(true);
  std::uint64_t one = 1;
  [[maybe_unused]] auto w = ::write(s.wakeFd, &one, sizeof one);
  io.join();
  // The caller's signal state back (a SIGINT that arrived is consumed).
  ::sigaction(SIGUSR1, &previousUsr1, nullptr);
  ::sigaction(SIGPIPE, &previousPipe, nullptr);
  ::pthread_sigmask(SIG_SETMASK, &previousMask, nullptr);
  if (s.trace && !s.trace->finish()) {
    s.console.report("--trace: writing " + s.options.traceFile.string() + " failed");
    if (status == kRunClean) status = kRunSetupError;
  }
  if (!s.options.timingLog.empty()) {
    std::string error;
    if (!s.log.write(s.options.timingLog, error)) s.console.report(error);
  }
  if (status != kRunClean) return status;
  return s.health.faults() > 0 ? kRunFaults : kRunClean;
}

HostFactory nativeHostFactory(
    std::function<std::expected<std::filesystem::path, std::string>(const plan::Partition&)> programFor) {
  return [programFor = std::move(programFor)](LaunchContext& c) -> std::expected<std::unique_ptr<PartitionHost>, std::string> {
    const auto& p = c.plan.partitions.at(static_cast<size_t>(c.partition));
    auto program = programFor(p);
    if (!program) return std::unexpected(program.error());
    auto freezer = c.freezers.make(p.name);
    if (!freezer) return std::unexpected(freezer.error());
    ProcessLaunch launch{p.name,   *program, {}, std::move(c.channels), std::move(c.environment),
                         c.cpu,    c.realtimePriority, c.isolation};
    return std::make_unique<ProcessPartition>(std::move(launch), std::move(*freezer));
  };
}

}  // namespace bulkhead::supervisor
