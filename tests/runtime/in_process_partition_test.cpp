// Partitions assembled over real channel regions (channel/) through the
// in-process transport, the way the simulator runs them: a producer and a
// consumer exchanging Integer_8 values through an event data queue, a
// pacer's period queue per partition, and the checks done on attach.
#include "channel/event_data_queue.hpp"
#include "channel/layout.hpp"
#include "runtime/in_process_transport.hpp"
#include "runtime/partition_assembly.hpp"
#include "runtime/typed_ports.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <new>
#include <string>
#include <vector>

namespace bulkhead::runtime {
namespace {

class CapturingSink final : public LogSink {
 public:
  void line(Stream stream, std::string_view text) override { (stream == Stream::Out ? out : err).emplace_back(text); }
  std::vector<std::string> out, err;
};

// A 64-byte aligned region, as mmap gives.
struct Region {
  explicit Region(const channel::Geometry& geometry) {
    size = *channel::regionSize(geometry);
    bytes.reset(new (std::align_val_t{64}) std::byte[size]);
    EXPECT_TRUE(channel::format(span(), geometry).has_value());
  }
  std::span<std::byte> span() { return {bytes.get(), size}; }
  struct Free {
    void operator()(std::byte* p) const { ::operator delete[](p, std::align_val_t{64}); }
  };
  std::unique_ptr<std::byte[], Free> bytes;
  std::size_t size = 0;
};

class Producer final : public Component {
 public:
  void initialise() override {}
  void timeTriggered() override { putScalar<std::int8_t>(context(), 0, static_cast<std::int8_t>(counter++)); }
  void finalise() override {}
  std::uint8_t counter = 0;
};

class Consumer final : public Component {
 public:
  void initialise() override {}
  void timeTriggered() override {
    if (auto value = getScalar<std::int8_t>(context(), 0)) {
      char line[64];
      std::snprintf(line, sizeof line, "vmconsumer: Received 8 bits on read_port: [ %02X ]",
                    static_cast<unsigned>(static_cast<std::uint8_t>(*value)));
      context().print(line);
    }
  }
  void finalise() override {}
};

PartitionSpec producerSpec() {
  PortSpec port{.name = "write_port", .direction = Direction::Out, .category = PortCategory::EventData,
                .queueSize = 1, .dataType = "Base_Types::Integer_8", .handover = 0,
                .channel = {PortCategory::EventData, 1, 8, OverflowHandling::DropOldest}};
  ThreadSpec thread{.name = "producer", .instanceName = "top_impl_Instance.producer.producer",
                    .classifier = "producer_t.i", .dispatch = DispatchProtocol::Periodic,
                    .period = 1'000'000'000, .periodTicks = 1, .ports = {port}};
  return PartitionSpec{.name = "producer", .instanceName = "top_impl_Instance.producer", .planFingerprint = 1,
                       .threads = {thread}, .periodQueue = 1};
}

PartitionSpec consumerSpec() {
  PartitionSpec spec = producerSpec();
  spec.name = "consumer";
  spec.instanceName = "top_impl_Instance.consumer";
  ThreadSpec& thread = spec.threads[0];
  thread.name = "consumer";
  thread.instanceName = "top_impl_Instance.consumer.consumer";
  thread.classifier = "consumer_t.i";
  thread.ports[0].name = "read_port";
  thread.ports[0].direction = Direction::In;
  return spec;
}

struct System {
  Region connection{channel::Geometry{channel::Kind::EventData, 1, 8}};
  Region producerTicks{channel::Geometry{channel::Kind::EventData, 1, 8}};
  Region consumerTicks{channel::Geometry{channel::Kind::EventData, 1, 8}};
  InProcessTransport producerTransport{{connection.span(), producerTicks.span()}};
  InProcessTransport consumerTransport{{connection.span(), consumerTicks.span()}};
  channel::EventDataSender pacerToProducer = *channel::EventDataSender::resume(producerTicks.span());
  channel::EventDataSender pacerToConsumer = *channel::EventDataSender::resume(consumerTicks.span());
  Producer producer;
  Consumer consumer;
  CapturingSink sink;
  std::uint8_t tick = 0;

  void pace() {
    ++tick;
    const std::byte value{tick};
    ASSERT_TRUE(pacerToProducer.send(8, {&value, 1}));
    ASSERT_TRUE(pacerToConsumer.send(8, {&value, 1}));
  }
};

TEST(InProcessPartition, ProducerToConsumerThroughRealChannels) {
  System system;
  Component* producerBehaviour[] = {&system.producer};
  Component* consumerBehaviour[] = {&system.consumer};
  auto producer = assemblePartition(producerSpec(), producerBehaviour, system.producerTransport, system.sink);
  auto consumer = assemblePartition(consumerSpec(), consumerBehaviour, system.consumerTransport, system.sink);
  ASSERT_TRUE(producer) << producer.error().message;
  ASSERT_TRUE(consumer) << consumer.error().message;
  // The period queue wakes both; the consumer's periodic in port does not.
  EXPECT_EQ(system.producerTransport.watched(), (std::vector<int>{1}));
  EXPECT_EQ(system.consumerTransport.watched(), (std::vector<int>{1}));

  producer->announce();
  consumer->announce();
  ASSERT_TRUE(producer->initialise());
  ASSERT_TRUE(consumer->initialise());
  // Frames as in both_vm's schedule: pacer, then producer window, then consumer window.
  for (int frame = 0; frame < 3; ++frame) {
    system.pace();
    ASSERT_TRUE(producer->step(frame));
    ASSERT_TRUE(consumer->step(frame));
  }
  EXPECT_EQ(system.producerTransport.notifier(0).count(), 3u);  // one notify per publish
  EXPECT_EQ(system.sink.out, (std::vector<std::string>{
                                 "Art: Registered component: top_impl_Instance_producer_producer (periodic: 1000)",
                                 "Art: - Registered port: top_impl_Instance_producer_producer_write_port (event out)",
                                 "Art: Registered component: top_impl_Instance_consumer_consumer (periodic: 1000)",
                                 "Art: - Registered port: top_impl_Instance_consumer_consumer_read_port (event in)",
                                 "vmconsumer: Received 8 bits on read_port: [ 00 ]",
                                 "vmconsumer: Received 8 bits on read_port: [ 01 ]",
                                 "vmconsumer: Received 8 bits on read_port: [ 02 ]",
                             }));
  EXPECT_TRUE(system.sink.err.empty());
}

TEST(InProcessPartition, CounterWrapsFromFFTo00AsABitPattern) {
  System system;
  system.producer.counter = 0xFE;
  Component* producerBehaviour[] = {&system.producer};
  Component* consumerBehaviour[] = {&system.consumer};
  auto producer = assemblePartition(producerSpec(), producerBehaviour, system.producerTransport, system.sink);
  auto consumer = assemblePartition(consumerSpec(), consumerBehaviour, system.consumerTransport, system.sink);
  ASSERT_TRUE(producer && consumer);
  for (int frame = 0; frame < 3; ++frame) {
    system.pace();
    ASSERT_TRUE(producer->step(frame));
    ASSERT_TRUE(consumer->step(frame));
  }
  EXPECT_EQ(system.sink.out, (std::vector<std::string>{
                                 "vmconsumer: Received 8 bits on read_port: [ FE ]",
                                 "vmconsumer: Received 8 bits on read_port: [ FF ]",
                                 "vmconsumer: Received 8 bits on read_port: [ 00 ]",
                             }));
}

TEST(InProcessPartition, ATickMissedWhileHeldIsCountedNotReplayed) {
  System system;
  Component* producerBehaviour[] = {&system.producer};
  auto producer = assemblePartition(producerSpec(), producerBehaviour, system.producerTransport, system.sink);
  ASSERT_TRUE(producer);
  system.pace();
  system.pace();  // two frames' ticks before the producer runs: queue size 1 keeps the newest
  auto step = producer->step(0);
  ASSERT_TRUE(step);
  EXPECT_EQ(step->dispatches, 1);
  EXPECT_EQ(producer->ticks(), 2u);
}

TEST(InProcessPartition, ReceiverRefusesARegionOfAnotherGeometry) {
  Region wide{channel::Geometry{channel::Kind::EventData, 1, 16}};
  Region ticks{channel::Geometry{channel::Kind::EventData, 1, 8}};
  InProcessTransport transport{{wide.span(), ticks.span()}};
  Consumer consumer;
  Component* behaviour[] = {&consumer};
  CapturingSink sink;
  auto assembled = assemblePartition(consumerSpec(), behaviour, transport, sink);
  ASSERT_FALSE(assembled);
  EXPECT_EQ(assembled.error().message,
            "top_impl_Instance.consumer.consumer.read_port: the channel region carries at most 16 bits but the plan "
            "says 8");
}

TEST(InProcessPartition, ReceiverRefusesAnUnformattedRegion) {
  Region ticks{channel::Geometry{channel::Kind::EventData, 1, 8}};
  Region garbage{channel::Geometry{channel::Kind::EventData, 1, 8}};
  std::fill(garbage.span().begin(), garbage.span().end(), std::byte{0});
  InProcessTransport transport{{garbage.span(), ticks.span()}};
  Consumer consumer;
  Component* behaviour[] = {&consumer};
  CapturingSink sink;
  auto assembled = assemblePartition(consumerSpec(), behaviour, transport, sink);
  ASSERT_FALSE(assembled);
  EXPECT_TRUE(assembled.error().message.starts_with("top_impl_Instance.consumer.consumer.read_port: "))
      << assembled.error().message;
}

TEST(InProcessPartition, MissingChannelIsAnError) {
  Region connection{channel::Geometry{channel::Kind::EventData, 1, 8}};
  InProcessTransport transport{{connection.span()}};
  Consumer consumer;
  Component* behaviour[] = {&consumer};
  CapturingSink sink;
  auto assembled = assemblePartition(consumerSpec(), behaviour, transport, sink);
  ASSERT_FALSE(assembled);
  EXPECT_EQ(assembled.error().message,
            "partition consumer period queue: no channel #1 (in-process transport holds 1)");
}

}  // namespace
}  // namespace bulkhead::runtime
