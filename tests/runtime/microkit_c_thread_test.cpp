// HAMR Microkit's C API semantics (design section 7a) as bulkhead's C
// runtime gives them, over real channel regions: live dequeue, event data
// queues that drop the oldest and count it, data ports fresh only when new,
// event ports counted up to Queue_Size one event per get, empty gets,
// outputs published when the entry point returns, printf joined into lines,
// handle_<port> only for ports with input. The "glue" here is what `gen
// --lang c` generates per thread, written by hand: calls through the API
// table the runtime binds.
#include "channel/data_port.hpp"
#include "channel/event_data_queue.hpp"
#include "channel/event_port.hpp"
#include "channel/layout.hpp"
#include "runtime/transports/in_process_transport.hpp"
#include "runtime/microkit/c_partition.hpp"
#include "runtime/partition_assembly.hpp"

#include <gtest/gtest.h>

#include <cstdarg>
#include <functional>
#include <memory>
#include <new>
#include <string>
#include <vector>

namespace bulkhead::runtime::microkit {
namespace {

class CapturingSink final : public LogSink {
 public:
  void line(Stream stream, std::string_view text) override { (stream == Stream::Out ? out : err).emplace_back(text); }
  std::vector<std::string> out, err;
};

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

// The "glue": one thread's bound API and the test's entry points.
const bulkhead_mk_api* api = nullptr;
void* self = nullptr;
std::function<void()> onInitialize = [] {};
std::function<void()> onTimeTriggered = [] {};
std::function<void(int)> onHandle = [](int) {};

void bind(const bulkhead_mk_api* a, void* c) {
  api = a;
  self = c;
}
void initialize() { onInitialize(); }
void timeTriggered() { onTimeTriggered(); }
void handle0() { onHandle(0); }
void handle1() { onHandle(1); }
void notify(unsigned int) {}
int print(const char* format, ...) {
  va_list args;
  va_start(args, format);
  int written = api->vprint(self, format, args);
  va_end(args);
  return written;
}

constexpr bulkhead_mk_layout kInt8{BULKHEAD_MK_INTEGER, 8, 0, 1, 0, nullptr};

bulkhead_mk_port port(const char* name, std::uint32_t direction, std::uint32_t category, std::uint32_t queueSize,
                      int handover) {
  const bool event = category == BULKHEAD_MK_EVENT;
  return bulkhead_mk_port{name, direction, category, queueSize, event ? "" : "Base_Types::Integer_8", handover,
                          event ? 0u : 8u, BULKHEAD_MK_DROP_OLDEST, event ? nullptr : &kInt8};
}

// One C thread in one partition; channels: its ports in order, then the
// period queue (periodic) — senders for the in ports held by the test.
struct Rig {
  std::vector<bulkhead_mk_port> ports;
  std::vector<std::unique_ptr<Region>> regions;
  bulkhead_mk_entry handlers[2] = {&handle0, &handle1};
  bulkhead_mk_thread_code code{BULKHEAD_MK_ABI_VERSION, &bind, &initialize, nullptr, nullptr, &notify};
  bulkhead_mk_thread thread{};
  bulkhead_mk_partition partition{};
  CapturingSink sink;
  std::unique_ptr<InProcessTransport> transport;
  std::vector<std::unique_ptr<Component>> components;
  std::optional<Dispatcher> dispatcher;
  std::optional<channel::EventDataSender> pacer;
  std::uint8_t tick = 0;

  Rig(std::uint32_t dispatch, std::vector<bulkhead_mk_port> threadPorts) : ports(std::move(threadPorts)) {
    onInitialize = [] {};
    onTimeTriggered = [] {};
    onHandle = [](int) {};
    const bool periodic = dispatch == BULKHEAD_MK_PERIODIC;
    code.time_triggered = periodic ? &timeTriggered : nullptr;
    code.handlers = periodic ? nullptr : handlers;
    std::vector<std::span<std::byte>> spans;
    for (const bulkhead_mk_port& p : ports) {
      const channel::Kind kind = p.category == BULKHEAD_MK_EVENT ? channel::Kind::Event
                                 : p.category == BULKHEAD_MK_DATA ? channel::Kind::Data
                                                                   : channel::Kind::EventData;
      regions.push_back(std::make_unique<Region>(channel::Geometry{kind, p.queue_size, p.channel_max_bits}));
      spans.push_back(regions.back()->span());
    }
    if (periodic) {
      regions.push_back(std::make_unique<Region>(channel::Geometry{channel::Kind::EventData, 1, 8}));
      spans.push_back(regions.back()->span());
      pacer = *channel::EventDataSender::resume(regions.back()->span());
    }
    thread = bulkhead_mk_thread{"consumer", "top_impl_Instance.consumer_p.consumer", "consumer_t.i", dispatch, 0, 1,
                                static_cast<std::uint32_t>(ports.size()), ports.data(), &code};
    partition = bulkhead_mk_partition{BULKHEAD_MK_ABI_VERSION, "consumer_p", "top_impl_Instance.consumer_p", 1, 1,
                                      &thread, periodic ? static_cast<std::int32_t>(ports.size()) : -1};
    transport = std::make_unique<InProcessTransport>(spans);
    auto spec = partitionSpecOf(partition);
    EXPECT_TRUE(spec) << spec.error().message;
    auto made = makeCThreads(partition);
    EXPECT_TRUE(made) << made.error().message;
    components = std::move(*made);
    std::vector<Component*> raw{components[0].get()};
    auto assembled = assemblePartition(*spec, raw, *transport, sink);
    EXPECT_TRUE(assembled) << assembled.error().message;
    dispatcher.emplace(std::move(*assembled));
    EXPECT_TRUE(dispatcher->initialise());
  }

  void send(int handover, std::int8_t value) {
    auto sender = *channel::EventDataSender::resume(regions[handover]->span());
    const std::byte byte{static_cast<unsigned char>(value)};
    ASSERT_TRUE(sender.send(8, {&byte, 1}));
  }
  void write(int handover, std::int8_t value) {
    auto sender = *channel::DataSender::resume(regions[handover]->span());
    const std::byte byte{static_cast<unsigned char>(value)};
    ASSERT_TRUE(sender.write(8, {&byte, 1}));
  }
  void signal(int handover, int events) {
    auto sender = *channel::EventSender::resume(regions[handover]->span());
    for (int i = 0; i < events; ++i) sender.send();
  }
  int step() {
    if (pacer) {
      const std::byte value{++tick};
      EXPECT_TRUE(pacer->send(8, {&value, 1}));
    }
    auto result = dispatcher->step(tick);
    EXPECT_TRUE(result) << (result ? "" : result.error().message);
    return result ? result->dispatches : -1;
  }
};

bool get(int port, std::int8_t* value, std::uintmax_t* dropped = nullptr) { return api->get(self, port, value, dropped); }

TEST(MicrokitCThread, EventDataQueueDropsTheOldestAndCountsTheDrops) {
  Rig rig(BULKHEAD_MK_PERIODIC, {port("read_port", BULKHEAD_MK_IN, BULKHEAD_MK_EVENT_DATA, 3, 0)});
  for (std::int8_t v = 1; v <= 5; ++v) rig.send(0, v);
  std::vector<std::pair<int, std::uintmax_t>> got;
  onTimeTriggered = [&] {
    std::int8_t value = 0;
    std::uintmax_t dropped = 99;
    while (get(0, &value, &dropped)) got.emplace_back(value, dropped);
    got.emplace_back(-1, dropped);  // the empty get: false, nothing dropped
  };
  ASSERT_EQ(rig.step(), 1);
  EXPECT_EQ(got, (std::vector<std::pair<int, std::uintmax_t>>{{3, 2}, {4, 0}, {5, 0}, {-1, 0}}));
}

TEST(MicrokitCThread, EmptyGetsReturnFalseAndADataPortKeepsItsLastValue) {
  Rig rig(BULKHEAD_MK_PERIODIC, {port("events", BULKHEAD_MK_IN, BULKHEAD_MK_EVENT_DATA, 1, 0),
                                 port("level", BULKHEAD_MK_IN, BULKHEAD_MK_DATA, 1, 1)});
  std::vector<std::string> seen;
  onTimeTriggered = [&] {
    std::int8_t value = 42;
    const bool empty = api->is_empty(self, 0);
    const bool got = get(0, &value);
    seen.push_back(std::to_string(empty) + " " + std::to_string(got) + " " + std::to_string(value));
    value = 42;
    const bool fresh = get(1, &value);
    seen.push_back(std::to_string(fresh) + " " + std::to_string(value));
  };
  ASSERT_EQ(rig.step(), 1);
  // Nothing ever written: the data port answers false with HAMR's zeroed last value.
  EXPECT_EQ(seen, (std::vector<std::string>{"1 0 42", "0 0"}));
}

TEST(MicrokitCThread, ADataPortIsFreshOnlyWhenWrittenSinceTheLastGet) {
  Rig rig(BULKHEAD_MK_PERIODIC, {port("level", BULKHEAD_MK_IN, BULKHEAD_MK_DATA, 1, 0)});
  std::vector<std::string> seen;
  onTimeTriggered = [&] {
    for (int i = 0; i < 2; ++i) {
      std::int8_t value = 0;
      const bool fresh = get(0, &value);
      seen.push_back(std::to_string(fresh) + ":" + std::to_string(value));
    }
  };
  rig.write(0, 7);
  ASSERT_EQ(rig.step(), 1);
  ASSERT_EQ(rig.step(), 1);
  rig.write(0, 9);
  ASSERT_EQ(rig.step(), 1);
  EXPECT_EQ(seen, (std::vector<std::string>{"1:7", "0:7", "0:7", "0:7", "1:9", "0:9"}));
}

TEST(MicrokitCThread, EventPortCountsUpToQueueSizeOneEventPerGetAndTheRestDropped) {
  Rig rig(BULKHEAD_MK_PERIODIC, {port("alarm", BULKHEAD_MK_IN, BULKHEAD_MK_EVENT, 2, 0)});
  std::vector<std::string> seen;
  onTimeTriggered = [&] {
    std::uintmax_t dropped = 0;
    while (api->get(self, 0, nullptr, &dropped)) seen.push_back("event dropped=" + std::to_string(dropped));
    seen.push_back("empty=" + std::to_string(api->is_empty(self, 0)));
  };
  rig.signal(0, 5);
  ASSERT_EQ(rig.step(), 1);
  EXPECT_EQ(seen, (std::vector<std::string>{"event dropped=3", "event dropped=0", "empty=1"}));
}

TEST(MicrokitCThread, PutsArePublishedWhenTheEntryPointReturns) {
  Rig rig(BULKHEAD_MK_PERIODIC, {port("write_port", BULKHEAD_MK_OUT, BULKHEAD_MK_EVENT_DATA, 1, 0),
                                 port("ping", BULKHEAD_MK_OUT, BULKHEAD_MK_EVENT, 1, 1)});
  std::uint64_t notifiedDuring = 99;
  onTimeTriggered = [&] {
    const std::int8_t value = -5;
    EXPECT_TRUE(api->put(self, 0, &value));
    EXPECT_TRUE(api->put(self, 1, nullptr));
    notifiedDuring = rig.transport->notifier(0).count() + rig.transport->notifier(1).count();
  };
  ASSERT_EQ(rig.step(), 1);
  EXPECT_EQ(notifiedDuring, 0u);
  EXPECT_EQ(rig.transport->notifier(0).count(), 1u);
  EXPECT_EQ(rig.transport->notifier(1).count(), 1u);
  auto receiver = *channel::EventDataReceiver::attach(rig.regions[0]->span(), 1);
  std::byte out[1];
  auto received = receiver.dequeue(out);
  ASSERT_TRUE(received && received->hasValue);
  EXPECT_EQ(std::to_integer<std::int8_t>(out[0]), -5);
}

TEST(MicrokitCThread, PrintfTextBecomesOneConsoleLinePerNewline) {
  Rig rig(BULKHEAD_MK_PERIODIC, {});
  onTimeTriggered = [] {
    print("%s: ", "consumer_p_consumer");
    print("sent event %d\n-------\npartial", 6);
    print(" end\n");
  };
  ASSERT_EQ(rig.step(), 1);
  EXPECT_EQ(std::vector<std::string>(rig.sink.out.end() - 3, rig.sink.out.end()),
            (std::vector<std::string>{"consumer_p_consumer: sent event 6", "-------", "partial end"}));
}

TEST(MicrokitCThread, AGetInInitializeIsRefusedAndPutsAreSentAfterIt) {
  std::vector<int> got;
  onInitialize = [] {};
  Rig rig(BULKHEAD_MK_PERIODIC, {port("read_port", BULKHEAD_MK_IN, BULKHEAD_MK_EVENT_DATA, 1, 0)});
  rig.send(0, 1);
  onInitialize = [&] {
    std::int8_t value = 0;
    got.push_back(get(0, &value));
  };
  ASSERT_TRUE(rig.dispatcher->initialise());
  EXPECT_EQ(got, std::vector<int>{0});
  ASSERT_FALSE(rig.sink.err.empty());
  EXPECT_NE(rig.sink.err.back().find("get_read_port refused"), std::string::npos);
}

TEST(MicrokitCThread, SporadicHandlersRunForPortsWithInputInDeclarationOrder) {
  Rig rig(BULKHEAD_MK_SPORADIC, {port("read_port1", BULKHEAD_MK_IN, BULKHEAD_MK_EVENT_DATA, 1, 0),
                                 port("read_port2", BULKHEAD_MK_IN, BULKHEAD_MK_EVENT_DATA, 1, 1)});
  std::vector<std::string> calls;
  onHandle = [&](int p) {
    std::int8_t value = 0;
    while (get(p, &value)) calls.push_back("handle_" + std::to_string(p) + " " + std::to_string(value));
  };
  EXPECT_EQ(rig.step(), 0);  // no input: no dispatch
  rig.send(1, 3);
  EXPECT_EQ(rig.step(), 1);
  rig.send(0, 4);
  rig.send(1, 5);
  EXPECT_EQ(rig.step(), 1);
  EXPECT_EQ(calls, (std::vector<std::string>{"handle_1 3", "handle_0 4", "handle_1 5"}));
}

}  // namespace
}  // namespace bulkhead::runtime::microkit
