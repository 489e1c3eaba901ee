// ScheduleWalk over hosts that only record when they are released and
// stopped: a host that holds the supervisor up (a slow freeze, as a cgroup
// freeze write on a loaded machine can be) makes the schedule slip; no
// window is cut short and no window is lost.
#include "supervisor/schedule_walk.hpp"

#include "base/monotonic_clock.hpp"
#include "supervisor/channel_set.hpp"
#include "supervisor/cpu_budget.hpp"
#include "supervisor/console.hpp"
#include "supervisor/fan_out_relay.hpp"
#include "tests/supervisor/plan_builder.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <set>
#include <thread>

namespace bulkhead::supervisor {
namespace {

class RecordingHost : public PartitionHost {
 public:
  RecordingHost(std::string name, int stallingFreezes) : name_(std::move(name)), stallingFreezes_(stallingFreezes) {}
  const std::string& name() const override { return name_; }
  std::expected<void, std::string> start() override { return {}; }
  bool startupComplete() override { return true; }
  void freeze() override {
    // Every other freeze of the first few holds the caller up for 20 ms.
    if (stallingFreezes_ > 0 && frozen.size() % 2 == 1) {
      --stallingFreezes_;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    frozen.push_back(base::monotonicNow());
  }
  void thaw() override { thawed.push_back(base::monotonicNow()); }
  void terminate() override {}
  void kill() override {}
  std::vector<OutputSource> outputs() const override { return {}; }
  int exitFd() const override { return -1; }
  std::expected<ExitStatus, std::string> collectExit() override { return std::unexpected("running"); }
  pid_t processId() const override { return ::getpid(); }

  std::vector<std::int64_t> thawed, frozen;

 private:
  std::string name_;
  int stallingFreezes_;
};

// Walks `plan`'s schedule over `hosts` (one domain per host) for `frames`
// frames, the console writing to `consoleFd`, over `channels` (made for
// the walk when not given), with the walk relaying fan-out notifications
// and no I/O thread; what the walk logged.
ReleaseLog walkSchedule(const plan::Plan& plan, const std::vector<std::unique_ptr<PartitionHost>>& hosts,
                        std::vector<int> domains, int frames, int consoleFd,
                        const ChannelSet* channels = nullptr) {
  ReleaseLog log;
  auto timeline = makeTimeline(plan, 1.0);
  std::optional<ChannelSet> own;
  if (!channels) {
    auto made = ChannelSet::create(plan);
    if (!made) {
      ADD_FAILURE() << made.error();
      return log;
    }
    own.emplace(std::move(*made));
    channels = &*own;
  }
  if (!timeline) {
    ADD_FAILURE() << timeline.error();
    return log;
  }
  auto pacer = Pacer::create(plan, *channels);
  if (!pacer) {
    ADD_FAILURE() << pacer.error();
    return log;
  }
  Console console(consoleFd, consoleFd);
  HealthMonitor health(console, plan);
  std::atomic<bool> stop{false};
  ScheduleWalk walk(*timeline, hosts, std::move(domains), health, *pacer, nullptr, log, console, stop,
                    [](int, std::string) {}, nullptr);
  FanOutRelay fanOut(plan, *channels, [](int, std::string) {});
  walk.setFanOutRelay(&fanOut);
  walk.run(frames);
  return log;
}

TEST(ScheduleWalk, AHostHoldingTheSupervisorUpSlipsTheScheduleAndCutsNoWindowShort) {
  testing::PlanBuilder b;
  b.partition("stalling", 2);
  b.partition("honest", 3);
  b.schedule({{2, 5}, {3, 5}});
  std::vector<std::unique_ptr<PartitionHost>> hosts;
  auto* stalling = new RecordingHost("stalling", 3);
  auto* honest = new RecordingHost("honest", 0);
  hosts.emplace_back(stalling);
  hosts.emplace_back(honest);
  const int devNull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  constexpr int kFrames = 8;
  const ReleaseLog log = walkSchedule(b.plan(), hosts, {2, 3}, kFrames, devNull);
  ::close(devNull);

  // Every window released once per frame, and stopped only after its full
  // length less the release tolerance (the stall happens inside the stop,
  // before the next window's release, so without the slip that next
  // window would be nearly nothing).
  const std::int64_t window = 5 * testing::PlanBuilder::kTickNs;
  const std::int64_t shortest = window - std::min(kReleaseTolerance, window / 4);
  for (const RecordingHost* h : {stalling, honest}) {
    ASSERT_EQ(h->thawed.size(), static_cast<size_t>(kFrames)) << h->name();
    ASSERT_EQ(h->frozen.size(), static_cast<size_t>(kFrames)) << h->name();  // the last at the walk's end
    for (size_t i = 0; i < h->thawed.size(); ++i)
      EXPECT_GE(h->frozen[i] - h->thawed[i], shortest) << h->name() << " window " << i + 1;
  }
  // Three 20 ms hold-ups, each beyond the tolerance: at least three slips
  // (a loaded host may add its own), at least 60 ms behind the plan.
  EXPECT_GE(log.slip().times, 3u);
  EXPECT_GE(log.slip().total, 60'000'000);
}

// A fan-out sender that notifies its own eventfd in each of its windows,
// as a partition's publish does.
class NotifyingHost : public RecordingHost {
 public:
  NotifyingHost(std::string name, int eventFd) : RecordingHost(std::move(name), 0), eventFd_(eventFd) {}
  void thaw() override {
    RecordingHost::thaw();
    const std::uint64_t one = 1;
    EXPECT_EQ(::write(eventFd_, &one, sizeof one), static_cast<ssize_t>(sizeof one));
  }

 private:
  int eventFd_;
};

// A fan-out receiver that looks, as each of its windows begins, whether a
// notification waits on its eventfd.
class ListeningHost : public RecordingHost {
 public:
  ListeningHost(std::string name, int eventFd) : RecordingHost(std::move(name), 0), eventFd_(eventFd) {}
  void thaw() override {
    RecordingHost::thaw();
    std::uint64_t count = 0;
    notified.push_back(::read(eventFd_, &count, sizeof count) == sizeof count ? count : 0);
  }
  std::vector<std::uint64_t> notified;  // by window

 private:
  int eventFd_;
};

// What a stopped fan-out sender notified reaches every receiver before the
// receiver's next window, relayed by the walk itself: the I/O thread, which
// also relays, is not real-time and may not run at all for a while on a
// loaded host (here it does not exist). A sporadic receiver otherwise
// slept through its windows with values in its queue.
TEST(ScheduleWalk, RelaysWhatAStoppedSenderNotifiedBeforeAnyReceiverIsReleased) {
  testing::PlanBuilder b;
  const int sender = b.partition("sender", 2);
  const int first = b.partition("first", 3);
  const int second = b.partition("second", 4);
  b.connect(sender, {first, second}, plan::PortCategory::EventData, 8);
  b.schedule({{2, 2}, {3, 2}, {4, 2}});
  const plan::Plan& plan = b.plan();
  auto channels = ChannelSet::create(plan);
  ASSERT_TRUE(channels) << channels.error();
  ASSERT_EQ(channels->relays().size(), 1u);
  const ChannelSet::Relay& relay = channels->relays()[0];
  ASSERT_EQ(relay.to.size(), 2u);
  std::vector<std::unique_ptr<PartitionHost>> hosts;
  hosts.emplace_back(new NotifyingHost("sender", relay.from));
  auto* firstHost = new ListeningHost("first", relay.to[0]);
  auto* secondHost = new ListeningHost("second", relay.to[1]);
  hosts.emplace_back(firstHost);
  hosts.emplace_back(secondHost);
  const int devNull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  constexpr int kFrames = 5;
  walkSchedule(plan, hosts, {2, 3, 4}, kFrames, devNull, &*channels);
  ::close(devNull);
  // One notification per window, each relayed once, to both receivers.
  for (const ListeningHost* h : {firstHost, secondHost})
    EXPECT_EQ(h->notified, std::vector<std::uint64_t>(kFrames, 1)) << h->name();
}

// A host whose CPU account the test writes: in the windows it names the
// partition waited for the CPU the whole window and never ran; in the
// others it ran a tenth of the window and never waited.
class AccountedHost : public RecordingHost {
 public:
  AccountedHost(std::string name, std::set<std::size_t> starvedWindows)
      : RecordingHost(std::move(name), 0), starved_(std::move(starvedWindows)) {}
  void freeze() override {
    const std::int64_t since = thawed.empty() ? 0 : base::monotonicNow() - thawed.back();
    const auto us = static_cast<std::uint64_t>(since / 1000);
    if (starved_.contains(thawed.size())) {
      waited_ += us;
    } else {
      used_ += us / 10;
    }
    RecordingHost::freeze();
  }
  std::optional<CpuAccount> cpuAccount() const override { return CpuAccount{used_, waited_}; }

 private:
  std::set<std::size_t> starved_;  // 1-based windows
  std::uint64_t used_ = 0, waited_ = 0;
};

TEST(ScheduleWalk, ReportsEachWindowTheHostStarvedAndNoOther) {
  testing::PlanBuilder b;
  b.partition("starved", 2);
  b.partition("honest", 3);
  b.schedule({{2, 5}, {3, 5}});
  std::vector<std::unique_ptr<PartitionHost>> hosts;
  hosts.emplace_back(new AccountedHost("starved", {3, 6}));
  hosts.emplace_back(new AccountedHost("honest", {}));
  std::string errPath = (std::filesystem::temp_directory_path() / "bulkhead-walk-test-XXXXXX").string();
  const int err = ::mkstemp(errPath.data());
  ASSERT_GE(err, 0);
  ::unlink(errPath.c_str());
  {
    const ReleaseLog log = walkSchedule(b.plan(), hosts, {2, 3}, 6, err);
    // Both windows the host starved (the last one stopped at the walk's end), no other.
    ASSERT_EQ(log.starved().size(), 2u);
    EXPECT_EQ(log.starved()[0].partition, 0);
    EXPECT_EQ(log.starved()[0].frame, 3u);
    EXPECT_EQ(log.starved()[0].usedUs, 0u);
    EXPECT_GE(log.starved()[0].waitedUs, 4000u);
    EXPECT_EQ(log.starved()[1].frame, 6u);
    EXPECT_EQ(log.starvationMeasured(), 12u);
  }
  std::string text(4096, '\0');
  text.resize(static_cast<std::size_t>(std::max<ssize_t>(0, ::pread(err, text.data(), text.size(), 0))));
  ::close(err);
  EXPECT_NE(text.find("bulkhead: starved: partition starved was kept off the CPU for "), std::string::npos) << text;
  EXPECT_NE(text.find(" window in frame 3 (it ran 0.0 ms): other work on this host took the CPU"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("partition honest"), std::string::npos) << text;
}

// Without a waiting time (no pressure stall information) nothing is
// measured, and nothing is reported.
TEST(ScheduleWalk, MeasuresNoWindowOfAHostThatCannotTellItsWaiting) {
  testing::PlanBuilder b;
  b.partition("unmeasured", 2);
  b.schedule({{2, 5}, {1, 1}});
  std::vector<std::unique_ptr<PartitionHost>> hosts;
  hosts.emplace_back(new RecordingHost("unmeasured", 0));
  const int devNull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  const ReleaseLog log = walkSchedule(b.plan(), hosts, {2}, 3, devNull);
  ::close(devNull);
  EXPECT_EQ(log.starvationMeasured(), 0u);
  EXPECT_TRUE(log.starved().empty());
}

// A VM's host accounts its QEMU's CPU (programOnly false): the guest
// kernel's and the emulator's with the program's, no measure of the
// program's Compute_Execution_Time. The CPU budget leaves it out; the
// starvation watch measures it like any other.
class EmulatorHost : public RecordingHost {
 public:
  EmulatorHost(std::string name, bool programOnly) : RecordingHost(std::move(name), 0), programOnly_(programOnly) {}
  std::optional<CpuAccount> cpuAccount() const override {
    CpuAccount account{1'000'000, 0};
    account.programOnly = programOnly_;
    return account;
  }

 private:
  bool programOnly_;
};

TEST(CpuBudget, LeavesOutAHostWhoseAccountIsNotTheProgramsAlone) {
  testing::PlanBuilder b;
  b.partition("guest", 2);
  b.schedule({{2, 5}});
  plan::Plan plan = b.plan();
  plan.partitions[0].threads[0].computeExecutionTime = 1'000'000;
  for (bool programOnly : {false, true}) {
    std::vector<std::unique_ptr<PartitionHost>> hosts;
    hosts.emplace_back(new EmulatorHost("guest", programOnly));
    EXPECT_EQ(CpuBudget::start(plan, hosts, 5'000'000, 0) != nullptr, programOnly) << "programOnly " << programOnly;
  }
}

// A program's CPU time, as a test sets it.
class MeteredHost : public RecordingHost {
 public:
  explicit MeteredHost(std::string name) : RecordingHost(std::move(name), 0) {}
  std::optional<CpuAccount> cpuAccount() const override {
    CpuAccount account{usedUs, 0};
    account.programOnly = true;
    return account;
  }
  std::uint64_t usedUs = 0;
};

// The budget is per frame period: a look the host delayed by two periods
// allows three periods' budget (and their windows' edges); beyond that it
// is reported, with the CPU time of one period on average.
TEST(CpuBudget, ALookTheHostDelayedAllowsEachPeriodItsBudget) {
  testing::PlanBuilder b;
  b.partition("worker", 2);
  b.schedule({{2, 5}});
  plan::Plan plan = b.plan();
  plan.partitions[0].threads[0].computeExecutionTime = 10'000'000;  // 10 ms a frame
  const std::int64_t period = 100'000'000;
  std::vector<std::unique_ptr<PartitionHost>> hosts;
  auto* worker = new MeteredHost("worker");
  hosts.emplace_back(worker);
  const int devNull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  Console c(devNull, devNull);
  HealthMonitor health(c, plan);
  auto budget = CpuBudget::start(plan, hosts, period, 0);
  ASSERT_NE(budget, nullptr);
  worker->usedUs = 3 * 10'000 + 10'000;  // 40 ms in a look of three periods
  budget->check(health, false, 3 * period);
  EXPECT_EQ(health.faults(), 0);
  worker->usedUs += 26'000;  // 26 ms in one period: beyond 2 x 10 + 5
  budget->check(health, false, 4 * period);
  EXPECT_EQ(health.faults(), 1);
  budget.reset();
  ::close(devNull);
}

}  // namespace
}  // namespace bulkhead::supervisor
