// ScheduleWalk over hosts that only record when they are released and
// stopped: a host that holds the supervisor up (a slow freeze, as a cgroup
// freeze write on a loaded machine can be) makes the schedule slip; no
// window is cut short and no window is lost.
#include "supervisor/schedule_walk.hpp"

#include "base/monotonic_clock.hpp"
#include "supervisor/channel_set.hpp"
#include "supervisor/console.hpp"
#include "tests/supervisor/plan_builder.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
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

TEST(ScheduleWalk, AHostHoldingTheSupervisorUpSlipsTheScheduleAndCutsNoWindowShort) {
  testing::PlanBuilder b;
  b.partition("stalling", 2);
  b.partition("honest", 3);
  b.schedule({{2, 5}, {3, 5}});
  const plan::Plan& plan = b.plan();
  auto timeline = makeTimeline(plan, 1.0);
  ASSERT_TRUE(timeline) << timeline.error();
  auto channels = ChannelSet::create(plan);
  ASSERT_TRUE(channels) << channels.error();
  auto pacer = Pacer::create(plan, *channels);
  ASSERT_TRUE(pacer) << pacer.error();

  std::vector<std::unique_ptr<PartitionHost>> hosts;
  auto* stalling = new RecordingHost("stalling", 3);
  auto* honest = new RecordingHost("honest", 0);
  hosts.emplace_back(stalling);
  hosts.emplace_back(honest);
  const int devNull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  Console console(devNull, devNull);
  HealthMonitor health(console, plan);
  ReleaseLog log;
  std::atomic<bool> stop{false};
  ScheduleWalk walk(*timeline, hosts, {2, 3}, health, *pacer, nullptr, log, console, stop, [](int, std::string) {},
                    nullptr);
  constexpr int kFrames = 8;
  walk.run(kFrames);
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

}  // namespace
}  // namespace bulkhead::supervisor
