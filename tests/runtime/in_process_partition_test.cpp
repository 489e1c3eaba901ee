// Partitions assembled over real channel regions (channel/) through the
// in-process transport, the way the simulator runs them: a producer and a
// consumer exchanging Integer_8 values through an event data queue, a
// pacer's period queue per partition, and the checks done on attach.
#include "channel/event_data_queue.hpp"
#include "channel/layout.hpp"
#include "contract/health_report.hpp"
#include "runtime/transports/in_process_transport.hpp"
#include "runtime/partition_assembly.hpp"
#include "runtime/typed_ports.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <functional>
#include <memory>
#include <new>
#include <span>
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
                .channel = {8, OverflowHandling::DropOldest}};
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

// Three puts in one dispatch through a queue of one, to a receiver whose
// Overflow_Handling_Protocol is Error: it gets the newest and the two
// drops are reported for the health monitor, not lost silently: a typed
// record on its health channel (contract/health_report.hpp) naming the
// thread, the port, the count, the dispatch and the frame the supervisor
// published; without a health channel (the simulator), an error line.
class Burst final : public Component {
 public:
  void initialise() override {}
  void timeTriggered() override {
    for (std::int8_t v : {1, 2, 3}) putScalar<std::int8_t>(context(), 0, v);
  }
  void finalise() override {}
};

// The burst's producer and a consumer whose in port's protocol is Error.
struct BurstIntoError {
  System system;
  Burst burst;
  Component* producerBehaviour[1] = {&burst};
  Component* consumerBehaviour[1] = {&system.consumer};
  PartitionSpec consumerWithError = [] {
    PartitionSpec spec = consumerSpec();
    spec.threads[0].ports[0].channel.overflow = OverflowHandling::Error;
    return spec;
  }();
  std::expected<Dispatcher, RuntimeError> producer =
      assemblePartition(producerSpec(), producerBehaviour, system.producerTransport, system.sink);
  std::expected<Dispatcher, RuntimeError> consumer =
      assemblePartition(consumerWithError, consumerBehaviour, system.consumerTransport, system.sink);
  void frame() {
    system.pace();
    ASSERT_TRUE(producer->step(0));
    ASSERT_TRUE(consumer->step(0));
  }
};

TEST(InProcessPartition, OverflowWithProtocolErrorIsARecordOnTheHealthChannel) {
  BurstIntoError b;
  ASSERT_TRUE(b.producer && b.consumer);
  alignas(64) std::array<std::byte, contract::kHealthChannelSize> healthRegion{};
  ASSERT_TRUE(contract::formatHealthChannel(healthRegion));
  auto health = contract::HealthChannelWriter::attach(healthRegion);
  ASSERT_TRUE(health);
  b.consumer->setHealthChannel(&*health);
  for (int frame = 1; frame <= 2; ++frame) {
    contract::publishHealthFrame(healthRegion, static_cast<std::uint64_t>(frame + 6));  // as the supervisor does
    b.frame();
  }
  EXPECT_EQ(b.system.sink.out, (std::vector<std::string>{"vmconsumer: Received 8 bits on read_port: [ 03 ]",
                                                         "vmconsumer: Received 8 bits on read_port: [ 03 ]"}));
  EXPECT_TRUE(b.system.sink.err.empty()) << b.system.sink.err.front();
  ASSERT_EQ(contract::healthWritten(healthRegion), 2u);
  for (std::uint64_t i = 0; i < 2; ++i) {
    const contract::HealthRecord r = contract::healthRecordAt(healthRegion, i);
    EXPECT_EQ(r.sequence, i);
    EXPECT_EQ(r.frame, 7 + i);
    EXPECT_EQ(r.dispatch, 1 + i);
    EXPECT_EQ(r.count, 2u);
    EXPECT_EQ(r.kind, static_cast<std::uint32_t>(contract::HealthKind::QueueOverflow));
    EXPECT_EQ(r.thread, 0u);
    EXPECT_EQ(r.port, 0u);
    EXPECT_EQ(r.reserved, 0u);
  }
  EXPECT_EQ(b.consumer->context(0).dropped(0), 2u);
}

// Issue 13 item 4: around each dispatch the runtime publishes on its health
// channel the frame the dispatch began in (0 outside one), which the
// supervisor reads at the end of each window to find an overrun without a
// trace (contract/health_report.hpp).
class DispatchWatcher final : public Component {
 public:
  explicit DispatchWatcher(std::span<std::byte> region) : region_(region) {}
  void initialise() override {}
  void timeTriggered() override { seen.push_back(contract::healthDispatching(region_)); }
  void finalise() override {}
  std::vector<std::uint64_t> seen;

 private:
  std::span<std::byte> region_;
};

TEST(InProcessPartition, ADispatchPublishesTheFrameItBeganInOnTheHealthChannel) {
  alignas(64) std::array<std::byte, contract::kHealthChannelSize> healthRegion{};
  ASSERT_TRUE(contract::formatHealthChannel(healthRegion));
  auto health = contract::HealthChannelWriter::attach(healthRegion);
  ASSERT_TRUE(health);
  System system;
  DispatchWatcher watcher(healthRegion);
  Component* behaviour[1] = {&watcher};
  auto producer = assemblePartition(producerSpec(), behaviour, system.producerTransport, system.sink);
  ASSERT_TRUE(producer) << producer.error().message;
  producer->setHealthChannel(&*health);
  for (int frame = 1; frame <= 2; ++frame) {
    contract::publishHealthFrame(healthRegion, static_cast<std::uint64_t>(frame + 6));  // as the supervisor does
    system.pace();
    ASSERT_TRUE(producer->step(0));
    EXPECT_EQ(contract::healthDispatching(healthRegion), 0u) << "no dispatch after the step";
  }
  EXPECT_EQ(watcher.seen, (std::vector<std::uint64_t>{7, 8}));
}

TEST(InProcessPartition, OverflowWithProtocolErrorIsAnErrorLineWithoutAHealthChannel) {
  BurstIntoError b;
  ASSERT_TRUE(b.producer && b.consumer);
  b.frame();
  EXPECT_EQ(b.system.sink.err, (std::vector<std::string>{"top_impl_Instance_consumer_consumer: queue overflow on "
                                                         "read_port (Overflow_Handling_Protocol Error): 2 dropped"}));
}

// Data and event ports over real regions: a data port read at two
// dispatches after one write is fresh then stale with the same value; a
// sporadic thread runs handle_<port> once per event batch, and not at all
// without one.
TEST(InProcessPartition, DataPortFreshThenStaleAndSporadicEventHandler) {
  Region level{channel::Geometry{channel::Kind::Data, 1, 16}};
  Region ping{channel::Geometry{channel::Kind::Event, 4, 0}};
  Region ticks{channel::Geometry{channel::Kind::EventData, 1, 8}};
  InProcessTransport writerTransport{{level.span(), ping.span()}};
  InProcessTransport readerTransport{{level.span(), ping.span(), ticks.span()}};
  auto pacer = *channel::EventDataSender::resume(ticks.span());
  CapturingSink sink;

  const ChannelGeometry data16{16, OverflowHandling::DropOldest};
  const ChannelGeometry event4{0, OverflowHandling::DropOldest};
  PartitionSpec writerSpec{
      .name = "writer", .instanceName = "top.writer", .planFingerprint = 0,
      .threads = {ThreadSpec{.name = "w", .instanceName = "top.writer.w", .classifier = "w.i",
                             .dispatch = DispatchProtocol::Sporadic, .period = 0, .periodTicks = 1,
                             .ports = {PortSpec{.name = "level", .direction = Direction::Out, .category = PortCategory::Data,
                                                .queueSize = 1, .dataType = "Base_Types::Unsigned_16", .handover = 0, .channel = data16},
                                       PortSpec{.name = "ping", .direction = Direction::Out, .category = PortCategory::Event,
                                                .queueSize = 1, .dataType = "", .handover = 1, .channel = event4}}}},
      .periodQueue = -1};
  PartitionSpec readerSpec{
      .name = "reader", .instanceName = "top.reader", .planFingerprint = 0,
      .threads = {ThreadSpec{.name = "r", .instanceName = "top.reader.r", .classifier = "r.i",
                             .dispatch = DispatchProtocol::Periodic, .period = 1'000'000'000, .periodTicks = 1,
                             .ports = {PortSpec{.name = "level", .direction = Direction::In, .category = PortCategory::Data,
                                                .queueSize = 1, .dataType = "Base_Types::Unsigned_16", .handover = 0, .channel = data16}}},
                  ThreadSpec{.name = "h", .instanceName = "top.reader.h", .classifier = "h.i",
                             .dispatch = DispatchProtocol::Sporadic, .period = 0, .periodTicks = 1,
                             .ports = {PortSpec{.name = "ping", .direction = Direction::In, .category = PortCategory::Event,
                                                .queueSize = 4, .dataType = "", .handover = 1, .channel = event4}}}},
      .periodQueue = 2};

  // The writer: initialise writes the level once and pings three times.
  class Writer final : public Component {
   public:
    void initialise() override {
      putScalar<std::uint16_t>(context(), 0, 700);
      for (int i = 0; i < 3; ++i) context().put(1);
    }
    void finalise() override {}
  } writer;
  class Reader final : public Component {
   public:
    void initialise() override {}
    void timeTriggered() override {
      auto value = getScalarSample<std::uint16_t>(context(), 0);
      context().print(value ? std::to_string(value->value) + (value->fresh ? " fresh" : " stale") : "none");
    }
    void finalise() override {}
  } reader;
  class Handler final : public Component {
   public:
    void initialise() override {}
    void handlePort(int port) override { context().print("handle_ping x" + std::to_string(context().events(port))); }
    void finalise() override {}
  } handler;

  Component* writerBehaviour[] = {&writer};
  Component* readerBehaviours[] = {&reader, &handler};
  auto w = assemblePartition(writerSpec, writerBehaviour, writerTransport, sink);
  auto r = assemblePartition(readerSpec, readerBehaviours, readerTransport, sink);
  ASSERT_TRUE(w) << w.error().message;
  ASSERT_TRUE(r) << r.error().message;
  // The handler's event port wakes the partition; the data port does not.
  EXPECT_EQ(readerTransport.watched(), (std::vector<int>{1, 2}));
  ASSERT_TRUE(w->initialise());
  EXPECT_EQ(writerTransport.notifier(0).count(), 1u);
  EXPECT_EQ(writerTransport.notifier(1).count(), 3u);
  const std::byte tick{1};
  ASSERT_TRUE(pacer.send(8, {&tick, 1}));
  ASSERT_TRUE(r->step(0));  // reader (tick) and handler (3 events)
  ASSERT_TRUE(pacer.send(8, {&tick, 1}));
  ASSERT_TRUE(r->step(1));  // reader only: no new events
  EXPECT_EQ(sink.out, (std::vector<std::string>{"700 fresh", "handle_ping x3", "700 stale"}));
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
