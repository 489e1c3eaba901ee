// (b) and (c): one round trip between two processes on different cores
// (one-way latency = half of it), through bulkhead channels and through the
// baselines measured in the same run: a bare eventfd ping-pong, a pipe and
// a Unix-domain socket carrying the same 8 bytes, and a bare shared-memory
// spin ping-pong.
#include <benchmark/benchmark.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

#include "channel/event_data_queue.hpp"
#include "channel/eventfd_notification.hpp"
#include "channel/shared_region.hpp"
#include "cross_process.hpp"

namespace bulkhead::channel::bench {
namespace {

constexpr std::uint64_t kStop = ~std::uint64_t{0};

std::uint64_t valueOf(const std::byte* b) {
  std::uint64_t v;
  std::memcpy(&v, b, 8);
  return v;
}

// Two channels (ping, pong) of one 64-bit value, Queue_Size 1.
struct ChannelPair {
  static constexpr Geometry kGeometry{Kind::EventData, 1, 64};
  SharedRegion pingRegion = *SharedRegion::create("ping", *regionSize(kGeometry));
  SharedRegion pongRegion = *SharedRegion::create("pong", *regionSize(kGeometry));
  EventDataSender ping = *EventDataSender::create(pingRegion.bytes(), kGeometry);
  EventDataSender pong = *EventDataSender::create(pongRegion.bytes(), kGeometry);
};

bool send(EventDataSender& s, std::uint64_t v) {
  std::byte b[8];
  std::memcpy(b, &v, 8);
  return s.send(64, b).has_value();
}

// ---- (b) blocking receivers woken by eventfd ----------------------------------

void BM_RoundTrip_ChannelEventfd(benchmark::State& state) {
  ChannelPair c;
  auto pingFd = createEventfd(), pongFd = createEventfd();
  const int pingRaw = pingFd->get(), pongRaw = pongFd->get();
  Pinned self(kSelfCpu);
  const pid_t peer = spawnPeer([&] {
    auto in = *EventDataReceiver::attach(c.pingRegion.bytes());
    EventfdWaiter wake{base::UniqueFd(::dup(pingRaw))};
    EventfdNotifier notify{base::UniqueFd(::dup(pongRaw))};
    std::byte out[8];
    for (;;) {
      (void)wake.spinThenWait(std::chrono::nanoseconds(0), [&] { return in.hasNew(); });
      auto got = in.dequeue(out);
      if (!got || !got->hasValue) continue;
      const std::uint64_t v = valueOf(out);
      send(c.pong, v);
      notify.notify();
      if (v == kStop) return;
    }
  });
  auto in = *EventDataReceiver::attach(c.pongRegion.bytes());
  EventfdWaiter wake{base::UniqueFd(::dup(pongRaw))};
  EventfdNotifier notify{base::UniqueFd(::dup(pingRaw))};
  std::byte out[8];
  std::uint64_t i = 0;
  auto roundTrip = [&](std::uint64_t v) {
    send(c.ping, v);
    notify.notify();
    for (;;) {
      (void)wake.spinThenWait(std::chrono::nanoseconds(0), [&] { return in.hasNew(); });
      auto got = in.dequeue(out);
      if (got && got->hasValue) return;
    }
  };
  for (auto _ : state) roundTrip(i++);
  roundTrip(kStop);
  reapPeer(state, peer);
}
BENCHMARK(BM_RoundTrip_ChannelEventfd)->UseRealTime();

void BM_RoundTrip_BareEventfd(benchmark::State& state) {
  auto pingFd = createEventfd(), pongFd = createEventfd();
  const int ping = pingFd->get(), pong = pongFd->get();
  auto stopRegion = SharedRegion::create("stop", 64);
  auto* stop = reinterpret_cast<std::atomic<int>*>(stopRegion->bytes().data());
  Pinned self(kSelfCpu);
  const pid_t peer = spawnPeer([&] {
    std::uint64_t n;
    for (;;) {
      if (::read(ping, &n, 8) != 8) return;
      const bool last = stop->load() != 0;
      n = 1;
      if (::write(pong, &n, 8) != 8) return;
      if (last) return;
    }
  });
  std::uint64_t n = 1;
  for (auto _ : state) {
    n = 1;
    (void)!::write(ping, &n, 8);
    (void)!::read(pong, &n, 8);
  }
  stop->store(1);
  n = 1;
  (void)!::write(ping, &n, 8);
  (void)!::read(pong, &n, 8);
  reapPeer(state, peer);
}
BENCHMARK(BM_RoundTrip_BareEventfd)->UseRealTime();

// A pipe pair or a socket pair carrying the 8-byte value itself.
template <bool kSocket>
void roundTripStream(benchmark::State& state) {
  int ping[2], pong[2];
  if (kSocket) {
    (void)!::socketpair(AF_UNIX, SOCK_STREAM, 0, ping);
    (void)!::socketpair(AF_UNIX, SOCK_STREAM, 0, pong);
  } else {
    (void)!::pipe(ping);
    (void)!::pipe(pong);
  }
  Pinned self(kSelfCpu);
  const pid_t peer = spawnPeer([&] {
    std::uint64_t v;
    for (;;) {
      if (::read(ping[0], &v, 8) != 8) return;
      if (::write(pong[1], &v, 8) != 8) return;
      if (v == kStop) return;
    }
  });
  std::uint64_t i = 0, v;
  for (auto _ : state) {
    v = i++;
    (void)!::write(ping[1], &v, 8);
    (void)!::read(pong[0], &v, 8);
  }
  v = kStop;
  (void)!::write(ping[1], &v, 8);
  (void)!::read(pong[0], &v, 8);
  reapPeer(state, peer);
  for (int fd : {ping[0], ping[1], pong[0], pong[1]}) ::close(fd);
}

void BM_RoundTrip_Pipe(benchmark::State& state) { roundTripStream<false>(state); }
void BM_RoundTrip_UnixSocket(benchmark::State& state) { roundTripStream<true>(state); }
BENCHMARK(BM_RoundTrip_Pipe)->UseRealTime();
BENCHMARK(BM_RoundTrip_UnixSocket)->UseRealTime();

// ---- (c) spinning receivers --------------------------------------------------

void BM_RoundTrip_ChannelSpin(benchmark::State& state) {
  ChannelPair c;
  Pinned self(kSelfCpu);
  const pid_t peer = spawnPeer([&] {
    auto in = *EventDataReceiver::attach(c.pingRegion.bytes());
    std::byte out[8];
    for (;;) {
      while (!in.hasNew()) cpuRelax();
      auto got = in.dequeue(out);
      if (!got || !got->hasValue) continue;
      const std::uint64_t v = valueOf(out);
      send(c.pong, v);
      if (v == kStop) return;
    }
  });
  auto in = *EventDataReceiver::attach(c.pongRegion.bytes());
  std::byte out[8];
  std::uint64_t i = 0;
  auto roundTrip = [&](std::uint64_t v) {
    send(c.ping, v);
    for (;;) {
      while (!in.hasNew()) cpuRelax();
      auto got = in.dequeue(out);
      if (got && got->hasValue) return;
    }
  };
  for (auto _ : state) roundTrip(i++);
  roundTrip(kStop);
  reapPeer(state, peer);
}
BENCHMARK(BM_RoundTrip_ChannelSpin)->UseRealTime();

// Two 64-bit words on their own cache lines, no queue, no checks.
void BM_RoundTrip_BareSpin(benchmark::State& state) {
  auto region = SharedRegion::create("spin", 4096);
  auto* ping = reinterpret_cast<std::atomic<std::uint64_t>*>(region->bytes().data());
  auto* pong = reinterpret_cast<std::atomic<std::uint64_t>*>(region->bytes().data() + 128);
  Pinned self(kSelfCpu);
  const pid_t peer = spawnPeer([&] {
    std::uint64_t seen = 0;
    for (;;) {
      std::uint64_t v;
      while ((v = ping->load(std::memory_order_acquire)) == seen) cpuRelax();
      seen = v;
      pong->store(v, std::memory_order_release);
      if (v == kStop) return;
    }
  });
  std::uint64_t i = 1;
  auto roundTrip = [&](std::uint64_t v) {
    ping->store(v, std::memory_order_release);
    while (pong->load(std::memory_order_acquire) != v) cpuRelax();
  };
  for (auto _ : state) roundTrip(i++);
  roundTrip(kStop);
  reapPeer(state, peer);
}
BENCHMARK(BM_RoundTrip_BareSpin)->UseRealTime();

}  // namespace
}  // namespace bulkhead::channel::bench
