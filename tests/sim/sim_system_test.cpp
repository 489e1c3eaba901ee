// The simulator over the real runtime: the dispatcher, channel/ regions
// and the wire codec, with behaviours written against the Component API.
#include "codegen/partition_slice.hpp"
#include "plan/plan_json.hpp"
#include "sim/sim_system.hpp"
#include "tests/sim/plan_builder.hpp"
#include "tests/sim/runtime_components.hpp"
#include "trace/sim_trace.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace bulkhead::sim {
namespace {

using testing::bothVmSchedule;
using testing::ms;
using testing::PlanBuilder;
using plan::DispatchProtocol;
using plan::PortCategory;

plan::Plan producerConsumer(DispatchProtocol consumer, plan::Nanoseconds consumerPeriod, std::uint32_t queueSize,
                            PortCategory category = PortCategory::EventData) {
  PlanBuilder b = bothVmSchedule();
  int p = b.partition("producer", 2, DispatchProtocol::Periodic, 1000 * ms, 10 * ms);
  int c = b.partition("consumer", 3, consumer, consumerPeriod, 10 * ms);
  b.connect(p, "write_port", c, "read_port", category, queueSize);
  plan::Plan plan = b.build();
  for (auto& partition : plan.partitions)
    for (auto& thread : partition.threads)
      for (auto& port : thread.ports) {
        wire::DataType t;
        t.kind = wire::DataType::Kind::Integer;
        t.name = "Base_Types::Integer_8";
        t.bitWidth = 8;
        if (port.category != PortCategory::Event) port.dataType = t;
      }
  return plan;
}

std::vector<PartitionCode> code(const plan::Plan& plan, int producerBurst) {
  std::vector<PartitionCode> out;
  for (int p = 0; p < 2; ++p) {
    PartitionCode c{codegen::partitionSlice(plan, p, 7), {}};
    if (p == 0)
      c.behaviours.push_back(std::make_unique<testing::CountingProducer>(producerBurst));
    else
      c.behaviours.push_back(std::make_unique<testing::PrintingConsumer>());
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<std::string> consumerLines(const std::vector<std::string>& out) {
  std::vector<std::string> lines;
  for (const auto& l : out)
    if (l.starts_with("consumer:")) lines.push_back(l);
  return lines;
}

TEST(SimSystem, PeriodicProducerConsumerGetsConsecutiveValuesWrappingAtFF) {
  plan::Plan plan = producerConsumer(DispatchProtocol::Periodic, 1000 * ms, 1);
  testing::CapturingSink sink;
  auto system = SimSystem::create(plan, code(plan, 1), sink);
  ASSERT_TRUE(system) << system.error().message;
  ASSERT_TRUE((*system)->start());
  ASSERT_TRUE((*system)->runFrames(600));
  ASSERT_TRUE((*system)->finish());
  auto lines = consumerLines(sink.out);
  ASSERT_EQ(lines.size(), 600u);
  for (std::size_t i = 0; i < lines.size(); ++i)
    EXPECT_EQ(lines[i], fmt::format("consumer: Received 8 bits on read_port: [ {:02X} ] dropped 0", (i + 1) % 256));
  EXPECT_TRUE(sink.err.empty());
  // The Art registration lines come first, in Plan order.
  ASSERT_GE(sink.out.size(), 4u);
  EXPECT_EQ(sink.out[0], "Art: Registered component: top_impl_Instance_producer_producer (periodic: 1000)");
  EXPECT_EQ((*system)->simulator().dispatches(), 1200u);
}

TEST(SimSystem, SporadicConsumerWithQueueOfThreeDropsTheOldest) {
  // 5 values per frame, one sporadic dispatch per window (inter-arrival
  // 500 ms, window 400 ms): the consumer sees the 3rd of each frame's 5
  // after dropping 2, then 4 per frame (2 left + 5 new - 3 slots).
  plan::Plan plan = producerConsumer(DispatchProtocol::Sporadic, 500 * ms, 3);
  testing::CapturingSink sink;
  auto system = SimSystem::create(plan, code(plan, 5), sink);
  ASSERT_TRUE(system) << system.error().message;
  ASSERT_TRUE((*system)->start());
  ASSERT_TRUE((*system)->runFrames(3));
  EXPECT_EQ(consumerLines(sink.out), (std::vector<std::string>{
                                         "consumer: Received 8 bits on read_port: [ 03 ] dropped 2",
                                         "consumer: Received 8 bits on read_port: [ 08 ] dropped 4",
                                         "consumer: Received 8 bits on read_port: [ 0D ] dropped 4"}));
}

TEST(SimSystem, DataPortIsReadEveryDispatchWithoutConsuming) {
  // The consumer (periodic, every frame) reads the producer's data port;
  // a producer of period 2 frames writes every other frame.
  PlanBuilder b = bothVmSchedule();
  int p = b.partition("producer", 2, DispatchProtocol::Periodic, 2000 * ms, 10 * ms);
  int c = b.partition("consumer", 3, DispatchProtocol::Periodic, 1000 * ms, 10 * ms);
  b.connect(p, "write_port", c, "read_port", PortCategory::Data, 1);
  plan::Plan plan = b.build();
  wire::DataType t{wire::DataType::Kind::Integer, "Base_Types::Integer_8", 8, 0, {}, nullptr, {}};
  plan.partitions[0].threads[0].ports[0].dataType = t;
  plan.partitions[1].threads[0].ports[0].dataType = t;
  testing::CapturingSink sink;
  auto system = SimSystem::create(plan, code(plan, 1), sink);
  ASSERT_TRUE(system) << system.error().message;
  ASSERT_TRUE((*system)->start());
  ASSERT_TRUE((*system)->runFrames(4));
  EXPECT_EQ(consumerLines(sink.out), (std::vector<std::string>{
                                         "consumer: Received 8 bits on read_port: [ 01 ] dropped 0",
                                         "consumer: Received 8 bits on read_port: [ 01 ] dropped 0",
                                         "consumer: Received 8 bits on read_port: [ 02 ] dropped 0",
                                         "consumer: Received 8 bits on read_port: [ 02 ] dropped 0"}));
}

TEST(SimSystem, TraceCarriesTheValuesThatCrossedTheRealChannels) {
  plan::Plan plan = producerConsumer(DispatchProtocol::Sporadic, 500 * ms, 3);
  testing::CapturingSink sink;
  std::ostringstream out;
  trace::TraceWriter writer(out);
  trace::SimTrace recorder(plan, writer);
  auto system = SimSystem::create(plan, code(plan, 5), sink, &recorder);
  ASSERT_TRUE(system) << system.error().message;
  ASSERT_TRUE((*system)->start());
  ASSERT_TRUE((*system)->runFrames(2));
  writer.finish();
  auto events = nlohmann::json::parse(out.str())["traceEvents"];
  std::vector<std::string> sent, received;
  std::vector<std::int64_t> dropped;
  for (const auto& e : events) {
    if (e["name"] == "send write_port") sent.push_back(e["args"]["value"]);
    if (e["name"] == "receive read_port") received.push_back(e["args"]["value"]);
    if (e["name"] == "drop read_port") dropped.push_back(e["args"]["dropped"]);
  }
  EXPECT_EQ(sent, (std::vector<std::string>{"01", "02", "03", "04", "05", "06", "07", "08", "09", "0A"}));
  EXPECT_EQ(received, (std::vector<std::string>{"03", "08"}));
  EXPECT_EQ(dropped, (std::vector<std::int64_t>{2, 4}));
}

TEST(SimSystem, PortsDescribeQueueContentsForStepping) {
  plan::Plan plan = producerConsumer(DispatchProtocol::Sporadic, 500 * ms, 3);
  testing::CapturingSink sink;
  auto system = SimSystem::create(plan, code(plan, 5), sink);
  ASSERT_TRUE(system) << system.error().message;
  ASSERT_TRUE((*system)->start());
  ASSERT_TRUE((*system)->runFrames(1));
  auto drivers = (*system)->drivers();
  EXPECT_EQ(drivers[0]->describePorts(), "  producer.write_port (out): numSent 5, queued [03 04 05]\n");
  EXPECT_EQ(drivers[1]->describePorts(), "  consumer.read_port (in): numSent 5, queued [04 05], numRecv 3\n");
}

TEST(SimSystem, RefusesARegistryFromAnotherPlan) {
  plan::Plan plan = producerConsumer(DispatchProtocol::Periodic, 1000 * ms, 1);
  runtime::PartitionRegistry registry{0x1234, {}};
  auto result = codeFromRegistry(plan, 0xabcd, registry);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message,
            "the behaviour code was generated from plan 0000000000001234 but the model gives plan "
            "000000000000abcd; rebuild it from this model");
}

TEST(SimSystem, RefusesARegistryMissingAPartition) {
  plan::Plan plan = producerConsumer(DispatchProtocol::Periodic, 1000 * ms, 1);
  runtime::PartitionRegistry registry{0xabcd, {}};
  auto result = codeFromRegistry(plan, 0xabcd, registry);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "the behaviour code has no partition 'producer'");
}

TEST(SimSystem, RefusesProgramCodeThatDoesNotMatchThePlan) {
  plan::Plan plan = producerConsumer(DispatchProtocol::Periodic, 1000 * ms, 1);
  auto c = code(plan, 1);
  c[1].spec.threads[0].ports[0].name = "other_port";
  testing::CapturingSink sink;
  auto system = SimSystem::create(plan, std::move(c), sink);
  ASSERT_FALSE(system);
  EXPECT_EQ(system.error().message,
            "partition consumer: its program does not match the plan (port "
            "top_impl_Instance.consumer.consumer.other_port); rebuild it from this model");
}

}  // namespace
}  // namespace bulkhead::sim
