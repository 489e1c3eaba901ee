// Stepping: what the console shows after a slot or a frame, and how its
// answers steer the simulation.
#include "sim/simulator.hpp"
#include "sim/step_console.hpp"
#include "tests/sim/plan_builder.hpp"
#include "tests/sim/scripted_partition.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace bulkhead::sim {
namespace {

using testing::ms;
using testing::PlanBuilder;
using testing::ScriptedPartition;

plan::Plan twoSlotPlan() {
  PlanBuilder b(100 * ms);
  b.slot(1, 10 * ms).slot(2, 90 * ms);
  int p = b.partition("producer", 2, plan::DispatchProtocol::Periodic, 100 * ms, 5 * ms);
  int c = b.partition("consumer", 2, plan::DispatchProtocol::Sporadic, 10 * ms, 5 * ms);
  b.connect(p, "out", c, "in", plan::PortCategory::EventData, 2);
  return b.build();
}

struct StepRun {
  std::string output;
  std::uint64_t frames;
  bool stopped;
};

StepRun runWithInput(StepUnit unit, const std::string& input, std::uint64_t frames) {
  plan::Plan plan = twoSlotPlan();
  testing::MemoryWorld memory(plan);
  ScriptedPartition producer(plan, 0, memory), consumer(plan, 1, memory);
  producer.onDispatch = [](ScriptedPartition& p) { p.put("out", 9); };
  std::istringstream in(input);
  std::ostringstream out;
  StepConsole console(plan, {&producer, &consumer}, unit, in, out);
  auto sim = Simulator::create(plan, {&producer, &consumer}, &console);
  EXPECT_TRUE(sim);
  EXPECT_TRUE(sim->initialise());
  EXPECT_TRUE(sim->runFrames(frames));
  return {out.str(), sim->framesDone(), sim->stopped()};
}

TEST(StepConsole, ShowsSlotAndPortsThenWaitsForALine) {
  StepRun r = runWithInput(StepUnit::Slot, "\nq\n", 5);
  EXPECT_EQ(r.output,
            "-- frame 0 slot 0 (domain 1) 0 .. 10 ms --\n"
            "producer (domain 2)\n"
            "producer.out: numSent 0 numRecv 0\n"
            "consumer (domain 2)\n"
            "consumer.in: numSent 0 numRecv 0\n"
            "[enter: next, c: continue to the end, q: quit] "
            "-- frame 0 slot 1 (domain 2) 10 .. 100 ms --\n"
            "producer (domain 2, this window)\n"
            "producer.out: numSent 1 numRecv 1\n"
            "consumer (domain 2, this window)\n"
            "consumer.in: numSent 1 numRecv 1\n"
            "[enter: next, c: continue to the end, q: quit] ");
  EXPECT_TRUE(r.stopped);
  EXPECT_EQ(r.frames, 0u);
}

TEST(StepConsole, ContinueRunsToTheEndWithoutAnotherPause) {
  StepRun r = runWithInput(StepUnit::Slot, "c\n", 4);
  EXPECT_FALSE(r.stopped);
  EXPECT_EQ(r.frames, 4u);
  EXPECT_EQ(r.output.find("slot 1"), std::string::npos);
}

TEST(StepConsole, FrameUnitPausesOncePerFrame) {
  StepRun r = runWithInput(StepUnit::Frame, "\n\n\n", 3);
  EXPECT_EQ(r.frames, 3u);
  EXPECT_NE(r.output.find("-- end of frame 0 at 100 ms --"), std::string::npos);
  EXPECT_NE(r.output.find("-- end of frame 2 at 300 ms --"), std::string::npos);
  EXPECT_EQ(r.output.find("slot"), std::string::npos);
}

TEST(StepConsole, EndOfInputRunsOn) {
  StepRun r = runWithInput(StepUnit::Slot, "", 3);
  EXPECT_EQ(r.frames, 3u);
  EXPECT_FALSE(r.stopped);
}

}  // namespace
}  // namespace bulkhead::sim
