// The cost of one dispatch through the runtime (tick freeze, entry point,
// freeze of an Integer_8 queue, publish) against the bare channel
// operations it is made of, measured in the same run. The simulator's goal
// (issue 6: 5 million dispatches per second) rests on this path.
#include "channel/event_data_queue.hpp"
#include "channel/layout.hpp"
#include "runtime/in_process_transport.hpp"
#include "runtime/log_sink.hpp"
#include "runtime/partition_assembly.hpp"
#include "runtime/typed_ports.hpp"

#include <benchmark/benchmark.h>

#include <memory>
#include <new>

namespace {

using namespace bulkhead;

struct Region {
  explicit Region(const channel::Geometry& geometry) : size(*channel::regionSize(geometry)) {
    bytes = static_cast<std::byte*>(::operator new(size, std::align_val_t{64}));
    (void)channel::format({bytes, size}, geometry);
  }
  ~Region() { ::operator delete(bytes, std::align_val_t{64}); }
  std::span<std::byte> span() { return {bytes, size}; }
  std::size_t size;
  std::byte* bytes;
};

class NullSink final : public runtime::LogSink {
 public:
  void line(runtime::Stream, std::string_view) override {}
};

// Reads one value and sends one: the work of both_vm's two threads in one.
class Relay final : public runtime::Component {
 public:
  void initialise() override {}
  void timeTriggered() override {
    auto value = runtime::getScalar<std::int8_t>(context(), 0);
    runtime::putScalar<std::int8_t>(context(), 1, static_cast<std::int8_t>(value.value_or(0) + 1));
  }
  void finalise() override {}
};

runtime::PartitionSpec relaySpec() {
  using namespace runtime;
  const ChannelGeometry int8{PortCategory::EventData, 1, 8, OverflowHandling::DropOldest};
  ThreadSpec thread{.name = "relay", .instanceName = "top.relay.relay", .classifier = "relay.i",
                    .dispatch = DispatchProtocol::Periodic, .period = 1'000'000, .periodTicks = 1,
                    .ports = {PortSpec{.name = "in", .direction = Direction::In, .category = PortCategory::EventData,
                                       .queueSize = 1, .dataType = "Base_Types::Integer_8", .handover = 0, .channel = int8},
                              PortSpec{.name = "out", .direction = Direction::Out, .category = PortCategory::EventData,
                                       .queueSize = 1, .dataType = "Base_Types::Integer_8", .handover = 1, .channel = int8}}};
  return PartitionSpec{.name = "relay", .instanceName = "top.relay", .planFingerprint = 0, .threads = {thread},
                       .periodQueue = 2};
}

// Baseline: the channel operations one dispatch performs, without the runtime.
void BM_BareChannelOperations(benchmark::State& state) {
  const channel::Geometry int8{channel::Kind::EventData, 1, 8};
  Region input(int8), output(int8), ticks(int8);
  auto feed = *channel::EventDataSender::resume(input.span());
  auto pacer = *channel::EventDataSender::resume(ticks.span());
  auto tickIn = *channel::EventDataReceiver::attach(ticks.span());
  auto valueIn = *channel::EventDataReceiver::attach(input.span());
  auto valueOut = *channel::EventDataSender::resume(output.span());
  std::byte buffer[1]{};
  for (auto _ : state) {
    (void)pacer.send(8, {buffer, 1});
    (void)feed.send(8, {buffer, 1});
    (void)tickIn.dequeue(buffer);
    (void)valueIn.dequeue(buffer);
    buffer[0] = std::byte{static_cast<unsigned char>(std::to_integer<int>(buffer[0]) + 1)};
    (void)valueOut.send(8, {buffer, 1});
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BareChannelOperations);

// The same through the runtime: pacer tick + one value in, Dispatcher::step.
void BM_RuntimeDispatch(benchmark::State& state) {
  const channel::Geometry int8{channel::Kind::EventData, 1, 8};
  Region input(int8), output(int8), ticks(int8);
  auto feed = *channel::EventDataSender::resume(input.span());
  auto pacer = *channel::EventDataSender::resume(ticks.span());
  runtime::InProcessTransport transport({input.span(), output.span(), ticks.span()});
  Relay relay;
  runtime::Component* behaviours[] = {&relay};
  NullSink sink;
  auto dispatcher = runtime::assemblePartition(relaySpec(), behaviours, transport, sink);
  if (!dispatcher) {
    state.SkipWithError(dispatcher.error().message.c_str());
    return;
  }
  std::byte buffer[1]{};
  runtime::Nanoseconds now = 0;
  for (auto _ : state) {
    (void)pacer.send(8, {buffer, 1});
    (void)feed.send(8, {buffer, 1});
    auto step = dispatcher->step(now++);
    benchmark::DoNotOptimize(step);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RuntimeDispatch);

}  // namespace

BENCHMARK_MAIN();
