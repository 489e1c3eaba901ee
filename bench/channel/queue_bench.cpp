// (a) enqueue + dequeue in one thread, and (d) the throughput of a
// cross-core stream. Baselines measured in the same run: a plain memcpy
// into and out of a ring (a), and (d) is reported in messages per second.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstring>
#include <vector>

#include "channel/data_port.hpp"
#include "channel/event_data_queue.hpp"
#include "channel/notification.hpp"
#include "channel/shared_region.hpp"
#include "cross_process.hpp"

namespace bulkhead::channel::bench {
namespace {

void BM_EnqueueDequeue(benchmark::State& state) {
  const auto bytes = static_cast<std::size_t>(state.range(0));
  const Geometry g{Kind::EventData, 4, bytes * 8};
  auto region = SharedRegion::create("bench", *regionSize(g));
  auto sender = EventDataSender::create(region->bytes(), g);
  auto receiver = EventDataReceiver::attach(region->bytes());
  std::vector<std::byte> in(bytes, std::byte{0x5A}), out(bytes);
  Pinned self(kSelfCpu);
  for (auto _ : state) {
    (void)sender->send(bytes * 8, in);
    auto got = receiver->dequeue(out);
    benchmark::DoNotOptimize(got);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EnqueueDequeue)->Arg(1)->Arg(64);

// Baseline: the same bytes copied into a ring slot and out again with
// memcpy, no counters, no checks.
void BM_MemcpyRingBaseline(benchmark::State& state) {
  const auto bytes = static_cast<std::size_t>(state.range(0));
  std::vector<std::byte> ring(5 * 80), in(bytes, std::byte{0x5A}), out(bytes);
  std::size_t i = 0;
  Pinned self(kSelfCpu);
  for (auto _ : state) {
    std::byte* slot = ring.data() + (i++ % 5) * 80;
    std::memcpy(slot, in.data(), bytes);
    benchmark::ClobberMemory();
    std::memcpy(out.data(), slot, bytes);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MemcpyRingBaseline)->Arg(1)->Arg(64);

// (d) A writer on the other core sends 8-byte values as fast as it can; this
// process receives by spinning. Each iteration is one delivered value;
// sent_per_s is the writer's rate over the same time (DropOldest drops the
// difference, counted in drop_fraction).
void BM_CrossCoreStream(benchmark::State& state) {
  const Geometry g{Kind::EventData, static_cast<std::uint32_t>(state.range(0)), 64};
  auto region = SharedRegion::create("stream", *regionSize(g) + 64);
  auto sender = EventDataSender::create(region->bytes(), g);
  auto receiver = EventDataReceiver::attach(region->bytes());
  // A stop flag after the channel layout, in the same shared memory.
  auto* stop = reinterpret_cast<std::atomic<std::uint32_t>*>(region->bytes().data() + *regionSize(g));
  Pinned self(kSelfCpu);
  const pid_t peer = spawnPeer([&] {
    for (std::uint64_t v = 0; stop->load(std::memory_order_relaxed) == 0; ++v) {
      std::byte b[8];
      std::memcpy(b, &v, 8);
      (void)sender->send(64, b);
    }
  });
  std::byte out[8];
  std::uint64_t dropped = 0, received = 0;
  const std::uint64_t sentBefore = __atomic_load_n(
      reinterpret_cast<const std::uint64_t*>(region->bytes().data() + kCounterOffset), __ATOMIC_ACQUIRE);
  for (auto _ : state) {
    for (;;) {
      auto got = receiver->dequeue(out);
      dropped += got->dropped;
      if (got->hasValue) break;
      if (got->dropped == 0) cpuRelax();
    }
    ++received;
  }
  const std::uint64_t sentAfter = __atomic_load_n(
      reinterpret_cast<const std::uint64_t*>(region->bytes().data() + kCounterOffset), __ATOMIC_ACQUIRE);
  stop->store(1);
  reapPeer(state, peer);
  state.SetItemsProcessed(static_cast<std::int64_t>(received));
  state.counters["sent_per_s"] =
      benchmark::Counter(static_cast<double>(sentAfter - sentBefore), benchmark::Counter::kIsRate);
  state.counters["drop_fraction"] =
      static_cast<double>(dropped) / static_cast<double>(dropped + received == 0 ? 1 : dropped + received);
}
BENCHMARK(BM_CrossCoreStream)->Arg(1024)->UseRealTime();

// (d) without loss: the receiver publishes how far it has read on a data
// port channel going back (channels are one-way; this is how a partition
// gives a producer credit), and the writer never runs more than Queue_Size
// ahead of it. Every value sent is delivered; items_per_second is the
// delivered rate.
void BM_CrossCoreStreamCredited(benchmark::State& state) {
  const auto queueSize = static_cast<std::uint32_t>(state.range(0));
  const Geometry g{Kind::EventData, queueSize, 64};
  auto forward = SharedRegion::create("stream", *regionSize(g) + 64);
  auto back = SharedRegion::create("credit", *regionSize({Kind::Data, 1, 64}));
  auto sender = EventDataSender::create(forward->bytes(), g);
  auto receiver = EventDataReceiver::attach(forward->bytes());
  auto credit = DataSender::create(back->bytes(), 64);
  auto* stop = reinterpret_cast<std::atomic<std::uint32_t>*>(forward->bytes().data() + *regionSize(g));
  Pinned self(kSelfCpu);
  const pid_t peer = spawnPeer([&] {
    auto readBack = *DataReceiver::attach(back->bytes());
    std::uint64_t consumed = 0;
    std::byte ack[8];
    for (std::uint64_t v = 0; stop->load(std::memory_order_relaxed) == 0;) {
      if (v - consumed >= queueSize) {
        if (readBack.hasNew()) {
          auto r = readBack.read(ack);
          if (r && r->status == DataRead::Status::Fresh) std::memcpy(&consumed, ack, 8);
        } else {
          cpuRelax();
        }
        continue;
      }
      std::byte b[8];
      std::memcpy(b, &v, 8);
      (void)sender->send(64, b);
      ++v;
    }
  });
  std::byte out[8];
  std::uint64_t received = 0, dropped = 0, outOfOrder = 0;
  const std::uint64_t ackEvery = queueSize / 4 ? queueSize / 4 : 1;
  for (auto _ : state) {
    for (;;) {
      auto got = receiver->dequeue(out);
      dropped += got->dropped;
      if (got->hasValue) break;
      cpuRelax();
    }
    std::uint64_t v;
    std::memcpy(&v, out, 8);
    outOfOrder += v != received;
    ++received;
    if (received % ackEvery == 0) {
      std::byte ack[8];
      std::memcpy(ack, &received, 8);
      (void)credit->write(64, ack);
    }
  }
  stop->store(1);
  reapPeer(state, peer);
  state.SetItemsProcessed(static_cast<std::int64_t>(received));
  state.counters["dropped"] = static_cast<double>(dropped);
  state.counters["out_of_order"] = static_cast<double>(outOfOrder);
}
BENCHMARK(BM_CrossCoreStreamCredited)->Arg(1024)->UseRealTime();

}  // namespace
}  // namespace bulkhead::channel::bench
