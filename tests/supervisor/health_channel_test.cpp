// The supervisor's side of the health channel (supervisor/health_channel.hpp)
// without partitions: records written into the region as a partition
// would, looked at as the I/O thread does. A report carries the frame of
// its record; whatever a hostile partition writes there is its own fault,
// each with its exact message, and never more than a few lines a frame.
#include "supervisor/health_channel.hpp"
#include "supervisor/health_report.hpp"
#include "plan_builder.hpp"
#include "supervisor_harness.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <string>

namespace bulkhead::supervisor::testing {
namespace {

using contract::HealthRecord;

// Partition "consumer": thread "consumer" with in port read_port (Error),
// out port write_port and in port level (DropOldest).
plan::Plan consumerPlan() {
  PlanBuilder b;
  b.partition("consumer", 1);
  plan::Plan plan = b.plan();
  auto& ports = plan.partitions[0].threads[0].ports;
  auto add = [&](const char* name, plan::Direction direction, plan::OverflowHandling overflow) {
    plan::Port port;
    port.name = name;
    port.direction = direction;
    port.overflow = overflow;
    ports.push_back(port);
  };
  add("read_port", plan::Direction::In, plan::OverflowHandling::Error);
  add("write_port", plan::Direction::Out, plan::OverflowHandling::DropOldest);
  add("level", plan::Direction::In, plan::OverflowHandling::DropOldest);
  return plan;
}

HealthRecord overflow(std::uint64_t frame, std::uint64_t count = 2, std::uint64_t dispatch = 5) {
  HealthRecord r;
  r.frame = frame;
  r.dispatch = dispatch;
  r.count = count;
  r.kind = static_cast<std::uint32_t>(contract::HealthKind::QueueOverflow);
  return r;
}

struct Fixture {
  Captured c;
  Console console{c.out, c.err};
  plan::Plan plan = consumerPlan();
  HealthMonitor health{console, plan};
  HealthChannels channels = [&] {
    auto made = HealthChannels::create(plan);
    EXPECT_TRUE(made) << made.error();
    return std::move(*made);
  }();
  Fixture() { health.setChannels(&channels); }
  std::span<std::byte> region() { return channels.region(0); }
  contract::HealthChannelWriter writer() { return *contract::HealthChannelWriter::attach(region()); }
  // Record `index` as a hostile partition writes it: any bytes, any count.
  void put(std::uint64_t index, const HealthRecord& r) {
    std::memcpy(region().data() + contract::kHealthRecordsOffset + (index % contract::kHealthCapacity) * sizeof r, &r,
                sizeof r);
  }
  void setWritten(std::uint64_t n) {
    std::memcpy(region().data() + contract::kHealthWrittenOffset, &n, sizeof n);
  }
};

// Issue 13's defect C: a report read after the partition's next release is
// still dated by the frame in which the partition made it.
TEST(HealthChannels, AReportCarriesTheFrameItWasMadeInNotTheFrameItIsReadIn) {
  Fixture f;
  f.health.released(0, 5);
  auto writer = f.writer();
  EXPECT_EQ(writer.frame(), 5u) << "the release told the partition its frame";
  ASSERT_TRUE(writer.append(overflow(writer.frame())));
  f.health.released(0, 6);  // the I/O thread reads it only now
  f.channels.look(0, f.health);
  EXPECT_EQ(f.c.stderrText(),
            "bulkhead: health: partition consumer reported a queue overflow on consumer.read_port "
            "(Overflow_Handling_Protocol Error): 2 dropped at dispatch 5 in frame 5\n");
  EXPECT_EQ(f.health.faults(), 1);
  f.channels.look(0, f.health);  // taken once
  EXPECT_EQ(f.health.faults(), 1);
}

TEST(HealthChannels, EachFieldOutOfRangeIsAFaultOfThePartition) {
  struct Case {
    HealthRecord record;
    std::string why;
  };
  auto with = [](auto change) {
    HealthRecord r = overflow(3);
    change(r);
    return r;
  };
  const Case cases[] = {
      {with([](HealthRecord& r) { r.sequence = 7; }), "has sequence number 7 in the place of 0"},
      {with([](HealthRecord& r) { r.kind = 0; }), "has kind 0, which is no health kind"},
      {with([](HealthRecord& r) { r.kind = 77; }), "has kind 77, which is no health kind"},
      {with([](HealthRecord& r) { r.thread = 9; }), "names thread 9; the partition has 1"},
      {with([](HealthRecord& r) { r.port = 3; }), "names port 3 of thread consumer, which has 3"},
      {with([](HealthRecord& r) { r.port = 1; }),
       "names consumer.write_port, which is no in port with Overflow_Handling_Protocol Error"},
      {with([](HealthRecord& r) { r.port = 2; }),
       "names consumer.level, which is no in port with Overflow_Handling_Protocol Error"},
      {with([](HealthRecord& r) { r.count = 0; }), "reports 0 dropped"},
      {with([](HealthRecord& r) { r.frame = 4; }), "is dated frame 4, after the partition's latest window (in frame 3)"},
      {with([](HealthRecord& r) { r.reserved = 1; }), "has its reserved field set"},
  };
  for (const Case& c : cases) {
    Fixture f;
    f.health.released(0, 3);
    f.put(0, c.record);
    f.setWritten(1);
    f.channels.look(0, f.health);
    EXPECT_EQ(f.c.stderrText(),
              "bulkhead: health: partition consumer wrote a corrupt health channel (record #0 " + c.why + ") in frame 3\n");
    EXPECT_EQ(f.health.faults(), 1);
  }
}

TEST(HealthChannels, ARecordCountThatGoesBackOrRunsBeyondTheRingIsTheWritersFault) {
  Fixture f;
  f.health.released(0, 2);
  auto writer = f.writer();
  ASSERT_TRUE(writer.append(overflow(2)));
  ASSERT_TRUE(writer.append(overflow(2)));
  f.channels.look(0, f.health);
  f.health.released(0, 3);
  f.setWritten(1);
  f.channels.look(0, f.health);
  f.health.released(0, 4);
  f.setWritten(1000000);  // the slots hold the two records of frame 2 and zeros
  f.channels.look(0, f.health);
  f.health.released(0, 5);
  f.channels.look(0, f.health);  // nothing new
  const std::string overflowLine = "bulkhead: health: partition consumer reported a queue overflow on consumer.read_port "
                                   "(Overflow_Handling_Protocol Error): 2 dropped at dispatch 5 in frame 2\n";
  EXPECT_EQ(f.c.stderrText(),
            overflowLine + overflowLine +
                "bulkhead: health: partition consumer wrote a corrupt health channel (its record count went back "
                "from 2 to 1) in frame 3\n"
                "bulkhead: health: partition consumer wrote a corrupt health channel (its record count went from 1 "
                "to 1000000, beyond the 64 records the channel holds; 64 more wrong records) in frame 4\n");
  EXPECT_EQ(f.health.faults(), 4);
}

// A partition writing garbage as fast as it can: at most kReportsPerFrame
// lines a frame, the rest counted in one line when its next frame comes
// (or the run ends); the supervisor reads at most a ring's worth per look.
TEST(HealthChannels, AFloodCostsAtMostEightLinesAFrameAndTheRestIsCounted) {
  Fixture f;
  f.health.released(0, 1);
  auto writer = f.writer();
  for (int look = 0; look < 20; ++look) {
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(writer.append(overflow(1, 1, static_cast<std::uint64_t>(look))));
    f.channels.look(0, f.health);
  }
  f.health.released(0, 2);
  f.channels.look(0, f.health);
  const std::string text = f.c.stderrText();
  std::size_t lines = 0;
  for (char ch : text) lines += ch == '\n';
  EXPECT_EQ(lines, 9u) << text;
  EXPECT_NE(text.find("bulkhead: health: partition consumer had 192 more health reports, not shown one by one, in "
                      "frame 1\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(f.health.faults(), 9);
}

// An honest writer never passes what the supervisor has read: the newest
// are dropped and counted, and the supervisor says how many.
TEST(HealthChannels, AFullRingDropsTheNewestAndSaysHowMany) {
  Fixture f;
  f.health.released(0, 1);
  auto writer = f.writer();
  for (std::uint32_t i = 0; i < contract::kHealthCapacity; ++i) ASSERT_TRUE(writer.append(overflow(1)));
  EXPECT_FALSE(writer.append(overflow(1)));
  EXPECT_FALSE(writer.append(overflow(1)));
  f.channels.lookAll(f.health, true);
  const std::string text = f.c.stderrText();
  EXPECT_NE(text.find("bulkhead: health: partition consumer had 57 more health reports, not shown one by one, in "
                      "frame 1\n"),
            std::string::npos)
      << text;
  // Read now: there is room again.
  EXPECT_TRUE(writer.append(overflow(1)));
  f.health.released(0, 2);
  f.channels.look(0, f.health);
  EXPECT_NE(f.c.stderrText().find("dropped at dispatch 5 in frame 1\n", text.size()), std::string::npos);
}

TEST(HealthChannels, TheHandoverIsAFormattedRegionThePartitionMapsWritable) {
  Fixture f;
  const ChannelHandover h = f.channels.handover(0);
  EXPECT_TRUE(h.writable);
  void* mapped = ::mmap(nullptr, contract::kHealthChannelSize, PROT_READ | PROT_WRITE, MAP_SHARED, h.memoryFd, 0);
  ASSERT_NE(mapped, MAP_FAILED);
  auto writer = contract::HealthChannelWriter::attach({static_cast<std::byte*>(mapped), contract::kHealthChannelSize});
  EXPECT_TRUE(writer);
  f.health.released(0, 9);
  EXPECT_EQ(writer->frame(), 9u);
  ::munmap(mapped, contract::kHealthChannelSize);
  EXPECT_GE(::fcntl(h.eventFd, F_GETFL) & O_NONBLOCK, 1) << "nobody reads it; no write to it may block";
}

// Issue 13 item 4: the `dispatching` word as the walk judges it at the end
// of each window. A dispatch cut at the end of the window it began in, or
// still running after a window the host starved, proves nothing; one still
// running after a whole later window overran its window in the frame it
// began in, once; a frame after the window's is the writer's fault, once.
TEST(HealthChannels, ADispatchStillRunningAfterAWholeLaterWindowOverranItsWindowOnce) {
  Fixture f;
  auto writer = f.writer();
  f.health.released(0, 3);
  EXPECT_EQ(f.channels.atWindowEnd(0, 3, false, std::nullopt).overranIn, 0u) << "idle";
  writer.beginDispatch();
  EXPECT_EQ(contract::healthDispatching(f.region()), 3u);
  EXPECT_EQ(f.channels.atWindowEnd(0, 3, false, std::nullopt).overranIn, 0u) << "cut at the end of the window it began in";
  f.health.released(0, 4);
  EXPECT_EQ(f.channels.atWindowEnd(0, 4, true, std::nullopt).overranIn, 0u) << "the host starved that window";
  f.health.released(0, 5);
  const auto seen = f.channels.atWindowEnd(0, 5, false, std::nullopt);
  EXPECT_EQ(seen.overranIn, 3u);
  EXPECT_TRUE(seen.wrong.empty());
  f.health.released(0, 6);
  EXPECT_EQ(f.channels.atWindowEnd(0, 6, false, std::nullopt).overranIn, 0u) << "once per dispatch";
  writer.endDispatch();
  EXPECT_EQ(contract::healthDispatching(f.region()), 0u);
  f.health.released(0, 7);
  writer.beginDispatch();
  writer.endDispatch();
  EXPECT_EQ(f.channels.atWindowEnd(0, 7, false, std::nullopt).overranIn, 0u) << "an honest dispatch";
}

// Late frames: at a window's end, a partition that writes its steps and has
// not finished the step of the latest tick the pacer sent it is late,
// whether its dispatch was cut at the window's end or never began; not a
// partition that does not write its steps, one never ticked, a window the
// host starved, or a dispatch that overran from an earlier window (which
// is reported as that).
TEST(HealthChannels, AStepNotFinishedByItsWindowsEndIsLate) {
  Fixture f;
  auto writer = f.writer();
  f.health.released(0, 2);
  EXPECT_FALSE(f.channels.atWindowEnd(0, 2, false, 2).late) << "it does not say it writes its steps";
  writer.publishSteps();
  writer.stepEnded(1);
  EXPECT_TRUE(f.channels.atWindowEnd(0, 2, false, 2).late) << "tick 2's step never began";
  EXPECT_FALSE(f.channels.atWindowEnd(0, 2, false, std::nullopt).late) << "never ticked";
  EXPECT_FALSE(f.channels.atWindowEnd(0, 2, true, 2).late) << "the host starved that window";
  writer.stepEnded(2);
  EXPECT_FALSE(f.channels.atWindowEnd(0, 2, false, 2).late) << "done";
  f.health.released(0, 3);
  writer.beginDispatch();
  const auto cut = f.channels.atWindowEnd(0, 3, false, 3);
  EXPECT_TRUE(cut.late) << "cut at the end of the window it began in";
  EXPECT_EQ(cut.overranIn, 0u);
  f.health.released(0, 4);
  const auto overran = f.channels.atWindowEnd(0, 4, false, 4);
  EXPECT_EQ(overran.overranIn, 3u);
  EXPECT_FALSE(overran.late) << "an overrun, reported as that";
  writer.endDispatch();
  writer.stepEnded(4);
  f.health.released(0, 5);
  EXPECT_FALSE(f.channels.atWindowEnd(0, 5, false, 4).late) << "no tick since";
  EXPECT_EQ(describe(LateWindow{0, 3}, "consumer"),
            "partition consumer had not finished its periodic dispatch when its window in frame 3 ended (it was not "
            "starved and did not overrun a window): what it sends in that dispatch reaches its receivers in a later "
            "window");
}

TEST(HealthChannels, ADispatchingWordInTheFutureIsTheWritersFaultOnce) {
  Fixture f;
  f.health.released(0, 2);
  const std::uint64_t future = 999999;
  std::memcpy(f.region().data() + contract::kHealthDispatchingOffset, &future, sizeof future);
  const auto seen = f.channels.atWindowEnd(0, 2, false, std::nullopt);
  EXPECT_EQ(seen.overranIn, 0u);
  EXPECT_EQ(seen.wrong, "its dispatch is said to have begun in frame 999999, after its latest window (in frame 2)");
  EXPECT_TRUE(f.channels.atWindowEnd(0, 3, false, std::nullopt).wrong.empty()) << "once";
  // Its steps are still judged: a word it garbled hides no late window.
  f.writer().publishSteps();
  f.writer().stepEnded(2);
  EXPECT_TRUE(f.channels.atWindowEnd(0, 3, false, 3).late);
}

// A restart: the former life's dispatch, cut by its kill, is not the new one's.
TEST(HealthChannels, ARestartClearsTheFormerLifesDispatch) {
  Fixture f;
  f.health.released(0, 4);
  f.writer().beginDispatch();
  f.health.markRestarted(0);
  EXPECT_EQ(contract::healthDispatching(f.region()), 0u);
}

// Found in the health channel and in the trace: one report per dispatch.
TEST(HealthChannels, AnOverrunFoundTwiceIsReportedOnce) {
  Fixture f;
  f.health.released(0, 5);
  f.health.overran(0, 3);
  f.health.overran(0, 3);
  EXPECT_EQ(f.c.stderrText(), "bulkhead: health: partition consumer overran its window in frame 3\n");
  EXPECT_EQ(f.health.faults(), 1);
}

}  // namespace
}  // namespace bulkhead::supervisor::testing
