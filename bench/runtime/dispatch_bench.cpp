// The cost of one dispatch through the runtime (tick freeze, entry point,
// freeze of an Integer_8 queue, publish) against the bare channel
// operations it is made of, measured in the same run. The simulator's goal
// (issue 6: 5 million dispatches per second) rests on this path. The same
// relay as a HAMR Microkit C thread (live get_/put_ through the C API
// table, design section 7a) against the C++ one: the C partition's
// dispatch overhead.
#include "channel/event_data_queue.hpp"
#include "channel/layout.hpp"
#include "runtime/transports/in_process_transport.hpp"
#include "runtime/log_sink.hpp"
#include "runtime/microkit/c_partition.hpp"
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
  const ChannelGeometry int8{8, OverflowHandling::DropOldest};
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

// Times Dispatcher::step of a one-thread partition over in-process
// channels: each step takes a pacer tick and one value in, and sends one.
void timeDispatch(benchmark::State& state, const runtime::PartitionSpec& spec, runtime::Component* behaviour) {
  const channel::Geometry int8{channel::Kind::EventData, 1, 8};
  Region input(int8), output(int8), ticks(int8);
  auto feed = *channel::EventDataSender::resume(input.span());
  auto pacer = *channel::EventDataSender::resume(ticks.span());
  runtime::InProcessTransport transport({input.span(), output.span(), ticks.span()});
  runtime::Component* behaviours[] = {behaviour};
  NullSink sink;
  auto dispatcher = runtime::assemblePartition(spec, behaviours, transport, sink);
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

// The same through the runtime: pacer tick + one value in, Dispatcher::step.
void BM_RuntimeDispatch(benchmark::State& state) {
  Relay relay;
  timeDispatch(state, relaySpec(), &relay);
}
BENCHMARK(BM_RuntimeDispatch);

// The relay as generated C glue and user code would do it: a periodic C
// thread whose timeTriggered calls get_in and put_out through the API table.
const bulkhead_mk_api* relayApi = nullptr;
void* relaySelf = nullptr;
void relayBind(const bulkhead_mk_api* api, void* context) {
  relayApi = api;
  relaySelf = context;
}
void relayInitialize() {}
void relayTimeTriggered() {
  std::int8_t value = 0;
  std::uintmax_t dropped = 0;
  (void)relayApi->get(relaySelf, 0, &value, &dropped);
  value = static_cast<std::int8_t>(value + 1);
  (void)relayApi->put(relaySelf, 1, &value);
}
void relayNotify(unsigned int) {}

void BM_CPartitionDispatch(benchmark::State& state) {
  static constexpr bulkhead_mk_layout kInt8{BULKHEAD_MK_INTEGER, 8, 0, 1, 0, nullptr};
  const bulkhead_mk_port ports[] = {
      {"in", BULKHEAD_MK_IN, BULKHEAD_MK_EVENT_DATA, 1, "Base_Types::Integer_8", 0, 8, BULKHEAD_MK_DROP_OLDEST, &kInt8},
      {"out", BULKHEAD_MK_OUT, BULKHEAD_MK_EVENT_DATA, 1, "Base_Types::Integer_8", 1, 8, BULKHEAD_MK_DROP_OLDEST, &kInt8}};
  const bulkhead_mk_thread_code code{BULKHEAD_MK_ABI_VERSION, &relayBind, &relayInitialize, &relayTimeTriggered,
                                     nullptr, &relayNotify};
  const bulkhead_mk_thread thread{"relay", "top.relay.relay", "relay.i", BULKHEAD_MK_PERIODIC, 1'000'000, 1, 2, ports,
                                  &code};
  const bulkhead_mk_partition partition{BULKHEAD_MK_ABI_VERSION, "relay", "top.relay", 0, 1, &thread, 2};
  auto spec = runtime::microkit::partitionSpecOf(partition);
  auto threads = runtime::microkit::makeCThreads(partition);
  if (!spec || !threads) {
    state.SkipWithError("the C relay could not be made");
    return;
  }
  timeDispatch(state, *spec, (*threads)[0].get());
}
BENCHMARK(BM_CPartitionDispatch);

}  // namespace

BENCHMARK_MAIN();
