// The dispatcher's semantics (design sections 3 and 5) with in-memory port
// ends: freeze, entry points, publish-after-return, periodic and sporadic
// dispatch, the refusal of get in initialise.
#include "fake_port_ends.hpp"
#include "runtime/dispatcher.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace bulkhead::runtime {
namespace {

using testing::FakeIn;
using testing::FakeOut;
using testing::FakeWire;

class CapturingSink final : public LogSink {
 public:
  void line(Stream stream, std::string_view text) override {
    (stream == Stream::Out ? out : err).emplace_back(text);
  }
  std::vector<std::string> out, err;
};

// A behaviour whose entry points are lambdas given by the test.
class ScriptedComponent final : public Component {
 public:
  std::function<void(ThreadContext&)> onInitialise = [](ThreadContext&) {};
  std::function<void(ThreadContext&)> onTimeTriggered = [](ThreadContext&) {};
  std::function<void(ThreadContext&, int)> onHandle = [](ThreadContext&, int) {};
  int finalised = 0;

  void initialise() override { onInitialise(context()); }
  void timeTriggered() override { onTimeTriggered(context()); }
  void handlePort(int port) override { onHandle(context(), port); }
  void finalise() override { ++finalised; }
};

PortSpec port(std::string name, Direction direction, PortCategory category, int handover) {
  PortSpec spec;
  spec.name = std::move(name);
  spec.direction = direction;
  spec.category = category;
  spec.dataType = category == PortCategory::Event ? "" : "Base_Types::Integer_8";
  spec.handover = handover;
  spec.channel = ChannelGeometry{category == PortCategory::Event ? 0u : 8u, OverflowHandling::DropOldest};
  return spec;
}

ThreadSpec thread(std::string name, DispatchProtocol dispatch, std::vector<PortSpec> ports) {
  ThreadSpec spec;
  spec.name = name;
  spec.instanceName = "top_impl_Instance." + name + "." + name;
  spec.classifier = name + "_t.i";
  spec.dispatch = dispatch;
  spec.period = 1'000'000'000;
  spec.ports = std::move(ports);
  return spec;
}

std::uint8_t byteOf(const Payload* payload) { return std::to_integer<std::uint8_t>(payload->bytes()[0]); }

void putByte(ThreadContext& context, int port, std::uint8_t value) {
  Payload& out = context.put(port);
  out.storage()[0] = std::byte{value};
  out.setNumBits(8);
}

// One thread in one partition with a period queue fed by the test.
struct Rig {
  PartitionSpec spec;
  ScriptedComponent component;
  std::shared_ptr<FakeWire> ticks = std::make_shared<FakeWire>();
  std::vector<std::shared_ptr<FakeWire>> wires;
  CapturingSink sink;
  std::optional<Dispatcher> dispatcher;

  explicit Rig(ThreadSpec threadSpec, std::uint32_t ticksPerFrame = 1) {
    spec.ticksPerFrame = ticksPerFrame;
    spec.name = threadSpec.name;
    spec.instanceName = "top_impl_Instance." + threadSpec.name;
    spec.threads.push_back(std::move(threadSpec));
    spec.periodQueue = spec.threads[0].dispatch == DispatchProtocol::Periodic ? 99 : -1;
    ThreadBinding binding;
    binding.component = &component;
    for (const PortSpec& p : spec.threads[0].ports) {
      auto wire = std::make_shared<FakeWire>();
      wires.push_back(wire);
      auto kind = p.category == PortCategory::EventData ? FakeIn::Kind::EventData
                  : p.category == PortCategory::Data    ? FakeIn::Kind::Data
                                                        : FakeIn::Kind::Event;
      if (p.direction == Direction::In) {
        binding.ins.push_back(std::make_unique<FakeIn>(wire, kind));
        binding.outs.push_back(nullptr);
      } else {
        binding.ins.push_back(nullptr);
        binding.outs.push_back(std::make_unique<FakeOut>(wire, kind));
      }
    }
    std::vector<ThreadBinding> bindings;
    bindings.push_back(std::move(binding));
    std::unique_ptr<InPortEnd> periodQueue;
    if (spec.periodQueue >= 0) periodQueue = std::make_unique<FakeIn>(ticks, FakeIn::Kind::EventData);
    auto created = Dispatcher::create(spec, std::move(bindings), std::move(periodQueue), sink);
    EXPECT_TRUE(created.has_value()) << created.error().message;
    dispatcher.emplace(std::move(*created));
  }

  void tick() { ticks->queue.push_back(static_cast<std::uint8_t>(ticks->writes++ + 1)); }
  int step(Nanoseconds now = 0) {
    auto result = dispatcher->step(now);
    EXPECT_TRUE(result.has_value()) << result.error().message;
    return result ? result->dispatches : -1;
  }
};

TEST(Dispatcher, ArtRegistrationLinesAsHamrPrintsThem) {
  Rig rig(thread("producer", DispatchProtocol::Periodic,
                 {port("write_port", Direction::Out, PortCategory::EventData, 0),
                  port("level", Direction::In, PortCategory::Data, 1)}));
  rig.dispatcher->announce();
  EXPECT_EQ(rig.sink.out, (std::vector<std::string>{
                              "Art: Registered component: top_impl_Instance_producer_producer (periodic: 1000)",
                              "Art: - Registered port: top_impl_Instance_producer_producer_write_port (event out)",
                              "Art: - Registered port: top_impl_Instance_producer_producer_level (data in)",
                          }));
}

TEST(Dispatcher, PeriodicThreadDispatchesOncePerTickAndNotWithoutOne) {
  Rig rig(thread("consumer", DispatchProtocol::Periodic, {}));
  int runs = 0;
  rig.component.onTimeTriggered = [&](ThreadContext&) { ++runs; };
  ASSERT_TRUE(rig.dispatcher->initialise());
  EXPECT_EQ(rig.step(), 0);
  rig.tick();
  EXPECT_EQ(rig.step(), 1);
  EXPECT_EQ(rig.step(), 0);
  EXPECT_EQ(runs, 1);
}

TEST(Dispatcher, PeriodOfKFramesDispatchesOnTicksOneKPlusOneAndSoOn) {
  ThreadSpec spec = thread("slow", DispatchProtocol::Periodic, {});
  spec.periodTicks = 2;
  Rig rig(spec);
  std::vector<std::uint64_t> dispatchedAt;
  rig.component.onTimeTriggered = [&](ThreadContext&) { dispatchedAt.push_back(rig.dispatcher->ticks()); };
  for (int i = 0; i < 5; ++i) {
    rig.tick();
    rig.step();
  }
  EXPECT_EQ(dispatchedAt, (std::vector<std::uint64_t>{1, 3, 5}));
}

// Two paced windows a frame (HAMR's pacer slot before each): a thread of
// Period = 2 frames runs in both windows of every other frame.
TEST(Dispatcher, TwoTicksAFrameDispatchInEachWindowOfADueFrame) {
  ThreadSpec spec = thread("slow", DispatchProtocol::Periodic, {});
  spec.periodTicks = 2;
  Rig rig(spec, 2);
  std::vector<std::uint64_t> dispatchedAt;
  rig.component.onTimeTriggered = [&](ThreadContext&) { dispatchedAt.push_back(rig.dispatcher->ticks()); };
  for (int i = 0; i < 9; ++i) {
    rig.tick();
    rig.step();
  }
  EXPECT_EQ(dispatchedAt, (std::vector<std::uint64_t>{1, 2, 5, 6, 9}));
}

TEST(Dispatcher, FreezeDequeuesOneElementPerEventDataPortPerDispatch) {
  Rig rig(thread("consumer", DispatchProtocol::Periodic, {port("read_port", Direction::In, PortCategory::EventData, 0)}));
  rig.wires[0]->queue = {10, 11, 12};
  std::vector<int> seen;
  rig.component.onTimeTriggered = [&](ThreadContext& context) {
    const Payload* value = context.get(0);
    seen.push_back(value ? byteOf(value) : -1);
    // Frozen: the same dispatch sees the same value however often it asks.
    const Payload* again = context.get(0);
    EXPECT_EQ(again ? byteOf(again) : -1, seen.back());
  };
  for (int i = 0; i < 4; ++i) {
    rig.tick();
    rig.step();
  }
  EXPECT_EQ(seen, (std::vector<int>{10, 11, 12, -1}));
}

TEST(Dispatcher, DataPortIsReadOnceFreshThenStale) {
  Rig rig(thread("reader", DispatchProtocol::Periodic, {port("level", Direction::In, PortCategory::Data, 0)}));
  rig.wires[0]->latest = 42;
  rig.wires[0]->writes = 1;
  std::vector<std::pair<int, bool>> seen;
  rig.component.onTimeTriggered = [&](ThreadContext& context) {
    const Payload* value = context.get(0);
    seen.emplace_back(value ? byteOf(value) : -1, context.isFresh(0));
  };
  rig.tick();
  rig.step();
  rig.tick();
  rig.step();
  EXPECT_EQ(seen, (std::vector<std::pair<int, bool>>{{42, true}, {42, false}}));
}

TEST(Dispatcher, OutputsArePublishedOnlyWhenTheEntryPointReturns) {
  Rig rig(thread("producer", DispatchProtocol::Periodic,
                 {port("write_port", Direction::Out, PortCategory::EventData, 0)}));
  std::size_t publishedDuringEntryPoint = 99;
  rig.component.onTimeTriggered = [&](ThreadContext& context) {
    putByte(context, 0, 1);
    putByte(context, 0, 2);
    publishedDuringEntryPoint = rig.wires[0]->published.size();
  };
  rig.tick();
  rig.step();
  EXPECT_EQ(publishedDuringEntryPoint, 0u);
  EXPECT_EQ(rig.wires[0]->published, (std::vector<std::uint8_t>{1, 2}));  // every put, in order
}

TEST(Dispatcher, DataPortPublishesOnlyTheLastPut) {
  Rig rig(thread("writer", DispatchProtocol::Periodic, {port("level", Direction::Out, PortCategory::Data, 0)}));
  rig.component.onTimeTriggered = [&](ThreadContext& context) {
    putByte(context, 0, 7);
    putByte(context, 0, 8);
  };
  rig.tick();
  rig.step();
  EXPECT_EQ(rig.wires[0]->published, (std::vector<std::uint8_t>{8}));
}

TEST(Dispatcher, InitialiseMayPutButGetIsRefused) {
  Rig rig(thread("both", DispatchProtocol::Periodic,
                 {port("read_port", Direction::In, PortCategory::EventData, 0),
                  port("write_port", Direction::Out, PortCategory::EventData, 1)}));
  rig.wires[0]->queue = {5};
  const Payload* gotInInitialise = reinterpret_cast<const Payload*>(1);
  rig.component.onInitialise = [&](ThreadContext& context) {
    gotInInitialise = context.get(0);
    putByte(context, 1, 0x33);
  };
  ASSERT_TRUE(rig.dispatcher->initialise());
  EXPECT_EQ(gotInInitialise, nullptr);
  EXPECT_EQ(rig.dispatcher->context(0).refusedGets(), 1u);
  EXPECT_EQ(rig.wires[0]->queue.size(), 1u);  // nothing was dequeued
  EXPECT_EQ(rig.wires[1]->published, (std::vector<std::uint8_t>{0x33}));
  EXPECT_EQ(rig.sink.err, (std::vector<std::string>{
                              "top_impl_Instance_both_both: get_read_port refused: inputs are frozen only at a "
                              "dispatch, not in initialise or finalise"}));
}

TEST(Dispatcher, SporadicThreadRunsHandleForEachPortWithInput) {
  Rig rig(thread("handler", DispatchProtocol::Sporadic,
                 {port("a", Direction::In, PortCategory::EventData, 0),
                  port("b", Direction::In, PortCategory::EventData, 1),
                  port("ping", Direction::In, PortCategory::Event, 2)}));
  std::vector<std::string> calls;
  rig.component.onHandle = [&](ThreadContext& context, int p) {
    std::string call = context.spec().ports[static_cast<std::size_t>(p)].name;
    if (p == 2) call += "x" + std::to_string(context.events(2));
    else call += "=" + std::to_string(byteOf(context.get(p)));
    calls.push_back(call);
  };
  EXPECT_EQ(rig.step(0), 0);  // no input, no dispatch
  rig.wires[1]->queue = {9};
  EXPECT_EQ(rig.step(0), 1);
  rig.wires[0]->queue = {4};
  rig.wires[2]->events = 3;
  EXPECT_EQ(rig.step(2'000'000'000), 1);
  EXPECT_EQ(calls, (std::vector<std::string>{"b=9", "a=4", "pingx3"}));
}

TEST(Dispatcher, SporadicThreadRespectsItsMinimumInterArrival) {
  ThreadSpec spec = thread("handler", DispatchProtocol::Sporadic, {port("a", Direction::In, PortCategory::EventData, 0)});
  spec.period = 10;
  Rig rig(spec);
  std::vector<int> values;
  rig.component.onHandle = [&](ThreadContext& context, int p) { values.push_back(byteOf(context.get(p))); };
  rig.wires[0]->queue = {1, 2};
  auto first = rig.dispatcher->step(100);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->dispatches, 1);
  ASSERT_TRUE(first->nextDue);
  EXPECT_EQ(*first->nextDue, 110);  // the second element waits for the minimum inter-arrival
  EXPECT_EQ(rig.step(105), 0);
  EXPECT_EQ(rig.step(110), 1);
  EXPECT_EQ(values, (std::vector<int>{1, 2}));
}

TEST(Dispatcher, AnEntryPointThatThrowsBecomesAnErrorValue) {
  Rig rig(thread("thrower", DispatchProtocol::Periodic, {}));
  rig.component.onTimeTriggered = [](ThreadContext&) { throw std::runtime_error("boom"); };
  rig.tick();
  auto result = rig.dispatcher->step(0);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "thread top_impl_Instance.thrower.thrower: timeTriggered threw");
  EXPECT_EQ(rig.sink.err, (std::vector<std::string>{"top_impl_Instance_thrower_thrower: timeTriggered threw: boom"}));
}

TEST(Dispatcher, PeriodicThreadWithoutPeriodQueueIsRefused) {
  PartitionSpec spec;
  spec.name = "p";
  spec.threads.push_back(thread("t", DispatchProtocol::Periodic, {}));
  ScriptedComponent component;
  std::vector<ThreadBinding> bindings(1);
  bindings[0].component = &component;
  CapturingSink sink;
  auto created = Dispatcher::create(spec, std::move(bindings), nullptr, sink);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().message, "partition p has periodic threads but no period queue from the pacer");
}

TEST(Dispatcher, FinaliseRunsEveryThreadsFinalise) {
  Rig rig(thread("t", DispatchProtocol::Periodic, {}));
  ASSERT_TRUE(rig.dispatcher->finalise());
  EXPECT_EQ(rig.component.finalised, 1);
}

}  // namespace
}  // namespace bulkhead::runtime
