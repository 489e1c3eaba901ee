// A remote channel between two processes on this host (design section 7b),
// against Cyclone's own ddsperf ping-pong in the same run, with the same
// configuration (loopback, no multicast) and a payload of our sample's size.
//
// One-way latency: an 8-byte value written into a channel region, drained
// by the forwarding cursor (OutgoingChannel), sent over the link
// (LinkTransport), accepted into the other process's region
// (IncomingChannel), dequeued there, sent back the same way; half the round
// trip. Baseline: ddsperf ping/pong, half its median round trip.
// Throughput: 8-byte values streamed one way, each through both regions;
// values per second until the other side has counted them all.
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
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

extern char** environ;

namespace {

using namespace bulkhead;
using distribution::LinkMessage;
using distribution::LinkTransport;

constexpr std::uint64_t kFingerprint = 0xbe9c0de5ull;  // the bench's own "model"
constexpr std::uint8_t kValue = 0, kCount = 1, kBye = 4;
constexpr std::uint32_t kPing = 0, kPong = 1, kStream = 2;

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
  c.queueSize = 64;
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
  channel::EventDataReceiver reader = *channel::EventDataReceiver::attach(remote.bytes(), 64);
  std::byte value[8] = {};

  void send(LinkTransport& link, std::uint32_t on, std::span<const std::byte> bytes) {
    (void)writer.send(64, bytes);
    for (const auto& v : out.drain()) (void)link.write(LinkMessage{kFingerprint, 0, kValue, on, v.sequence, v.numBits, 0, v.bytes});
  }
  // Accepts a value into the remote region and dequeues it there.
  bool receive(const LinkMessage& m) {
    if (!in.accept(m.sequence, m.numBits, m.bytes)) return false;
    auto r = reader.dequeue(value);
    return r && r->hasValue;
  }
};

int pong(const std::string& session) {
  auto link = LinkTransport::open(kFingerprint, session, distribution::CycloneNetwork{});
  if (!link) return 1;
  Ends echo, stream;
  std::uint64_t streamed = 0;
  bool done = false;
  while (!done) {
    (*link)->pump(100'000'000, [&](const LinkMessage& m) {
      if (m.kind == kBye) done = true;
      if (m.kind == kValue && m.channel == kPing && echo.receive(m)) echo.send(**link, kPong, echo.value);
      if (m.kind == kValue && m.channel == kStream && stream.receive(m)) ++streamed;
      if (m.kind == kCount && m.node == 0) (void)(*link)->write(LinkMessage{kFingerprint, 1, kCount, 0, streamed, 0, 0, {}});
    });
  }
  return 0;
}

struct Ping {
  std::unique_ptr<LinkTransport> link;
  pid_t pong = -1;
  std::string session;
};

Ping& ping() {
  static Ping p = [] {
    Ping made;
    made.session = "bench" + std::to_string(::getpid());
    std::string self = "/proc/self/exe";
    std::vector<std::string> args{"remote_channel_bench", "--pong", made.session};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::posix_spawn(&made.pong, self.c_str(), nullptr, nullptr, argv.data(), environ);
    auto link = LinkTransport::open(kFingerprint, made.session, distribution::CycloneNetwork{});
    if (link) made.link = std::move(*link);
    // Both sides matched (each side's own reader and writer count too).
    for (int i = 0; made.link && i < 1000 && (made.link->matchedReaders() < 2 || made.link->matchedWriters() < 2); ++i)
      ::usleep(10'000);
    return made;
  }();
  return p;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double remoteOneWayUs = 0, ddsperfOneWayUs = 0;

void BM_RemoteChannelOneWay(benchmark::State& state) {
  Ping& p = ping();
  if (!p.link) {
    state.SkipWithError("no link");
    return;
  }
  Ends ends;
  std::vector<double> rtt;
  std::uint64_t counter = 0;
  for (auto _ : state) {
    std::byte bytes[8];
    std::memcpy(bytes, &++counter, sizeof bytes);
    const std::int64_t start = nowNs();
    ends.send(*p.link, kPing, bytes);
    bool back = false;
    while (!back)
      p.link->pump(1'000'000'000, [&](const LinkMessage& m) {
        if (m.kind == kValue && m.channel == kPong) back = ends.receive(m);
      });
    rtt.push_back(static_cast<double>(nowNs() - start) / 1000.0);
  }
  remoteOneWayUs = median(rtt) / 2;
  state.counters["one_way_median_us"] = remoteOneWayUs;
}
BENCHMARK(BM_RemoteChannelOneWay)->Iterations(20000)->Unit(benchmark::kMicrosecond);

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

void BM_RemoteStream(benchmark::State& state) {
  Ping& p = ping();
  if (!p.link) {
    state.SkipWithError("no link");
    return;
  }
  Ends ends;
  const std::uint64_t count = static_cast<std::uint64_t>(state.range(0));
  std::uint64_t sent = 0;
  double valuesPerSecond = 0;
  for (auto _ : state) {
    const std::int64_t start = nowNs();
    for (std::uint64_t i = 0; i < count; ++i) {
      std::byte bytes[8];
      ++sent;
      std::memcpy(bytes, &sent, sizeof bytes);
      ends.send(*p.link, kStream, bytes);
    }
    std::uint64_t counted = 0;
    while (counted < sent) {
      (void)p.link->write(LinkMessage{kFingerprint, 0, kCount, 0, 0, 0, 0, {}});
      p.link->pump(100'000'000, [&](const LinkMessage& m) {
        if (m.kind == kCount && m.node == 1) counted = std::max(counted, m.sequence);
      });
    }
    valuesPerSecond = static_cast<double>(count) * 1e9 / static_cast<double>(nowNs() - start);
  }
  state.counters["values_per_s"] = valuesPerSecond;
}
BENCHMARK(BM_RemoteStream)->Arg(200000)->Iterations(3)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--pong") return pong(argv[2]);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  Ping& p = ping();
  if (p.link) (void)p.link->write(LinkMessage{kFingerprint, 0, kBye, 0, 0, 0, 0, {}});
  if (p.link) p.link->waitForAcknowledgements(1'000'000'000);
  if (p.pong > 0) {
    int status = 0;
    for (int i = 0; i < 200 && ::waitpid(p.pong, &status, WNOHANG) == 0; ++i) ::usleep(10'000);
    if (::waitpid(p.pong, &status, WNOHANG) == 0) {
      ::kill(p.pong, SIGKILL);
      ::waitpid(p.pong, &status, 0);
    }
  }
  std::printf("remote channel one-way median %.1f us, ddsperf one-way median %.1f us: ratio %.2f (goal <= 1.2)\n",
              remoteOneWayUs, ddsperfOneWayUs, ddsperfOneWayUs > 0 ? remoteOneWayUs / ddsperfOneWayUs : 0.0);
  return 0;
}
