// A node's share of a distributed Plan: its partitions and the channels
// with an end on it, renumbered; a remote channel keeps only local ends.
#include "plan/build_plan.hpp"
#include "plan/node_slice.hpp"

#include <gtest/gtest.h>

namespace bulkhead::plan {
namespace {

Plan distributed() {
  auto plan = loadPlan({std::string(BULKHEAD_SOURCE_DIR) + "/examples/both_vm_distributed/both_vm_distributed.aadl"});
  EXPECT_TRUE(plan.has_value());
  return plan ? *plan : Plan{};
}

TEST(NodeSlice, SendingNodeKeepsTheSenderAndItsPeriodQueue) {
  const Plan plan = distributed();
  auto slice = sliceForNode(plan, 0);
  ASSERT_TRUE(slice.has_value()) << slice.error();
  ASSERT_EQ(slice->plan.partitions.size(), 1u);
  EXPECT_EQ(slice->plan.partitions[0].name, "producer");
  EXPECT_EQ(slice->partitionOf, std::vector<int>{0});
  ASSERT_EQ(slice->channelOf, (std::vector<int>{0, 1}));  // the remote channel, the producer's period queue
  const Channel& remote = slice->plan.channels[0];
  ASSERT_TRUE(remote.sender.has_value());
  EXPECT_EQ(remote.sender->partition, 0);
  EXPECT_TRUE(remote.receivers.empty());
  EXPECT_EQ(remote.queueSize, plan.channels[0].queueSize);  // same geometry on both nodes
  EXPECT_EQ(slice->plan.partitions[0].periodChannel, 1);
  EXPECT_TRUE(slice->plan.nodes.empty());
  EXPECT_EQ(slice->plan.schedule.slots.size(), plan.schedule.slots.size());
}

TEST(NodeSlice, ReceivingNodeKeepsTheReceiverRenumbered) {
  const Plan plan = distributed();
  auto slice = sliceForNode(plan, 1);
  ASSERT_TRUE(slice.has_value()) << slice.error();
  ASSERT_EQ(slice->plan.partitions.size(), 1u);
  EXPECT_EQ(slice->plan.partitions[0].name, "consumer");
  EXPECT_EQ(slice->partitionOf, std::vector<int>{1});
  ASSERT_EQ(slice->channelOf, (std::vector<int>{0, 2}));
  EXPECT_EQ(slice->sliceChannel(2), 1);
  EXPECT_EQ(slice->sliceChannel(1), -1);
  const Channel& remote = slice->plan.channels[0];
  EXPECT_FALSE(remote.sender.has_value());
  ASSERT_EQ(remote.receivers.size(), 1u);
  EXPECT_EQ(remote.receivers[0].partition, 0);
  const Port& in = slice->plan.partitions[0].threads[0].ports[0];
  EXPECT_EQ(in.channel, 0);
  EXPECT_EQ(in.receiverIndex, 0);
  EXPECT_EQ(slice->plan.partitions[0].periodChannel, 1);
}

TEST(NodeSlice, NoSuchNode) {
  EXPECT_FALSE(sliceForNode(distributed(), 2).has_value());
}

}  // namespace
}  // namespace bulkhead::plan
