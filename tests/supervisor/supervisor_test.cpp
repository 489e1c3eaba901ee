// The supervisor's mechanics with small test partitions: schedule walk and
// window enforcement, a runaway partition, a write into a read-only
// channel, crash reports, shutdown on SIGTERM and after --frames.
#include "tests/support/chrome_trace.hpp"
#include "tests/support/held_up_frames.hpp"
#include "plan_builder.hpp"
#include "supervisor_harness.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pthread.h>
#include <sched.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <regex>
#include <sstream>
#include <set>
#include <thread>
#include <vector>

namespace bulkhead::supervisor::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

long long stampOf(const std::string& line) { return std::stoll(line.substr(line.rfind("t=") + 2)); }

// A partition may only run inside its domain's windows: from just before
// its release until the supervisor stopped it at the next boundary.
bool insideOwnWindow(const RunResult& r, int domain, long long t) {
  for (size_t i = 0; i + 1 < r.windows.size(); ++i) {
    const auto& w = r.windows[i];
    if (w.domain == domain && t >= w.stopped && t <= r.windows[i + 1].stopped) return true;
  }
  return false;
}

PlanBuilder producerConsumer(int windowMs) {
  PlanBuilder b;
  int producer = b.partition("producer", 2);
  int consumer = b.partition("consumer", 3);
  b.connect(producer, {consumer}, plan::PortCategory::EventData, 8);
  b.periodQueues();
  b.schedule({{0, 2}, {1, 1}, {0, 1}, {2, windowMs}, {0, 1}, {3, windowMs}, {0, 1}});
  return b;
}

// The frame a report line matching `report` (one group: the frame) names;
// 0 when there is none.
int reportedFrame(const std::string& text, const std::string& report) {
  std::smatch m;
  return std::regex_search(text, m, std::regex(report)) ? std::stoi(m[1].str()) : 0;
}

// The tick of the last dispatch line starting `prefix` ("<name>: tick N");
// 0 when there is none.
int lastTick(const RunResult& r, const std::string& prefix) {
  const auto lines = r.outLines(prefix);
  return lines.empty() ? 0 : std::stoi(lines.back().substr(prefix.size()));
}

// `partition` dispatched (a line "<partition>: tick F ...") in every frame
// from `first` to `last` the run did not report starved for it.
void expectDispatchedInEveryFrame(const RunResult& r, const std::string& partition, int first, int last) {
  const auto starved = bulkhead::testing::heldUpFrames(r.err);
  std::set<int> ticks;
  for (const auto& line : r.outLines(partition + ": tick "))
    ticks.insert(std::stoi(line.substr(partition.size() + 7)));
  for (int f = first; f <= last; ++f)
    if (!starved.has(partition, f)) {
      EXPECT_TRUE(ticks.contains(f)) << partition << " in frame " << f << "\n" << r.out << r.err;
    }
}

SupervisorOptions frames(std::uint64_t n) {
  SupervisorOptions o;
  o.frames = n;
  return o;
}

// What the schedule guarantees the producer/consumer pair, outside the
// frames the host starved (held_up_frames.hpp).
void expectEveryValueInOrder(const RunResult& r, int frameCount) {
  const auto producer = r.outLines("producer: tick");
  for (const auto& broken : bulkhead::testing::pairBreaks(r.outLines("consumer: tick"), &producer,
                                                          bulkhead::testing::heldUpFrames(r.err), "producer",
                                                          "consumer", frameCount))
    ADD_FAILURE() << broken << "\n" << r.out << r.err;
}

TEST(Supervisor, WalksTheScheduleAndDeliversEveryValueInOrder) {
  auto b = producerConsumer(10);
  auto r = runSystem(b.plan(), {{"producer", {"producer"}}, {"consumer", {"consumer"}}}, frames(12));
  EXPECT_EQ(r.status, kRunClean) << r.err;
  expectEveryValueInOrder(r, 12);
  EXPECT_EQ(r.outLines("producer: initialise").size(), 1u);
  EXPECT_EQ(r.outLines("producer: finalise").size(), 1u);
  EXPECT_EQ(r.outLines("consumer: finalise").size(), 1u);
  EXPECT_EQ(r.windows.size(), 12u * 7u);
  for (const auto& line : r.outLines("producer: tick")) EXPECT_TRUE(insideOwnWindow(r, 2, stampOf(line))) << line;
  for (const auto& line : r.outLines("consumer: tick")) EXPECT_TRUE(insideOwnWindow(r, 3, stampOf(line))) << line;
}

std::vector<int> allowedCpus() {
  std::vector<int> out;
  cpu_set_t set;
  if (::sched_getaffinity(0, sizeof set, &set) == 0)
    for (int c = 0; c < CPU_SETSIZE; ++c)
      if (CPU_ISSET(c, &set)) out.push_back(c);
  return out;
}

int firstAllowedCpu() {
  const auto cpus = allowedCpus();
  return cpus.empty() ? 0 : cpus.front();
}

// Other real-time work on the partitions' CPU (here a thread of the test,
// above the partitions' priority, as another run's partitions at theirs
// would be) starves the windows it covers: the run reports each of them
// while it runs and counts them in --stats, and every frame it does not
// report is exact.
TEST(Supervisor, ReportsEachWindowTheHostStarvedAndKeepsEveryOtherFrameExact) {
  auto b = producerConsumer(10);  // frames of 26 ms
  // 40 frames (over a second), and a spin of 60 ms (over two frames: whole
  // windows of both partitions) every 250 ms from the start until the
  // supervisor's run has returned: several spins fall inside the frames
  // however late the run starts. The thread stays real-time while it
  // sleeps, so a loaded host cannot hold its next spin off past the run
  // (as a waking SCHED_OTHER thread can be), and the run's end is the
  // supervisor's, not its output's (which lags under a sanitizer).
  auto options = frames(40);
  options.stats = true;
  const int cpu = firstAllowedCpu();
  options.cpus = {cpu};
  std::atomic<bool> spun{false};
  auto r = runSystem(b.plan(), {{"producer", {"producer"}}, {"consumer", {"consumer"}}}, options,
                     [&](const std::filesystem::path&, const std::atomic<bool>& ended) {
                       const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
                       cpu_set_t one;
                       CPU_ZERO(&one);
                       CPU_SET(cpu, &one);
                       if (::sched_setaffinity(0, sizeof one, &one) != 0) return;
                       sched_param above{options.realtimePriority - 5};
                       if (::pthread_setschedparam(::pthread_self(), SCHED_FIFO, &above) != 0) return;
                       while (!ended && std::chrono::steady_clock::now() < deadline) {
                         const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(60);
                         while (std::chrono::steady_clock::now() < end) {
                         }
                         spun = true;
                         std::this_thread::sleep_for(std::chrono::milliseconds(190));
                       }
                       sched_param normal{0};
                       ::pthread_setschedparam(::pthread_self(), SCHED_OTHER, &normal);
                     });
  if (r.err.find("windows the host starved: not measured") != std::string::npos)
    GTEST_SKIP() << "no cgroup v2 CPU pressure on this machine: " << r.err;
  ASSERT_TRUE(spun.load()) << "could not take the partitions' CPU\n" << r.out << r.err;
  EXPECT_EQ(r.status, kRunClean) << r.err;
  const auto starved = bulkhead::testing::heldUpFrames(r.err);
  ASSERT_TRUE(starved.any()) << r.err;
  std::size_t reported = 0;
  for (const auto& [name, frames] : starved.byPartition) reported += frames.size();
  EXPECT_THAT(r.err, HasSubstr("bulkhead: stats: windows the host starved: " + std::to_string(reported) + " of "))
      << r.err;
  for (const auto& [name, frames] : starved.byPartition)
    for (int f : frames) std::cout << "[ starved  ] " << name << " in frame " << f << "\n";
  // The spins covered whole windows of both (the host may starve others of
  // its own accord).
  EXPECT_TRUE(starved.byPartition.contains("producer")) << r.err;
  EXPECT_TRUE(starved.byPartition.contains("consumer")) << r.err;
  expectEveryValueInOrder(r, 40);
}

void expectRunawayContained(bool unconfined) {
  PlanBuilder b;
  int runaway = b.partition("runaway", 2);
  int watcher = b.partition("watcher", 3);
  b.connect(runaway, {watcher}, plan::PortCategory::Data, 64);
  b.periodQueues();
  b.schedule({{0, 2}, {1, 1}, {0, 1}, {2, 20}, {0, 1}, {3, 20}, {0, 1}});
  auto options = frames(8);
  options.unconfined = unconfined;
  options.shutdownGrace = std::chrono::milliseconds(300);
  // The watcher spins 5 ms in its window, reading the runaway's data port
  // before and after: a runaway still running would have moved it. Each on
  // a CPU of its own: on one CPU a runaway left running would keep the
  // watcher off it, which the run reports as windows the host starved, and
  // the test could not tell from load.
  const auto cpus = allowedCpus();
  if (cpus.size() < 2) GTEST_SKIP() << "needs two CPUs to run the runaway beside the watcher";
  options.cpus = {cpus[0], cpus[1]};
  auto r = runSystem(b.plan(), {{"runaway", {"runaway"}}, {"watcher", {"watcher", "5000000"}}}, options);
  // Its entry point never returns, so it cannot finalise: killed at shutdown.
  EXPECT_EQ(r.status, kRunFaults) << r.err;
  EXPECT_THAT(r.err, HasSubstr("bulkhead: health: partition runaway overran its window while shutting down: still "
                               "running 300 ms after SIGTERM; killing it\n"));
  EXPECT_EQ(r.outLines("runaway: entry point starts looping forever").size(), 1u) << r.out;
  // A dispatch in every frame but those the host starved the watcher in
  // (reported). Signals measure nothing, and a SIGSTOP can be held off by
  // a runaway at the watcher's priority (docs/design.md, Enforcement): with
  // them only the dispatches that happened are checked. Of each, what the
  // enforcement guarantees whatever the load (never how soon a loaded host
  // dispatched it): it ran in its own window; the runaway did not move
  // while it ran; and the runaway's last write before it was made in one
  // of the runaway's own windows, from its release until its stop at that
  // window's end took hold, before the watcher's window began.
  const auto starved = bulkhead::testing::heldUpFrames(r.err);
  const std::regex dispatch("^watcher: tick ([0-9]+) dispatched at ([0-9]+) runaway (still|moved), its last write at ([0-9]+) ");
  std::set<int> ticks;
  for (const auto& line : r.outLines("watcher: tick")) {
    std::smatch m;
    ASSERT_TRUE(std::regex_search(line, m, dispatch)) << line;
    const int tick = std::stoi(m[1].str());
    EXPECT_TRUE(ticks.insert(tick).second) << line;
    EXPECT_EQ(m[3].str(), "still") << line;
    EXPECT_TRUE(insideOwnWindow(r, 3, stampOf(line))) << line;
    const auto watcherWindow = static_cast<std::size_t>((tick - 1) * 7 + 5);
    ASSERT_LT(watcherWindow, r.windows.size()) << line;
    ASSERT_EQ(r.windows[watcherWindow].domain, 3);
    const long long lastWrite = std::stoll(m[4].str());
    if (lastWrite == 0) continue;  // it had not written yet
    bool inItsWindow = false;
    for (std::size_t i = 3; i + 2 <= watcherWindow; i += 7) {
      EXPECT_EQ(r.windows[i].domain, 2);
      inItsWindow = inItsWindow || (lastWrite >= r.windows[i].stopped && lastWrite <= r.windows[i + 2].released);
    }
    EXPECT_TRUE(inItsWindow) << "the runaway wrote outside its windows: " << line;
  }
  EXPECT_LE(ticks.size(), 8u);
  if (!unconfined) {
    for (int f = 1; f <= 8; ++f) {
      if (!starved.has("watcher", f)) {
        EXPECT_TRUE(ticks.contains(f)) << "frame " << f << "\n" << r.out << r.err;
      }
    }
  }
}

TEST(Supervisor, StopsARunawayPartitionAtItsWindowEndWithTheCgroupFreezer) { expectRunawayContained(false); }
TEST(Supervisor, StopsARunawayPartitionAtItsWindowEndWithSignals) { expectRunawayContained(true); }

TEST(Supervisor, KillsAndReportsAPartitionWritingIntoItsReadOnlyChannel) {
  auto b = producerConsumer(10);
  auto& plan = const_cast<plan::Plan&>(b.plan());
  plan.partitions[1].name = "vandal";
  auto r = runSystem(plan, {{"producer", {"producer"}}, {"vandal", {"vandal"}}}, frames(6));
  EXPECT_EQ(r.status, kRunFaults);
  // It writes at its first dispatch from tick 2 on, and is reported in
  // that frame (a later one only past windows the host starved).
  const auto writing = r.outLines("vandal: writing into its receive channel at tick ");
  ASSERT_EQ(writing.size(), 1u) << r.out;
  const int tick = std::stoi(writing[0].substr(std::string("vandal: writing into its receive channel at tick ").size()));
  EXPECT_GE(tick, 2) << r.out;
  const int named =
      reportedFrame(r.err, "bulkhead: health: partition vandal crashed: signal 11 \\(SIGSEGV\\) in frame ([0-9]+)\n");
  EXPECT_EQ(bulkhead::testing::frameOfDispatchBreak(bulkhead::testing::heldUpFrames(r.err), "vandal", tick, named), "")
      << r.err;
  EXPECT_THAT(r.out, Not(HasSubstr("write went through")));
  // The producer and the schedule go on.
  EXPECT_LE(r.outLines("producer: tick").size(), 6u) << r.out;
  expectDispatchedInEveryFrame(r, "producer", 1, 6);
  EXPECT_EQ(r.windows.size(), 6u * 7u);
}

// The crasher aborts at its first dispatch from tick 3 on (its last tick
// line): tick 3 unless the host starved its frame-3 window. The report
// names that frame (a later one only past windows the host starved), and
// before it the crasher dispatched in every frame not reported starved.
void expectCrashReportedInItsFrame(const RunResult& r, const std::string& reports) {
  const int tick = lastTick(r, "crasher: tick ");
  EXPECT_GE(tick, 3) << r.out;
  const int named =
      reportedFrame(reports, "health: partition crasher crashed: signal 6 \\(SIGABRT\\) in frame ([0-9]+)(\n|$)");
  EXPECT_EQ(bulkhead::testing::frameOfDispatchBreak(bulkhead::testing::heldUpFrames(r.err), "crasher", tick, named), "")
      << reports;
  expectDispatchedInEveryFrame(r, "crasher", 1, tick);
  EXPECT_LE(r.outLines("crasher: tick").size(), static_cast<std::size_t>(tick)) << r.out;
}

TEST(Supervisor, ReportsACrashWithNameSignalAndFrameAndKeepsTheOthersRunning) {
  PlanBuilder b;
  b.partition("crasher", 2);
  b.partition("sleeper", 3);
  b.periodQueues();
  // Windows of 30 ms: a supervisor stalled past a whole window (a cgroup
  // freeze write on a loaded host has taken 15 ms) releases the partition
  // only to stop it at once, and that frame's dispatch is lost.
  b.schedule({{1, 1}, {2, 30}, {3, 30}, {0, 1}});
  auto r = runSystem(b.plan(), {{"crasher", {"crasher", "3"}}, {"sleeper", {"sleeper"}}}, frames(6));
  EXPECT_EQ(r.status, kRunFaults);
  expectCrashReportedInItsFrame(r, r.err);
  // Every frame but those the host starved the sleeper in (reported).
  expectDispatchedInEveryFrame(r, "sleeper", 1, 6);
  EXPECT_LE(r.outLines("sleeper: tick").size(), 6u) << r.out;
}

TEST(Supervisor, TracesTheScheduleAndMarksACrashOnThePartitionsTrack) {
  PlanBuilder b;
  b.partition("crasher", 2);
  b.partition("sleeper", 3);
  b.periodQueues();
  // Windows of 30 ms: a supervisor stalled past a whole window (a cgroup
  // freeze write on a loaded host has taken 15 ms) releases the partition
  // only to stop it at once, and that frame's dispatch is lost.
  b.schedule({{1, 1}, {2, 30}, {3, 30}, {0, 1}});
  TempDir dir;
  SupervisorOptions options = frames(6);
  options.traceFile = dir.path() / "run.json";
  auto r = runSystem(b.plan(), {{"crasher", {"crasher", "3"}}, {"sleeper", {"sleeper"}}}, options);
  EXPECT_EQ(r.status, kRunFaults);
  auto trace = bulkhead::testing::readChromeTrace(options.traceFile.string());
  const int crasher = trace.pidOf("crasher"), sleeper = trace.pidOf("sleeper");
  ASSERT_GT(crasher, 0);
  ASSERT_GT(sleeper, 0);
  // The supervisor's track: every slot of 6 frames, one pacer tick a frame.
  EXPECT_EQ(trace.where("X", "schedule", 0).size(), 6u * 4u);
  EXPECT_EQ(trace.where("i", "schedule", 0).size(), 6u);
  EXPECT_EQ(trace.where("X", "schedule", sleeper).size(), 6u) << "the sleeper's windows";
  auto health = trace.where("i", "health", crasher);
  ASSERT_EQ(health.size(), 1u);
  const std::string report = health[0].args.value("report", "");
  EXPECT_THAT(report, ::testing::StartsWith("health: partition crasher crashed: signal 6 (SIGABRT) in frame "));
  expectCrashReportedInItsFrame(r, report);
  EXPECT_TRUE(trace.where("i", "health", sleeper).empty());
}

// The complainer writes one queue overflow record on its health channel at
// its first dispatch from tick 2 on (on an in port of its own, unconnected,
// whose protocol is Error): reported with the frame and dispatch the record
// carries, the frame of that dispatch's tick (a later one only past
// windows the host starved).
TEST(Supervisor, ReportsAQueueErrorThePartitionReports) {
  PlanBuilder b;
  const int complainer = b.partition("complainer", 2);
  b.periodQueues();
  b.schedule({{1, 1}, {2, 4}, {0, 1}});
  plan::Plan plan = b.plan();
  plan::Port port;
  port.name = "read_port";
  port.direction = plan::Direction::In;
  port.overflow = plan::OverflowHandling::Error;
  plan.partitions[static_cast<std::size_t>(complainer)].threads[0].ports.push_back(port);
  auto r = runSystem(plan, {{"complainer", {"complainer"}}}, frames(3));
  EXPECT_EQ(r.status, kRunFaults);
  const auto ticks = r.outLines("complainer: tick ");
  std::size_t dispatch = 0;
  while (dispatch < ticks.size() && std::stoi(ticks[dispatch].substr(16)) < 2) ++dispatch;
  ASSERT_LT(dispatch, ticks.size()) << r.out << r.err;
  const int tick = std::stoi(ticks[dispatch].substr(16));
  std::string reports;  // all but the windows the host held up
  std::istringstream err(r.err);
  for (std::string line; std::getline(err, line);)
    if (!line.starts_with("bulkhead: starved: ") && !line.starts_with("bulkhead: late: ")) reports += line + "\n";
  const std::string report = "bulkhead: health: partition complainer reported a queue overflow on complainer.read_port "
                             "(Overflow_Handling_Protocol Error): 3 dropped at dispatch " +
                             std::to_string(dispatch + 1) + " in frame ";
  ASSERT_TRUE(reports.starts_with(report)) << r.err;
  const int named = std::stoi(reports.substr(report.size()));
  EXPECT_EQ(reports, report + std::to_string(named) + "\n");
  EXPECT_EQ(bulkhead::testing::frameOfDispatchBreak(bulkhead::testing::heldUpFrames(r.err), "complainer", tick, named),
            "")
      << r.err;
  EXPECT_LE(ticks.size(), 3u);
  expectDispatchedInEveryFrame(r, "complainer", 1, 3);
}

TEST(Supervisor, ShutsDownCleanlyOnSigterm) {
  PlanBuilder b;
  b.partition("first", 2);
  b.partition("second", 3);
  b.periodQueues();
  b.schedule({{1, 1}, {2, 4}, {3, 4}, {0, 1}});
  SupervisorOptions options;  // no frame limit
  auto r = runSystem(b.plan(), {{"first", {"sleeper"}}, {"second", {"sleeper"}}}, options,
                     [](const std::filesystem::path& out, const std::atomic<bool>&) {
    // This thread predates the supervisor's signal mask: block SIGTERM here
    // so the process-directed signal reaches the supervisor's signalfd.
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    ::pthread_sigmask(SIG_BLOCK, &term, nullptr);
    // Once both have been dispatched three times: not after a time a quiet
    // machine would have started them in (a loaded one took longer than
    // 300 ms, and the second partition had not started).
    for (int look = 0; look < 6000 && readFile(out).find("second: tick 3 ") == std::string::npos; ++look)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ::kill(::getpid(), SIGTERM);
  });
  EXPECT_EQ(r.status, kRunClean) << r.err;
  EXPECT_THAT(r.err, HasSubstr("bulkhead: received SIGTERM; shutting down\n"));
  EXPECT_EQ(r.outLines("first: finalise").size(), 1u) << r.out;
  EXPECT_EQ(r.outLines("second: finalise").size(), 1u) << r.out;
  EXPECT_GE(r.outLines("first: tick").size(), 3u);
}

TEST(Supervisor, KillsAPartitionThatIgnoresSigtermAfterTheGracePeriod) {
  PlanBuilder b;
  b.partition("stubborn", 2);
  b.periodQueues();
  b.schedule({{1, 1}, {2, 4}});
  auto options = frames(3);
  options.shutdownGrace = std::chrono::milliseconds(200);
  auto r = runSystem(b.plan(), {{"stubborn", {"stubborn"}}}, options);
  EXPECT_EQ(r.status, kRunFaults);
  EXPECT_THAT(r.err, HasSubstr("bulkhead: health: partition stubborn overran its window while shutting down: still "
                               "running 200 ms after SIGTERM; killing it\n"));
}

TEST(Supervisor, RelaysFanOutNotificationsToEveryReceiver) {
  PlanBuilder b;
  int producer = b.partition("producer", 2);
  int left = b.partition("left", 3);
  int right = b.partition("right", 4);
  b.connect(producer, {left, right}, plan::PortCategory::EventData, 8);
  b.periodQueues();
  b.schedule({{1, 1}, {2, 4}, {3, 4}, {4, 4}, {0, 1}});
  auto r = runSystem(b.plan(), {{"producer", {"producer"}}, {"left", {"consumer"}}, {"right", {"consumer"}}}, frames(4));
  EXPECT_EQ(r.status, kRunClean) << r.err;
  // Each receiver gets every value, in order, outside the windows the host starved.
  const auto sent = r.outLines("producer: tick");
  for (const char* receiver : {"left", "right"})
    for (const auto& broken : bulkhead::testing::pairBreaks(r.outLines(std::string(receiver) + ": tick"), &sent,
                                                            bulkhead::testing::heldUpFrames(r.err), "producer",
                                                            receiver, 4))
      ADD_FAILURE() << broken << "\n" << r.out << r.err;
}

TEST(Supervisor, SandboxDeniesEverythingOutsideThePartition) {
  PlanBuilder b;
  int sleeper = b.partition("sleeper", 2);
  int prober = b.partition("prober", 3);
  b.connect(sleeper, {prober}, plan::PortCategory::EventData, 8);
  b.schedule({{2, 2}, {3, 2}});
  auto r = runSystem(b.plan(), {{"sleeper", {"crasher", "1000"}}, {"prober", {"prober"}}}, frames(2));
  auto probes = r.outLines("prober: probe");
  EXPECT_EQ(probes.size(), 14u) << r.out;
  for (const auto& line : probes) EXPECT_THAT(line, HasSubstr(": denied")) << line;
  if (::geteuid() == 0) {
    EXPECT_THAT(r.out, HasSubstr("prober: uid 65534"));
  }
}

TEST(Supervisor, ReportsAMissingPartitionProgram) {
  auto b = producerConsumer(5);
  TempDir dir;
  int errFd = ::open((dir.path() / "err").c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600);
  Console console(errFd, errFd);
  Supervisor supervisor(b.plan(), frames(1),
                        nativeHostFactory([&](const plan::Partition& p) -> std::expected<std::filesystem::path, std::string> {
                          return dir.path() / p.name;
                        }),
                        console);
  EXPECT_EQ(supervisor.run(), kRunSetupError);
  ::close(errFd);
  EXPECT_EQ(readFile(dir.path() / "err"), "bulkhead: partition producer: cannot open program " +
                                               (dir.path() / "producer").string() +
                                               ": No such file or directory\n");
}

TEST(Supervisor, RejectsAPartitionWhoseDomainHasNoWindow) {
  PlanBuilder b;
  b.partition("lost", 5);
  b.periodQueues();
  b.schedule({{1, 1}, {2, 4}});
  auto r = runSystem(b.plan(), {}, frames(1));
  EXPECT_EQ(r.status, kRunSetupError);
  EXPECT_EQ(r.err, "bulkhead: partition lost is in domain 5, which has no window in the domain schedule\n");
}

TEST(Supervisor, RejectsANonPositiveTimeScale) {
  auto b = producerConsumer(5);
  auto options = frames(1);
  options.timeScale = 0;
  auto r = runSystem(b.plan(), {}, options);
  EXPECT_EQ(r.status, kRunSetupError);
  EXPECT_EQ(r.err, "bulkhead: --time-scale must be a positive number\n");
}

}  // namespace
}  // namespace bulkhead::supervisor::testing
