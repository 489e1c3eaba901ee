// The virtual-time engine on its own: slot walk, pacer, periods, sporadic
// minimum inter-arrival, ordering, and the Plans it refuses.
#include "sim/simulator.hpp"
#include "tests/sim/plan_builder.hpp"
#include "tests/sim/scripted_partition.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace bulkhead::sim {
namespace {

using testing::bothVmSchedule;
using testing::ms;
using testing::PlanBuilder;
using testing::ScriptedPartition;
using plan::DispatchProtocol;
using plan::PortCategory;

// Owns everything a test simulation needs.
struct World {
  explicit World(plan::Plan p) : plan(std::move(p)), memory(plan) {
    for (std::size_t i = 0; i < plan.partitions.size(); ++i)
      partitions.push_back(std::make_unique<ScriptedPartition>(plan, static_cast<int>(i), memory));
  }
  Simulator simulator() {
    std::vector<PartitionDriver*> drivers;
    for (auto& p : partitions) drivers.push_back(p.get());
    auto sim = Simulator::create(plan, drivers, observer);
    EXPECT_TRUE(sim.has_value()) << sim.error().message;
    return std::move(*sim);
  }
  ScriptedPartition& operator[](int i) { return *partitions[static_cast<std::size_t>(i)]; }

  plan::Plan plan;
  testing::MemoryWorld memory;
  SimObserver* observer = nullptr;
  std::vector<std::unique_ptr<ScriptedPartition>> partitions;
};

struct Recorder : SimObserver {
  std::vector<std::string> log;
  void slotBegin(const SlotInfo& s) override { log.push_back(fmt::format("slot {} d{} @{}", s.slot, s.domain, s.start / ms)); }
  void pacerTick(Nanoseconds at, std::uint8_t tick) override { log.push_back(fmt::format("tick {} @{}", tick, at / ms)); }
  void dispatchBegin(Nanoseconds at, int p, int) override { log.push_back(fmt::format("dispatch p{} @{}", p, at / ms)); }
  void overrun(Nanoseconds at, int p, int) override { log.push_back(fmt::format("overrun p{} @{}", p, at / ms)); }
  // The logged lines of one kind ("dispatch", "overrun", ...), in order.
  std::vector<std::string> linesOf(std::string_view kind) const {
    std::vector<std::string> out;
    for (const auto& line : log)
      if (line.starts_with(kind)) out.push_back(line);
    return out;
  }
};

plan::Plan producerConsumer(PlanBuilder b, DispatchProtocol consumerDispatch, plan::Nanoseconds consumerPeriod,
                            std::uint32_t queueSize, plan::Nanoseconds consumerTime = 10 * ms) {
  int producer = b.partition("producer", 2, DispatchProtocol::Periodic, 1000 * ms, 10 * ms);
  int consumer = b.partition("consumer", 3, consumerDispatch, consumerPeriod, consumerTime);
  b.connect(producer, "write_port", consumer, "read_port", PortCategory::EventData, queueSize);
  return b.build();
}

TEST(Simulator, WalksSlotsInOrderTicksThePacerInItsSlotAndDispatchesInWindows) {
  World w(producerConsumer(bothVmSchedule(), DispatchProtocol::Periodic, 1000 * ms, 1));
  Recorder r;
  w.observer = &r;
  Simulator sim = w.simulator();
  ASSERT_TRUE(sim.initialise());
  ASSERT_TRUE(sim.runFrames(2));
  std::vector<std::string> expected = {
      "slot 0 d0 @0",    "slot 1 d1 @160",  "tick 1 @160",       "slot 2 d0 @170",    "slot 3 d2 @180",
      "dispatch p0 @180", "slot 4 d0 @580",  "slot 5 d3 @590",    "dispatch p1 @590",  "slot 6 d0 @990",
      "slot 0 d0 @1000", "slot 1 d1 @1160", "tick 2 @1160",      "slot 2 d0 @1170",   "slot 3 d2 @1180",
      "dispatch p0 @1180", "slot 4 d0 @1580", "slot 5 d3 @1590", "dispatch p1 @1590", "slot 6 d0 @1990"};
  EXPECT_EQ(r.log, expected);
  EXPECT_EQ(sim.dispatches(), 4u);
  EXPECT_EQ(sim.framesDone(), 2u);
  EXPECT_EQ(sim.now(), 2000 * ms);
}

TEST(Simulator, ConsumerReceivesEveryValueInOrderWhenItRunsAfterTheProducer) {
  World w(producerConsumer(bothVmSchedule(), DispatchProtocol::Periodic, 1000 * ms, 1));
  std::uint8_t next = 0;
  std::vector<int> received;
  w[0].onDispatch = [&](ScriptedPartition& p) { p.put("write_port", next++); };
  w[1].onDispatch = [&](ScriptedPartition& p) {
    if (auto v = p.get("read_port")) received.push_back(*v);
  };
  Simulator sim = w.simulator();
  ASSERT_TRUE(sim.initialise());
  ASSERT_TRUE(sim.runFrames(300));
  ASSERT_EQ(received.size(), 300u);
  for (std::size_t i = 0; i < received.size(); ++i) EXPECT_EQ(received[i], static_cast<int>(i % 256));
}

TEST(Simulator, PeriodOfKFramesDispatchesOnEveryKthTick) {
  PlanBuilder b = bothVmSchedule();
  b.partition("slow", 2, DispatchProtocol::Periodic, 3000 * ms, 10 * ms);
  World w(b.build());
  Recorder r;
  w.observer = &r;
  Simulator sim = w.simulator();
  ASSERT_TRUE(sim.initialise());
  ASSERT_TRUE(sim.runFrames(7));
  std::vector<std::string> dispatches = r.linesOf("dispatch");
  // Ticks 1, 4, 7: the first tick dispatches, then every third.
  EXPECT_EQ(dispatches, (std::vector<std::string>{"dispatch p0 @180", "dispatch p0 @3180", "dispatch p0 @6180"}));
}

// Self-paced (no pacer slot): each window of its domain ticks the partition
// at the window's start.
TEST(Simulator, WithoutAPacerSlotEachWindowTicksItsDomain) {
  PlanBuilder b(100 * ms);
  b.slot(0, 50 * ms).slot(2, 50 * ms);
  b.partition("p", 2, DispatchProtocol::Periodic, 100 * ms, 1 * ms);
  World w(b.build());
  Recorder r;
  w.observer = &r;
  Simulator sim = w.simulator();
  ASSERT_TRUE(sim.initialise());
  ASSERT_TRUE(sim.runFrames(1));
  EXPECT_EQ(r.log, (std::vector<std::string>{"slot 0 d0 @0", "slot 1 d2 @50", "tick 1 @50", "dispatch p0 @50"}));
}

// HAMR Microkit's arrangement: a pacer slot before each window of the
// domain; the thread (Period = 1 frame) runs once per window.
TEST(Simulator, APacerSlotBeforeEachWindowDispatchesOncePerWindow) {
  PlanBuilder b(100 * ms);
  b.slot(1, 10 * ms).slot(2, 40 * ms).slot(1, 10 * ms).slot(2, 40 * ms);
  b.partition("p", 2, DispatchProtocol::Periodic, 100 * ms, 1 * ms);
  World w(b.build());
  Recorder r;
  w.observer = &r;
  Simulator sim = w.simulator();
  ASSERT_TRUE(sim.initialise());
  ASSERT_TRUE(sim.runFrames(2));
  std::vector<std::string> dispatches;
  for (const std::string& line : r.log)
    if (line.starts_with("dispatch")) dispatches.push_back(line);
  EXPECT_EQ(dispatches, (std::vector<std::string>{"dispatch p0 @10", "dispatch p0 @60", "dispatch p0 @110",
                                                  "dispatch p0 @160"}));
}

TEST(Simulator, SporadicThreadRespectsMinimumInterArrivalInsideItsWindow) {
  // 5 events per frame into a queue of 8; the consumer may dispatch every
  // 150 ms in its 400 ms window: at 590, 740, 890 -> 3 per frame.
  World w(producerConsumer(bothVmSchedule(), DispatchProtocol::Sporadic, 150 * ms, 8));
  Recorder r;
  w.observer = &r;
  std::uint8_t next = 0;
  std::vector<int> received;
  w[0].onDispatch = [&](ScriptedPartition& p) {
    for (int i = 0; i < 5; ++i) p.put("write_port", next++);
  };
  w[1].onDispatch = [&](ScriptedPartition& p) {
    if (auto v = p.get("read_port")) received.push_back(*v);
  };
  Simulator sim = w.simulator();
  ASSERT_TRUE(sim.initialise());
  ASSERT_TRUE(sim.runFrames(1));
  std::vector<std::string> consumerDispatches;
  for (auto& line : r.log)
    if (line.starts_with("dispatch p1")) consumerDispatches.push_back(line);
  EXPECT_EQ(consumerDispatches, (std::vector<std::string>{"dispatch p1 @590", "dispatch p1 @740", "dispatch p1 @890"}));
  EXPECT_EQ(received, (std::vector<int>{0, 1, 2}));
  ASSERT_TRUE(sim.runFrames(1));
  // Frame 1: 2 left + 5 new = 7 queued (<= 8, no drop), 3 taken.
  EXPECT_EQ(received, (std::vector<int>{0, 1, 2, 3, 4, 5}));
}

TEST(Simulator, SporadicQueueOverflowDropsTheOldestAndCountsThem) {
  // 5 events per frame into a queue of 3, one dispatch per window: each
  // frame the consumer finds the newest 3 and drops the rest.
  World w(producerConsumer(bothVmSchedule(), DispatchProtocol::Sporadic, 500 * ms, 3));
  std::uint8_t next = 0;
  std::vector<int> received;
  std::vector<std::uint64_t> drops;
  w[0].onDispatch = [&](ScriptedPartition& p) {
    for (int i = 0; i < 5; ++i) p.put("write_port", next++);
  };
  w[1].onDispatch = [&](ScriptedPartition& p) {
    if (auto v = p.get("read_port")) received.push_back(*v);
    drops.push_back(p.dropped("read_port"));
  };
  Simulator sim = w.simulator();
  ASSERT_TRUE(sim.initialise());
  ASSERT_TRUE(sim.runFrames(2));
  // Frame 0: 0..4 sent, 0 and 1 dropped, 2 taken. Frame 1: 5..9 sent; 3,4
  // and 5..9 queued = 7 new, 4 dropped, 7 taken.
  EXPECT_EQ(received, (std::vector<int>{2, 7}));
  EXPECT_EQ(drops, (std::vector<std::uint64_t>{2, 4}));
}

TEST(Simulator, SporadicThreadWithoutInputIsNotDispatched) {
  World w(producerConsumer(bothVmSchedule(), DispatchProtocol::Sporadic, 100 * ms, 1));
  Simulator sim = w.simulator();
  ASSERT_TRUE(sim.initialise());
  ASSERT_TRUE(sim.runFrames(3));
  EXPECT_EQ(w[1].dispatchCount, 0u);
  EXPECT_EQ(w[0].dispatchCount, 3u);
}

TEST(Simulator, InitialiseMayPutAndTheValueArrivesAtTheFirstDispatch) {
  World w(producerConsumer(bothVmSchedule(), DispatchProtocol::Periodic, 1000 * ms, 1));
  w[0].onInitialise = [](ScriptedPartition& p) { p.put("write_port", 42); };
  std::vector<int> received;
  w[1].onDispatch = [&](ScriptedPartition& p) {
    if (auto v = p.get("read_port")) received.push_back(*v);
  };
  Simulator sim = w.simulator();
  ASSERT_TRUE(sim.initialise());
  ASSERT_TRUE(sim.runFrames(2));
  EXPECT_EQ(received, (std::vector<int>{42}));
}

TEST(Simulator, PartitionsSharingADomainDispatchInPlanOrder) {
  PlanBuilder b(100 * ms);
  b.slot(1, 10 * ms).slot(2, 90 * ms);
  b.partition("a", 2, DispatchProtocol::Periodic, 100 * ms, 5 * ms);
  b.partition("b", 2, DispatchProtocol::Periodic, 100 * ms, 5 * ms);
  World w(b.build());
  Recorder r;
  w.observer = &r;
  Simulator sim = w.simulator();
  ASSERT_TRUE(sim.initialise());
  ASSERT_TRUE(sim.runFrames(1));
  EXPECT_EQ(r.log, (std::vector<std::string>{"slot 0 d1 @0", "tick 1 @0", "slot 1 d2 @10", "dispatch p0 @10",
                                             "dispatch p1 @15"}));
}

TEST(Simulator, ADispatchPastItsWindowEndIsReportedAsAnOverrun) {
  PlanBuilder b(100 * ms);
  b.slot(1, 10 * ms).slot(2, 20 * ms).slot(0, 70 * ms);
  b.partition("long", 2, DispatchProtocol::Periodic, 100 * ms, 30 * ms);
  World w(b.build());
  Recorder r;
  w.observer = &r;
  Simulator sim = w.simulator();
  ASSERT_TRUE(sim.initialise());
  ASSERT_TRUE(sim.runFrames(1));
  EXPECT_NE(std::find(r.log.begin(), r.log.end(), "overrun p0 @40"), r.log.end());
}

TEST(Simulator, DueDispatchThatDoesNotFitWaitsForTheNextWindow) {
  PlanBuilder b(100 * ms);
  b.slot(1, 10 * ms).slot(2, 20 * ms).slot(0, 70 * ms);
  b.partition("a", 2, DispatchProtocol::Periodic, 200 * ms, 20 * ms);
  b.partition("b", 2, DispatchProtocol::Periodic, 100 * ms, 1 * ms);
  World w(b.build());
  Recorder r;
  w.observer = &r;
  Simulator sim = w.simulator();
  ASSERT_TRUE(sim.initialise());
  ASSERT_TRUE(sim.runFrames(3));
  std::vector<std::string> dispatches = r.linesOf("dispatch");
  // Tick 1 makes both due; a (first in Plan order) fills the window, so b
  // is not released and runs in the next window (its missed tick counted),
  // when a (k = 2) is not due. Tick 3 repeats frame 0.
  EXPECT_EQ(dispatches, (std::vector<std::string>{"dispatch p0 @10", "dispatch p1 @110", "dispatch p0 @210"}));
}

TEST(Simulator, SporadicLivelockIsAnErrorNotAHang) {
  PlanBuilder b(100 * ms);
  b.slot(1, 10 * ms).slot(2, 90 * ms);
  int a = b.partition("a", 2, DispatchProtocol::Sporadic, 0, 0);
  int c = b.partition("c", 2, DispatchProtocol::Sporadic, 0, 0);
  b.connect(a, "out", c, "in", PortCategory::Event);
  b.connect(c, "out", a, "in", PortCategory::Event);
  World w(b.build());
  w[0].onInitialise = [](ScriptedPartition& p) { p.put("out", 1); };
  w[0].onDispatch = [](ScriptedPartition& p) { p.put("out", 1); };
  w[1].onDispatch = [](ScriptedPartition& p) { p.put("out", 1); };
  Simulator sim = w.simulator();
  sim.setWindowDispatchLimit(100);
  ASSERT_TRUE(sim.initialise());
  auto status = sim.runFrames(1);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message,
            "more than 100 dispatches in one window of domain 2 at 10000000 ns: sporadic threads with zero "
            "Compute_Execution_Time and minimum inter-arrival keep triggering each other");
}

TEST(Simulator, ObserverCanStopAfterASlot) {
  World w(producerConsumer(bothVmSchedule(), DispatchProtocol::Periodic, 1000 * ms, 1));
  struct StopAtThird : SimObserver {
    int seen = 0;
    bool slotEnd(const SlotInfo&) override { return ++seen < 3; }
  } stop;
  w.observer = &stop;
  Simulator sim = w.simulator();
  ASSERT_TRUE(sim.initialise());
  ASSERT_TRUE(sim.runFrames(5));
  EXPECT_TRUE(sim.stopped());
  EXPECT_EQ(stop.seen, 3);
  EXPECT_EQ(sim.framesDone(), 0u);
}

std::string createError(const plan::Plan& plan, std::size_t drivers = 99) {
  testing::MemoryWorld memory(plan);
  std::vector<std::unique_ptr<ScriptedPartition>> owned;
  std::vector<PartitionDriver*> raw;
  for (std::size_t i = 0; i < plan.partitions.size() && i < drivers; ++i) {
    owned.push_back(std::make_unique<ScriptedPartition>(plan, static_cast<int>(i), memory));
    raw.push_back(owned.back().get());
  }
  auto sim = Simulator::create(plan, raw);
  return sim ? "" : sim.error().message;
}

TEST(SimulatorRefuses, ScheduleThatDoesNotSumToTheFrame) {
  PlanBuilder b(1000 * ms);
  b.slot(0, 500 * ms);
  EXPECT_EQ(createError(b.build()), "the domain schedule's slots sum to 500000000 ns, not Frame_Period 1000000000 ns");
}

TEST(SimulatorRefuses, EmptySchedule) {
  EXPECT_EQ(createError(PlanBuilder(1000 * ms).build()), "the domain schedule has no slots");
}

TEST(SimulatorRefuses, NonPositiveFramePeriod) {
  EXPECT_EQ(createError(PlanBuilder(0).build()), "the domain schedule's Frame_Period is 0 ns; it must be positive");
}

TEST(SimulatorRefuses, ZeroLengthSlot) {
  PlanBuilder b(1000 * ms);
  b.slot(0, 1000 * ms).slot(2, 0);
  EXPECT_EQ(createError(b.build()), "a slot of domain 2 has length 0 ns; it must be positive");
}

TEST(SimulatorRefuses, PeriodNotAMultipleOfTheFrame) {
  PlanBuilder b = bothVmSchedule();
  b.partition("odd", 2, DispatchProtocol::Periodic, 1500 * ms, 10 * ms);
  EXPECT_EQ(createError(b.build()),
            "periodic thread top_impl_Instance.odd.odd has Period 1500000000 ns, not a positive multiple of "
            "Frame_Period 1000000000 ns");
}

TEST(SimulatorRefuses, PeriodicThreadWithoutPeriodQueue) {
  PlanBuilder b = bothVmSchedule();
  b.partition("p", 2, DispatchProtocol::Periodic, 1000 * ms, 10 * ms);
  plan::Plan plan = b.build();
  plan.partitions[0].periodChannel = -1;
  EXPECT_EQ(createError(plan), "periodic thread top_impl_Instance.p.p is in partition p, which has no period queue");
}

TEST(SimulatorRefuses, WrongNumberOfDrivers) {
  EXPECT_EQ(createError(producerConsumer(bothVmSchedule(), DispatchProtocol::Periodic, 1000 * ms, 1), 1),
            "1 partition drivers given for 2 partitions");
}

}  // namespace
}  // namespace bulkhead::sim
