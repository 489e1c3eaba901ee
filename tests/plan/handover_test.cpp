// The hand-over order, computed once for the supervisor and code generation.
#include "plan/handover.hpp"
#include "sample_plan.hpp"

#include <gtest/gtest.h>

namespace bulkhead::plan {
namespace {

using testing::samplePlan;

void expectEntry(const HandoverEntry& e, int channel, Direction direction, int receiver, int thread, int port) {
  EXPECT_EQ(e.channel, channel);
  EXPECT_EQ(e.direction, direction);
  EXPECT_EQ(e.receiver, receiver);
  EXPECT_EQ(e.thread, thread);
  EXPECT_EQ(e.port, port);
}

TEST(Handover, ConnectedPortsInPlanOrderThenThePeriodQueue) {
  const Plan plan = samplePlan();
  const auto producer = handoverOf(plan, 0);
  ASSERT_EQ(producer.size(), 3u);
  expectEntry(producer[0], 0, Direction::Out, -1, 0, 0);
  expectEntry(producer[1], 1, Direction::Out, -1, 0, 1);
  expectEntry(producer[2], 2, Direction::In, 0, -1, -1);  // the period queue, last
  // Unconnected ports (alarm, letter) take no entry.
  const auto consumer = handoverOf(plan, 1);
  ASSERT_EQ(consumer.size(), 1u);
  expectEntry(consumer[0], 0, Direction::In, 0, 0, 0);
}

TEST(Handover, AReceiverIndexNotInThePortIsFoundInTheChannel) {
  Plan plan = samplePlan();
  plan.partitions[1].threads[0].ports[0].receiverIndex = -1;
  const auto consumer = handoverOf(plan, 1);
  ASSERT_EQ(consumer.size(), 1u);
  EXPECT_EQ(consumer[0].receiver, 0);
}

}  // namespace
}  // namespace bulkhead::plan
