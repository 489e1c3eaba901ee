// A remote channel between two processes on this host (design section 7b),
// against Cyclone's own ddsperf ping-pong in the same run, with the same
// configuration (loopback, no multicast) and a payload of our sample's size.
//
// One-way latency: an 8-byte value written into a channel region, drained
// by the forwarding cursor (OutgoingChannel), sent over the link
// (LinkTransport), accepted into the other process's region
// (IncomingChannel) on Cyclone's receive path (the link's listener, as in a
// node), dequeued there, sent back the same way; half the round trip,
// measured where the value arrives (the listener), as ddsperf measures its
// own. Baseline: ddsperf ping/pong (listener mode, its default), half its
// median round trip.
// Throughput: 8-byte values streamed one way, each through both regions;
// values per second until the other side has counted them all. As a node
// forwards them: every value a window left in the channel (here a
// Queue_Size of 64) in one sample; and, for comparison, one value per sample.
// The other side is this program again (`--pong SESSION`).
#include "distribution/cyclone_config.hpp"
#include "distribution/link_transport.hpp"
#include "distribution/remote_channels.hpp"
#include "plan/channel_geometry.hpp"

#include <benchmark/benchmark.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using namespace bulkhead;
using distribution::LinkMessage;
using distribution::LinkTransport;
using distribution::LinkValue;

constexpr std::uint64_t kFingerprint = 0xbe9c0de5ull;  // the bench's own "model"
constexpr std::uint8_t kValues = 0, kCount = 1, kBye = 4;
constexpr std::uint32_t kPing = 0, kPong = 1, kStream = 2;
constexpr std::uint32_t kQueueSize = 64;

std::int64_t nowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// A formatted channel region of its own (heap, 64-byte aligned).
struct Region {
  explicit Region(const plan::Channel& c) {
    const auto geometry = plan::geometryOf(c);
    size = *channel::regionSize(geometry);
    memory.reset(static_cast<std::byte*>(std::aligned_alloc(64, (size + 63) / 64 * 64)));
    (void)channel::format(bytes(), geometry);
  }
  std::span<std::byte> bytes() { return {memory.get(), size}; }
  struct Free {
    void operator()(std::byte* p) const { std::free(p); }
  };
  std::size_t size = 0;
  std::unique_ptr<std::byte, Free> memory;
};

plan::Channel valueChannel() {
  plan::Channel c;
  c.name = "bench.value";
  c.category = plan::PortCategory::EventData;
  c.queueSize = kQueueSize;
  c.maxBits = 64;
  return c;
}

// One side's path: a local writer, the forwarding cursor, the remote end's region and its reader.
struct Ends {
  plan::Channel channel = valueChannel();
  Region local{channel}, remote{channel};
  channel::EventDataSender writer = *channel::EventDataSender::resume(local.bytes());
  distribution::OutgoingChannel out = *distribution::OutgoingChannel::attach(channel, local.bytes());
  distribution::IncomingChannel in = *distribution::IncomingChannel::attach(channel, remote.bytes(), {});
  channel::EventDataReceiver reader = *channel::EventDataReceiver::attach(remote.bytes(), kQueueSize);
  std::vector<LinkValue> values;
  std::byte value[8] = {};

  // Into the local region.
  void put(std::span<const std::byte> bytes) { (void)writer.send(64, bytes); }
  // What the region holds, drained and forwarded as a node does at a slot start: one sample.
  void forward(LinkTransport& link, std::uint32_t on) {
    values.clear();
    for (const auto& v : out.drain()) values.push_back({v.sequence, v.numBits, v.bytes});
    (void)link.write(LinkMessage{kFingerprint, 0, kValues, on, 0, 0, values});
  }
  // Accepts the values into the remote region and dequeues them there; how many arrived.
  std::uint64_t receive(const LinkMessage& m) {
    std::uint64_t n = 0;
    for (const LinkValue& v : m.values) {
      if (!in.accept(v.sequence, v.numBits, v.bytes)) continue;
      auto r = reader.dequeue(value);
      n += r && r->hasValue ? 1 : 0;
    }
    return n;
  }
};

int pong(const std::string& session) {
  Ends echo;
  // By channel: every stream (a benchmark's run) has its own, its sequence numbers from 1.
  std::map<std::uint32_t, std::unique_ptr<Ends>> streams;
  std::map<std::uint32_t, std::uint64_t> streamed;
  std::mutex doneMutex;
  std::condition_variable doneChanged;
  bool done = false;
  std::atomic<LinkTransport*> ready{nullptr};
  // Everything on Cyclone's receive path, as a node's link takes it.
  distribution::LinkEvents events{[&](const LinkMessage& m, std::uint64_t) {
                                    // A sample may come before open() returned: wait for it.
                                    LinkTransport* l = nullptr;
                                    while (!(l = ready.load())) std::this_thread::yield();
                                    if (m.kind == kValues && m.channel == kPing && echo.receive(m) > 0) {
                                      echo.put(echo.value);
                                      echo.forward(*l, kPong);
                                    }
                                    if (m.kind == kValues && m.channel >= kStream) {
                                      auto& stream = streams[m.channel];
                                      if (!stream) stream = std::make_unique<Ends>();
                                      streamed[m.channel] += stream->receive(m);
                                    }
                                    if (m.kind == kCount && m.node == 0)
                                      (void)l->write(LinkMessage{kFingerprint, 1, kCount, m.channel, streamed[m.channel], 0, {}});
                                    if (m.kind == kBye) {
                                      std::lock_guard lock(doneMutex);
                                      done = true;
                                      doneChanged.notify_all();
                                    }
                                  },
                                  {}};
  auto opened = LinkTransport::open(kFingerprint, session, distribution::CycloneNetwork{}, 0, std::move(events));
  if (!opened) return 1;
  ready.store(opened->get());
  std::unique_lock lock(doneMutex);
  doneChanged.wait(lock, [&] { return done; });
  return 0;
}

// The ping side: one link for every benchmark; each sets what it takes.
struct Ping {
  std::unique_ptr<LinkTransport> link;
  pid_t pong = -1;
  std::string session;
  std::mutex handlerMutex;
  std::function<void(const LinkMessage&)> handler;

  void take(const LinkMessage& m) {
    std::lock_guard lock(handlerMutex);
    if (handler) handler(m);
  }
  void setHandler(std::function<void(const LinkMessage&)> h) {
    std::lock_guard lock(handlerMutex);
    handler = std::move(h);
  }
};

Ping& ping() {
  static Ping p;
  static const bool opened = [] {
    p.session = "bench" + std::to_string(::getpid());
    std::string self = "/proc/self/exe";
    std::vector<std::string> args{"remote_channel_bench", "--pong", p.session};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::posix_spawn(&p.pong, self.c_str(), nullptr, nullptr, argv.data(), environ);
    distribution::LinkEvents events{[](const LinkMessage& m, std::uint64_t) { p.take(m); }, {}};
    auto link = LinkTransport::open(kFingerprint, p.session, distribution::CycloneNetwork{}, 0, std::move(events));
    if (link) p.link = std::move(*link);
    // Matched with the other side both ways.
    for (int i = 0; p.link && i < 1000 && (p.link->matchedReaders() < 1 || p.link->matchedWriters() < 1); ++i)
      ::usleep(10'000);
    return p.link != nullptr;
  }();
  (void)opened;
  return p;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double remoteOneWayUs = 0, ddsperfOneWayUs = 0;

// Round trips driven from the listener, as ddsperf's ping does: the
// arrival of one value (in the region, dequeued) sends the next.
void BM_RemoteChannelOneWay(benchmark::State& state) {
  Ping& p = ping();
  if (!p.link) {
    state.SkipWithError("no link");
    return;
  }
  const auto roundTrips = static_cast<size_t>(state.range(0));
  Ends ends;
  std::vector<double> rtt;
  rtt.reserve(roundTrips);
  std::mutex doneMutex;
  std::condition_variable doneChanged;
  bool done = false;
  std::int64_t start = 0;
  std::uint64_t counter = 0;
  auto sendNext = [&] {
    std::byte bytes[8];
    ++counter;
    std::memcpy(bytes, &counter, sizeof bytes);
    start = nowNs();
    ends.put(bytes);
    ends.forward(*p.link, kPing);
  };
  for (auto _ : state) {
    rtt.clear();
    done = false;
    p.setHandler([&](const LinkMessage& m) {
      if (m.kind != kValues || m.channel != kPong || ends.receive(m) == 0) return;
      rtt.push_back(static_cast<double>(nowNs() - start) / 1000.0);
      if (rtt.size() < roundTrips) return sendNext();
      std::lock_guard lock(doneMutex);
      done = true;
      doneChanged.notify_all();
    });
    sendNext();
    std::unique_lock lock(doneMutex);
    if (!doneChanged.wait_for(lock, std::chrono::seconds(60), [&] { return done; })) {
      state.SkipWithError("round trips did not finish");
      break;
    }
  }
  p.setHandler({});
  remoteOneWayUs = median(rtt) / 2;
  state.counters["one_way_median_us"] = remoteOneWayUs;
}
BENCHMARK(BM_RemoteChannelOneWay)->Arg(20000)->Iterations(1)->Unit(benchmark::kMillisecond);

// ddsperf ping/pong for 3 s with the same configuration and payload size.
void BM_DdsperfOneWay(benchmark::State& state) {
  const std::string config = distribution::cycloneConfig({});
  const std::string env = "CYCLONEDDS_URI='" + config + "'";
  const std::string domain = std::to_string(150 + ::getpid() % 50);
  // Our sample: 8 bytes of value plus the link's header fields (link_sample.idl), about 64 bytes serialized.
  const std::string size = "64";
  for (auto _ : state) {
    const std::string command = env + " timeout 6 ddsperf -D 4 -i " + domain + " pong >/dev/null 2>&1 & " + env +
                                " timeout 6 ddsperf -D 3 -i " + domain + " ping size " + size + " 2>&1; wait";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) {
      state.SkipWithError("cannot run ddsperf (cyclonedds-tools)");
      return;
    }
    std::vector<double> medians;
    char line[512];
    while (std::fgets(line, sizeof line, pipe)) {
      const char* at = std::strstr(line, " 50% ");
      if (at && std::strstr(line, "size ")) medians.push_back(std::atof(at + 5));
    }
    ::pclose(pipe);
    if (medians.empty()) {
      state.SkipWithError("ddsperf printed no round trip");
      return;
    }
    ddsperfOneWayUs = medians.back() / 2;  // the last full second
  }
  state.counters["one_way_median_us"] = ddsperfOneWayUs;
  if (ddsperfOneWayUs > 0) state.counters["remote_over_ddsperf"] = remoteOneWayUs / ddsperfOneWayUs;
}
BENCHMARK(BM_DdsperfOneWay)->Iterations(1)->Unit(benchmark::kMillisecond);

// range(0) values, range(1) of them per sample (a window's worth, at most Queue_Size).
void BM_RemoteStream(benchmark::State& state) {
  Ping& p = ping();
  if (!p.link) {
    state.SkipWithError("no link");
    return;
  }
  Ends ends;
  const auto count = static_cast<std::uint64_t>(state.range(0));
  const auto perSample = static_cast<std::uint64_t>(state.range(1));
  static std::uint32_t streams = 0;
  const std::uint32_t on = kStream + streams++;
  std::uint64_t sent = 0;
  std::mutex countedMutex;
  std::condition_variable countedChanged;
  std::uint64_t counted = 0;
  p.setHandler([&](const LinkMessage& m) {
    if (m.kind != kCount || m.node != 1 || m.channel != on) return;
    std::lock_guard lock(countedMutex);
    counted = std::max(counted, m.sequence);
    countedChanged.notify_all();
  });
  std::vector<double> valuesPerSecond;
  for (auto _ : state) {
    const std::int64_t start = nowNs();
    for (std::uint64_t i = 0; i < count;) {
      for (std::uint64_t k = 0; k < perSample && i < count; ++k, ++i) {
        std::byte bytes[8];
        ++sent;
        std::memcpy(bytes, &sent, sizeof bytes);
        ends.put(bytes);
      }
      ends.forward(*p.link, on);
    }
    std::unique_lock lock(countedMutex);
    while (counted < sent) {
      lock.unlock();
      (void)p.link->write(LinkMessage{kFingerprint, 0, kCount, on, 0, 0, {}});
      lock.lock();
      countedChanged.wait_for(lock, std::chrono::milliseconds(100), [&] { return counted >= sent; });
    }
    valuesPerSecond.push_back(static_cast<double>(count) * 1e9 / static_cast<double>(nowNs() - start));
  }
  p.setHandler({});
  state.counters["values_per_s_median"] = median(valuesPerSecond);
}
BENCHMARK(BM_RemoteStream)->Args({200000, kQueueSize})->Args({50000, 1})->Iterations(5)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--pong") return pong(argv[2]);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  Ping& p = ping();
  if (p.link) (void)p.link->write(LinkMessage{kFingerprint, 0, kBye, 0, 0, 0, {}});
  if (p.link) p.link->waitForAcknowledgements(1'000'000'000);
  if (p.pong > 0) {
    int status = 0;
    for (int i = 0; i < 200 && ::waitpid(p.pong, &status, WNOHANG) == 0; ++i) ::usleep(10'000);
    if (::waitpid(p.pong, &status, WNOHANG) == 0) {
      ::kill(p.pong, SIGKILL);
      ::waitpid(p.pong, &status, 0);
    }
  }
  p.link.reset();
  std::printf("remote channel one-way median %.1f us, ddsperf one-way median %.1f us: ratio %.2f (goal <= 1.2)\n",
              remoteOneWayUs, ddsperfOneWayUs, ddsperfOneWayUs > 0 ? remoteOneWayUs / ddsperfOneWayUs : 0.0);
  return 0;
}
