#include "supervisor/supervisor.hpp"

#include "base/errno_text.hpp"
#include "base/monotonic_clock.hpp"

#include "supervisor/channel_guard.hpp"
#include "supervisor/channel_set.hpp"
#include "supervisor/cpu_budget.hpp"
#include "supervisor/domain_timeline.hpp"
#include "supervisor/health_report.hpp"
#include "supervisor/io_relay.hpp"
#include "supervisor/pacer.hpp"
#include "supervisor/partition_launcher.hpp"
#include "supervisor/process_partition.hpp"
#include "supervisor/realtime.hpp"
#include "supervisor/recovery.hpp"
#include "supervisor/release_log.hpp"
#include "supervisor/run_signals.hpp"
#include "supervisor/run_statistics.hpp"
#include "supervisor/restartable_host.hpp"
#include "supervisor/schedule_walk.hpp"
#include "trace/run_trace.hpp"

#include <pthread.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>

namespace bulkhead::supervisor {
namespace {

// A console nobody read cost lines, never time: say how many, and how many
// are still waiting when the close limit passes (lost unless it is read
// within one more), and give the report a last chance to get out.
void reportConsoleDrops(Console& console) {
  const bool drained = console.flush(Console::kCloseLimit);
  const auto dropped = console.droppedLines(), queued = drained ? 0 : console.queuedLines();
  if (dropped > 0 || queued > 0)
    console.report("console: " + std::to_string(dropped) +
                   " lines were dropped because standard output or standard error was not being read" +
                   (queued > 0 ? "; " + std::to_string(queued) + " more were still waiting to be written at exit"
                               : std::string()));
  console.flush(Console::kCloseLimit);
}

}  // namespace

// The run's parts and what they share; each job is in its part.
struct Supervisor::State {
  State(const plan::Plan& p, SupervisorOptions o, HostFactory f, Console& c)
      : plan(p), options(std::move(o)), factory(std::move(f)), console(c), health(c, p) {}

  const plan::Plan& plan;
  SupervisorOptions options;
  HostFactory factory;
  Console& console;
  HealthMonitor health;
  std::optional<DomainTimeline> timeline;
  std::optional<ChannelSet> channels;
  std::optional<HealthChannels> healthChannels;
  std::optional<ChannelGuard> guard;
  std::optional<Pacer> pacer;
  std::unique_ptr<trace::RunTrace> trace;
  std::optional<FreezerFactory> freezers;
  std::vector<std::unique_ptr<PartitionHost>> hosts;  // Plan order, the started ones
  std::atomic<bool> stopRequested{false};
  std::mutex overrunMutex;           // the trace thread's overruns go to the I/O part while it exists
  IoRelay* overrunSink = nullptr;
  ReleaseLog log;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> timingLog{nullptr, &std::fclose};  // --timing-log, open from prepare()

  std::expected<void, std::string> prepare();
  std::expected<void, std::string> openTrace();
  int runPartitions();
  int launch(PartitionLauncher& launcher);
  void walk(IoRelay& io);
  void shutDown(IoRelay& io, Recovery& recovery);
  int finish(int status);
};

Supervisor::Supervisor(const plan::Plan& plan, SupervisorOptions options, HostFactory hostFactory, Console& console)
    : state_(std::make_unique<State>(plan, std::move(options), std::move(hostFactory), console)) {}

Supervisor::~Supervisor() {
  if (state_) state_->hosts.clear();  // reaps what is left before the cgroups go
}

// Everything made before the first partition starts: the timeline, the
// channels, the pacer, the trace and the freezers.
std::expected<void, std::string> Supervisor::State::prepare() {
  auto madeTimeline = makeTimeline(plan, options.timeScale);
  if (!madeTimeline) return std::unexpected(madeTimeline.error());
  timeline.emplace(std::move(*madeTimeline));
  auto madeChannels = ChannelSet::create(plan);
  if (!madeChannels) return std::unexpected(madeChannels.error());
  channels.emplace(std::move(*madeChannels));
  guard.emplace(plan, *channels);
  auto madeHealthChannels = HealthChannels::create(plan);
  if (!madeHealthChannels) return std::unexpected(madeHealthChannels.error());
  healthChannels.emplace(std::move(*madeHealthChannels));
  health.setChannels(&*healthChannels);
  if (options.node)
    if (auto attached = options.node->attach(*channels); !attached) return attached;
  auto madePacer = Pacer::create(plan, *channels);
  if (!madePacer) return std::unexpected(madePacer.error());
  pacer.emplace(std::move(*madePacer));
  if (auto traced = openTrace(); !traced) return traced;
  if (!options.timingLog.empty()) {
    timingLog.reset(std::fopen(options.timingLog.c_str(), "w"));
    if (!timingLog) return std::unexpected(base::errnoText("--timing-log: cannot write " + options.timingLog.string()));
  }
  // Confined (root, a cgroup freezer), or told --unconfined and saying so
  // on every run; never silently weaker.
  if (options.unconfined) {
    freezers.emplace(FreezerFactory::unconfined());
    console.report("running unconfined (--unconfined): partitions are stopped outside their windows by "
                   "SIGSTOP/SIGCONT, which a hostile partition can defeat, and have no cgroup limits");
  } else if (auto confined = FreezerFactory::confined()) {
    freezers.emplace(std::move(*confined));
  } else {
    return std::unexpected("cannot confine the partitions: " + confined.error() +
                           "; run as root on a machine with a cgroup freezer, or give --unconfined to run without one");
  }
  if constexpr (kSanitized) {
    options.isolation.memoryLimitBytes = 0;  // sanitizer shadow memory is huge
    options.isolation.hideProc = false;      // sanitizer runtimes read /proc/self
  }
  return {};
}

std::expected<void, std::string> Supervisor::State::openTrace() {
  if (options.traceFile.empty()) return {};
  auto opened =
      trace::RunTrace::create(plan, options.traceFile, [this](std::string_view line) { console.report(line); });
  if (!opened) return std::unexpected(opened.error());
  trace = std::move(*opened);
  health.setFaultListener([this](int partition, const std::string& report) {
    trace->fault(partition, report, base::monotonicNow());
  });
  return {};
}

int Supervisor::State::launch(PartitionLauncher& launcher) {
  hosts.reserve(plan.partitions.size());
  auto launched = launcher.launch(hosts);
  for (std::size_t i = hosts.size(); i < plan.partitions.size(); ++i)
    health.markEnded(static_cast<int>(i));  // never started
  if (launched) return kRunClean;
  console.report(launched.error());
  return kRunSetupError;
}

void Supervisor::State::walk(IoRelay& io) {
  std::string notice;
  if (options.realtime && !enterRealtime(options.realtimePriority, notice)) console.report(notice);
  std::vector<int> domainOf;
  for (const auto& p : plan.partitions) domainOf.push_back(p.domain);
  ScheduleWalk walk(*timeline, hosts, std::move(domainOf), health, *pacer, trace.get(), log, console, stopRequested,
                    [&io](int partition, std::string what) { io.noteSaturated(partition, std::move(what)); },
                    options.node);
  walk.setFanOutRelay(&io.fanOut());
  // What a sender did to its channels is found while it is stopped, before
  // any receiver runs; the I/O thread reports and answers it.
  walk.setWindowEndListener([this, &io](int partition) {
    if (auto wrong = guard->check(partition))
      io.noteFault(partition, "wrote a corrupt channel (" + *wrong + ")", health.lastFrame(partition));
  });
  // A dispatch still running a whole window after the one it began in
  // overran it (health_channel.hpp), found without a trace, in any
  // partition; the I/O thread reports it and answers it. A step not done
  // by its window's end is late, the host's doing as much as the
  // partition's: reported here, as a starved window is, and answered by
  // no policy.
  // The life released in a window ended in it when its process has, or a
  // restart already waits to take over from it: asked only of a late one
  // (a system call on the walk's path).
  auto lifeEnded = [this](int partition) {
    PartitionHost& host = *hosts[static_cast<std::size_t>(partition)];
    return health.ended(partition) || host.hasExited() ||
           (host.restartable() != nullptr && host.restartable()->restartPending());
  };
  walk.setWindowJudgedListener([this, &io, lifeEnded](const ScheduleWalk::EndedWindow& w) {
    const auto seen = healthChannels->atWindowEnd(w.partition, w.frame, w.starved, w.owedTick);
    if (seen.overranIn != 0) io.noteOverrun(w.partition, seen.overranIn);
    if (!seen.wrong.empty()) io.noteFault(w.partition, "wrote a corrupt health channel (" + seen.wrong + ")", w.frame);
    if (seen.late && !lifeEnded(w.partition)) {
      const LateWindow late{w.partition, w.frame};
      log.addLate(late);
      console.report("late: " + describe(late, plan.partitions[static_cast<std::size_t>(w.partition)].name));
    }
  });
  walk.run(options.frames);
  leaveRealtime();
}

// VMs (a QEMU each, off the partitions' CPU) finish side by side; native
// partitions one at a time, each alone on the partitions' CPU as in a window
// of its own, so one that spins (in a dispatch or in finalise) cannot keep
// the others from finalising: after the grace period it is reported as
// overrunning and killed, and the next one finalises.
void Supervisor::State::shutDown(IoRelay& io, Recovery& recovery) {
  health.setShuttingDown();
  recovery.shutDown();
  io.setShuttingDown();
  const int n = static_cast<int>(hosts.size());
  auto host = [&](int i) -> PartitionHost& { return *hosts[static_cast<std::size_t>(i)]; };
  auto waitEnded = [&](auto done, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  };
  // Its program has ended: seen on its own pidfd, not only once the I/O
  // thread (no real-time thread, and busy with what the partitions
  // printed) has collected it, so that a slow I/O thread never makes a
  // partition that finished in time an overrun.
  auto finished = [&](int i) { return health.ended(i) || host(i).hasExited(); };
  std::vector<bool> killed(hosts.size(), false);
  auto overran = [&](int i) {
    host(i).freeze();
    health.overranAtShutdown(i, host(i).name(), options.shutdownGrace);
    host(i).kill();
    killed[static_cast<std::size_t>(i)] = true;
  };
  for (int i = 0; i < n; ++i)
    if (!health.ended(i) && host(i).bootsInParallel()) {
      host(i).terminate();  // pending until thawed
      host(i).thaw();
    }
  for (int i = 0; i < n; ++i) {
    if (health.ended(i) || host(i).bootsInParallel()) continue;
    host(i).terminate();
    host(i).thaw();
    waitEnded([&] { return finished(i); }, options.shutdownGrace);
    if (!finished(i)) overran(i);
  }
  waitEnded(
      [&] {
        for (int i = 0; i < n; ++i)
          if (!finished(i)) return false;
        return true;
      },
      options.shutdownGrace);
  for (int i = 0; i < n; ++i)
    if (!finished(i) && !killed[static_cast<std::size_t>(i)]) overran(i);
  waitEnded([&] { return health.allEnded(n); }, std::chrono::milliseconds(2000));
}

// Start, walk and stop the partitions, with the run's signal state and the
// I/O thread around them.
int Supervisor::State::runPartitions() {
  RunSignals signals;
  IoRelay io(console, health, plan, *channels, stopRequested, ::pthread_self());
  if (auto opened = io.open(signals.handled()); !opened) {
    console.report(opened.error());
    return kRunSetupError;
  }
  io.watchHealthChannels(*healthChannels);
  PartitionLauncher launcher({plan, options, factory, console, *channels, *healthChannels, *freezers, trace.get(), io,
                              health, stopRequested});
  Recovery recovery(health, io, launcher, console, hosts);
  health.setResponder([&recovery](int partition, HealthResponse response) { recovery.respond(partition, response); });
  // The runtime's trace records show a dispatch cut by its window's end:
  // an overrun, reported while the system runs (the trace thread drains
  // the rings until the trace is finished, after the I/O part is gone).
  {
    std::lock_guard lock(overrunMutex);
    overrunSink = &io;
  }
  if (trace) trace->setOverrunListener([this](int partition, std::uint64_t frame) {
    std::lock_guard lock(overrunMutex);
    if (overrunSink) overrunSink->noteOverrun(partition, frame);  // once, with the health channel's
  });
  const int status = launch(launcher);
  std::unique_ptr<CpuBudget> budget;
  if (status == kRunClean) budget = CpuBudget::start(plan, hosts, timeline->frame, base::monotonicNow());
  if (budget) io.watchCpuBudget(*budget);
  std::thread ioThread([&io] { io.run(); });
  if (trace) trace->start();
  if (status == kRunClean && !stopRequested.load()) walk(io);
  if (options.stats) printRunStatistics(console, log, hosts);
  shutDown(io, recovery);
  io.finish();
  ioThread.join();
  health.setResponder(nullptr);
  std::lock_guard lock(overrunMutex);
  overrunSink = nullptr;
  return status;
}

// The trace file and the timing log written, and the run's exit status.
int Supervisor::State::finish(int status) {
  if (trace && !trace->finish()) {
    console.report("--trace: writing " + options.traceFile.string() + " failed");
    if (status == kRunClean) status = kRunSetupError;
  }
  if (timingLog) {
    const bool written = log.write(timingLog.get());
    if (std::fclose(timingLog.release()) != 0 || !written) {
      console.report("--timing-log: writing " + options.timingLog.string() + " failed");
      if (status == kRunClean) status = kRunSetupError;
    }
  }
  reportConsoleDrops(console);
  if (status != kRunClean) return status;
  return health.faults() > 0 ? kRunFaults : kRunClean;
}

int Supervisor::run() {
  auto& s = *state_;
  if (auto ready = s.prepare(); !ready) {
    s.console.report(ready.error());
    return kRunSetupError;
  }
  return s.finish(s.runPartitions());
}

}  // namespace bulkhead::supervisor
