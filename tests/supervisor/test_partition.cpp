// Small partition programs for the supervisor tests, written directly on
// the team contract (fd 3+2i channel memory, fd 4+2i eventfd, period queue
// last) and the channel library, standing in for generated partitions.
// argv[1] picks the behaviour; every line is stamped with CLOCK_MONOTONIC.
#include "channel/data_port.hpp"
#include "channel/event_data_queue.hpp"
#include "channel/shared_region.hpp"
#include "contract/health_report.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace {

using namespace bulkhead;

volatile sig_atomic_t terminating = 0;
void onTerm(int) { terminating = 1; }

long long now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "%s\n", what.c_str());
  std::exit(3);
}

int memoryFd(int i) { return 3 + 2 * i; }
int eventFd(int i) { return 4 + 2 * i; }

channel::Mapping mapChannel(int i, bool writable) {
  auto m = writable ? channel::mapReadWrite(memoryFd(i)) : channel::mapReadOnly(memoryFd(i));
  if (!m) fail("map channel " + std::to_string(i) + ": " + m.error().message);
  return std::move(*m);
}

// Blocks until the period queue (channel `i`) has a tick; false on SIGTERM.
// As the runtime does, it says on the partition's health channel (the
// hand-over entry after the period queue, when there is one) that the
// previous tick's dispatch is done when it comes back for the next.
struct PeriodQueue {
  explicit PeriodQueue(int i)
      : index(i), mapping(mapChannel(i, false)), receiver([&] {
          auto r = channel::EventDataReceiver::attach(mapping.readOnlyBytes());
          if (!r) fail("attach period queue: " + r.error().message);
          return std::move(*r);
        }()) {
    if (::fcntl(memoryFd(i + 1), F_GETFD) < 0) return;
    if (auto m = channel::mapReadWrite(memoryFd(i + 1))) {
      healthMapping = std::move(*m);
      health = contract::HealthChannelWriter::attach(healthMapping->bytes());
      if (health) health->publishSteps();
    }
  }
  bool next(int& tick) {
    if (health && stepped) health->stepEnded(*stepped);
    stepped.reset();
    for (;;) {
      std::array<std::byte, 8> out{};
      auto got = receiver.dequeue(out);
      if (!got) fail("period queue: " + got.error().message);
      if (got->hasValue) {
        tick = static_cast<int>(out[0]);
        stepped = static_cast<std::uint8_t>(out[0]);
        return true;
      }
      std::uint64_t count;
      if (terminating) return false;
      // The supervisor hands over non-blocking eventfds: wait in poll.
      pollfd p{eventFd(index), POLLIN, 0};
      if (::poll(&p, 1, -1) < 0 && errno != EINTR) fail("poll eventfd");
      if (terminating) return false;
      if (::read(eventFd(index), &count, sizeof count) < 0 && errno != EINTR && errno != EAGAIN) fail("read eventfd");
      if (terminating) return false;
    }
  }
  int index;
  channel::Mapping mapping;
  channel::EventDataReceiver receiver;
  std::optional<channel::Mapping> healthMapping;
  std::optional<contract::HealthChannelWriter> health;
  std::optional<std::uint8_t> stepped;  // the tick being dispatched
};

// The health channel (contract/health_report.hpp) at hand-over entry `i`:
// what the runtime writes, written here directly.
struct HealthChannel {
  explicit HealthChannel(int i)
      : mapping(mapChannel(i, true)), writer([&] {
          auto w = contract::HealthChannelWriter::attach(mapping.bytes());
          if (!w) fail("attach health channel: not formatted");
          return *w;
        }()) {}
  // A queue overflow on port `port` of thread 0, observed now.
  contract::HealthRecord overflow(std::uint32_t port, std::uint64_t count, std::uint64_t dispatch) const {
    contract::HealthRecord r;
    r.frame = writer.frame();
    r.dispatch = dispatch;
    r.count = count;
    r.kind = static_cast<std::uint32_t>(contract::HealthKind::QueueOverflow);
    r.port = port;
    return r;
  }
  std::uint64_t& word(std::size_t offset) { return *reinterpret_cast<std::uint64_t*>(mapping.bytes().data() + offset); }
  channel::Mapping mapping;
  contract::HealthChannelWriter writer;
};

// scribbler: what a hostile partition can do to its health channel,
// dispatch by dispatch from its first at tick 2 or later (`step` 1 there,
// then 2, 3, ...: a window the host starved loses a tick, never a step),
// and the old stderr marker printed besides.
void scribble(HealthChannel& health, int step, int tick, const char* name) {
  const std::span<std::byte> records = health.mapping.bytes().subspan(
      contract::kHealthRecordsOffset, contract::kHealthCapacity * sizeof(contract::HealthRecord));
  auto put = [&](std::uint64_t index, const contract::HealthRecord& r) {
    const auto bytes = std::as_bytes(std::span(&r, 1));
    std::copy(bytes.begin(), bytes.end(), records.begin() + static_cast<std::ptrdiff_t>((index % contract::kHealthCapacity) * sizeof r));
  };
  auto setWritten = [&](std::uint64_t n) {
    __atomic_store_n(&health.word(contract::kHealthWrittenOffset), n, __ATOMIC_RELEASE);
  };
  if (step == 1) {
    std::fprintf(stderr, "%s: health: queue overflow on read_port (Overflow_Handling_Protocol Error): 3 dropped\n", name);
    contract::HealthRecord bad = health.overflow(0, 3, 2);
    bad.kind = 77;
    put(0, bad);
    bad.kind = 1;
    bad.thread = 9;
    put(1, bad);
    bad.thread = 0;
    bad.sequence = 5;
    put(2, bad);
    setWritten(3);
  } else if (step == 2) {
    setWritten(1);  // back
  } else if (step >= 3) {
    // A flood: far beyond the ring, garbage in every slot, the frame it is told overwritten.
    std::fill(records.begin(), records.end(), std::byte{0xAB});
    __atomic_store_n(&health.word(contract::kHealthFrameOffset), 999999ull, __ATOMIC_RELEASE);
    setWritten(static_cast<std::uint64_t>(tick) * 1000000ull);
  }
}

void say(const char* name, const std::string& text) { std::printf("%s: %s t=%lld\n", name, text.c_str(), now()); }

bool firstLife() {
  const char* restart = std::getenv("BULKHEAD_RESTART");
  return restart == nullptr || *restart == '\0' || std::string_view(restart) == "0";
}

// overrunner: dispatches as the runtime does (its `dispatching` word set
// around each), and in its first life, at its first dispatch from tick 3
// on, spins in it until it has been released in the third frame after the
// one the dispatch began in: two whole windows of its own it does not
// finish in (a window the host starved proves nothing, so two). No
// Compute_Execution_Time: only the health channel shows the overrun.
int overrun(PeriodQueue& period, HealthChannel& health, const char* name) {
  const bool first = firstLife();
  bool spun = false;
  int tick = 0;
  while (period.next(tick)) {
    health.writer.beginDispatch();
    say(name, "tick " + std::to_string(tick));
    if (first && !spun && tick >= 3) {
      spun = true;
      const std::uint64_t began = health.writer.frame();
      say(name, "spinning from frame " + std::to_string(began));
      while (!terminating && health.writer.frame() < began + 3) asm volatile("" ::: "memory");
      if (terminating) break;
      say(name, "spun until frame " + std::to_string(health.writer.frame()));
    }
    health.writer.endDispatch();
  }
  say(name, "finalise");
  return 0;
}

// The hostile partitions of tests/supervisor/health_run_test.cpp, run by
// the real binary (`--partitions DIR`, so the mode is the partition's name).
// Channel 0: the period queue, channel 1 its health channel.
int hostile(const std::string& mode, const char* name) {
  PeriodQueue period(0);
  HealthChannel health(1);
  say(name, "initialise");
  if (mode == "overrunner") return overrun(period, health, name);
  int tick = 0, step = 0;
  while (period.next(tick)) {
    say(name, "tick " + std::to_string(tick));
    if (step > 0 || tick >= 2) ++step;
    if (mode == "impostor") {
      // Lines that would pass for bulkhead's reports, and raw terminal escapes.
      std::printf("bulkhead: health: partition producer crashed: signal 9 (SIGKILL) in frame %d\n", tick);
      std::printf("\x1b[2J\x1b[H\x1b]0;owned\x07\rbulkhead: every partition ran cleanly\n");
      std::printf("\xc2\x9b" "31m\xe2\x80\xae" "deifitrec\n");
      std::fprintf(stderr, "bulkhead: health: partition consumer crashed: signal 11 (SIGSEGV) in frame %d\n", tick);
      std::fflush(stdout);
    }
    if (mode == "scribbler") scribble(health, step, tick, name);
    if (mode == "garbler" && step == 1) {
      // A frame far in the future in its `dispatching` word, left there.
      say(name, "garbling its dispatching word at tick " + std::to_string(tick));
      __atomic_store_n(&health.word(contract::kHealthDispatchingOffset), 999999ull, __ATOMIC_RELEASE);
    }
    if (mode == "chatter") {
      // Far more than a pipe holds, every window: a console nobody reads fills at once.
      const std::string line(100, 'c');
      for (int i = 0; i < 2000; ++i) std::printf("%s\n", line.c_str());
      std::fflush(stdout);
    }
  }
  // spinner: finalise never ends; the supervisor must kill it and let the others finalise.
  if (mode == "spinner")
    for (;;) asm volatile("" ::: "memory");  // a loop the compiler may not remove
  say(name, "finalise");
  return 0;
}

std::string verdict(bool denied) { return denied ? "denied" : "ALLOWED"; }

int probe() {
  // Channel 0: a receiving event data channel (read-only memory), then its
  // health channel.
  say("prober", std::string("uid ") + std::to_string(::getuid()));
  errno = 0;
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  say("prober", "probe socket: " + verdict(s < 0));
  int created = ::open("bulkhead-probe-file", O_WRONLY | O_CREAT, 0600);
  say("prober", "probe create file: " + verdict(created < 0));
  int rw = ::open("/proc/self/fd/3", O_RDWR);
  say("prober", "probe reopen channel read-write: " + verdict(rw < 0));
  void* w = ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, memoryFd(0), 0);
  say("prober", "probe map receive channel writable: " + verdict(w == MAP_FAILED));
  void* r = ::mmap(nullptr, 4096, PROT_READ, MAP_SHARED, memoryFd(0), 0);
  say("prober", "probe mprotect receive channel writable: " +
                    verdict(r == MAP_FAILED || ::mprotect(r, 4096, PROT_READ | PROT_WRITE) != 0));
  say("prober", "probe resize channel: " + verdict(::ftruncate(memoryFd(0), 0) != 0));
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  if (child > 0) ::waitpid(child, nullptr, 0);
  say("prober", "probe fork: " + verdict(child < 0));
  char* argv[] = {const_cast<char*>("true"), nullptr};
  ::execve("/bin/true", argv, nullptr);
  say("prober", "probe exec: denied");
  say("prober", "probe ptrace: " + verdict(::ptrace(PTRACE_TRACEME, 0, nullptr, nullptr) != 0));
  say("prober", "probe kill all: " + verdict(::kill(-1, SIGCONT) != 0));
  cpu_set_t all;
  CPU_ZERO(&all);
  for (int c = 0; c < 2; ++c) CPU_SET(c, &all);
  say("prober", "probe change affinity: " + verdict(::sched_setaffinity(0, sizeof all, &all) != 0));
  rlimit more{1 << 20, 1 << 20};
  say("prober", "probe raise fd limit: " + verdict(::setrlimit(RLIMIT_NOFILE, &more) != 0));
  // Fds 3..6: its channel and its health channel; nothing after them.
  say("prober", "probe fd 7 closed: " + verdict(::fcntl(7, F_GETFD) < 0 && errno == EBADF));
  say("prober", "probe open stdin is /dev/null: " + verdict(::read(0, &more, 1) == 0));
  while (!terminating) ::pause();
  say("prober", "finalise");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  struct sigaction term{};
  term.sa_handler = onTerm;  // no SA_RESTART: a blocking read returns EINTR
  ::sigaction(SIGTERM, &term, nullptr);
  const char* self = std::getenv("BULKHEAD_PARTITION");
  // Without arguments (started by `bulkhead run --partitions DIR`) the
  // partition's name is its mode; "receiver" is another consumer, "logger"
  // a consumer on stderr; "faulty" a producer that aborts at its first
  // dispatch from tick 3 on in its first life (tick 3 unless a loaded host
  // kept it from its frame-3 window: that tick is then dropped, and the
  // line it prints names the tick it aborted at), "relapser" one that
  // aborts at the second dispatch of every life,
  // "corrupter" one that scribbles over its channel at its first dispatch
  // from tick 2 on (likewise; its line names the tick); "reporter"
  // a consumer that reports a queue overflow at every tick on its health
  // channel (channel 2), each record reaching the supervisor only at its
  // next tick, as a report read late would; "feeder" another producer;
  // "scribbler" one that writes garbage to its health channel;
  // "dawdler" a producer whose first dispatch from tick 3 on sleeps 40 ms
  // before it sends (likewise; its line names the tick);
  // "overrunner" one whose dispatch spins past its window once (first
  // life), "garbler" one that writes a future frame in its `dispatching`
  // health word.
  std::string mode = argc > 1 ? argv[1] : self ? self : "";
  const char* name = self ? self : mode.c_str();
  if (mode == "logger") ::dup2(2, 1);
  if (mode == "receiver" || mode == "logger") mode = "consumer";
  if (mode == "impostor" || mode == "chatter" || mode == "spinner" || mode == "scribbler" || mode == "overrunner" ||
      mode == "garbler")
    return hostile(mode, name);
  const bool reporter = mode == "reporter";
  if (reporter) mode = "consumer";
  if (mode == "feeder") mode = "producer";
  const std::string faulty =
      mode == "faulty" || mode == "corrupter" || mode == "relapser" || mode == "dawdler" ? mode : "";
  if (!faulty.empty()) mode = "producer";

  if (mode == "prober") return probe();

  if (mode == "producer" || mode == "consumer" || mode == "vandal") {
    // Channel 0: event data (Integer_8) out or in; channel 1: period queue.
    PeriodQueue period(1);
    auto mapping = mapChannel(0, mode == "producer");
    std::optional<channel::EventDataSender> sender;
    std::optional<channel::EventDataReceiver> receiver;
    if (mode == "producer") {
      auto s = channel::EventDataSender::resume(mapping.bytes());
      if (!s) fail("resume: " + s.error().message);
      sender = *s;
    } else {
      auto r = channel::EventDataReceiver::attach(mapping.readOnlyBytes());
      if (!r) fail("attach: " + r.error().message);
      receiver = std::move(*r);
    }
    std::optional<HealthChannel> health;
    std::optional<contract::HealthRecord> late;  // the reporter's record of its last tick
    if (reporter) health.emplace(2);
    say(name, "initialise");
    int tick = 0, dispatches = 0;
    bool acted = false;  // the corrupter's or the vandal's attack, once
    std::uint8_t counter = 0;
    const bool first = firstLife();
    while (period.next(tick)) {
      ++dispatches;
      if ((faulty == "faulty" && first && tick >= 3) || (faulty == "relapser" && dispatches == 2)) {
        say(name, "aborting at tick " + std::to_string(tick));
        std::abort();
      }
      if (sender) {
        if (faulty == "dawdler" && !acted && tick >= 3) {
          // Blocked, not running: the window ends under it (15 ms at the
          // tests' time scale) with no CPU wait for the starvation watch
          // to see, and the sleep ends before its next window (85 ms on).
          acted = true;
          say(name, "dawdling at tick " + std::to_string(tick));
          timespec pause{0, 40'000'000};
          while (::nanosleep(&pause, &pause) != 0 && errno == EINTR && !terminating) {
          }
        }
        std::array<std::byte, 1> v{static_cast<std::byte>(counter)};
        if (auto sent = sender->send(8, v); !sent) fail("send: " + sent.error().message);
        std::uint64_t one = 1;
        [[maybe_unused]] auto n = ::write(eventFd(0), &one, sizeof one);
        char text[64];
        std::snprintf(text, sizeof text, "tick %d sent %02X", tick, counter++);
        say(name, text);
        if (faulty == "corrupter" && !acted && tick >= 2) {
          acted = true;
          // Scribble over its own channel's header and counter, then go on sending.
          say(name, "corrupting its channel at tick " + std::to_string(tick));
          std::memset(mapping.bytes().data() + 16, 0xEE, 8);
          __atomic_store_n(reinterpret_cast<std::uint64_t*>(mapping.bytes().data() + 64), 1ull << 63,
                           __ATOMIC_RELEASE);
        }
        continue;
      }
      if (health) {
        if (late) health->writer.append(*late);
        late = health->overflow(0, static_cast<std::uint64_t>(tick), static_cast<std::uint64_t>(dispatches));
        say(name, "record dispatch " + std::to_string(dispatches) + " frame " + std::to_string(late->frame));
      }
      if (mode == "vandal" && !acted && tick >= 2) {
        acted = true;
        say(name, "writing into its receive channel at tick " + std::to_string(tick));
        *const_cast<std::byte*>(mapping.readOnlyBytes().data() + 64) = std::byte{0xFF};
        say(name, "write went through");
      }
      std::array<std::byte, 8> out{};
      auto got = receiver->dequeue(out);
      if (!got) fail("dequeue: " + got.error().message);
      char text[96];
      if (got->hasValue)
        std::snprintf(text, sizeof text, "tick %d received %02X dropped %llu", tick, static_cast<unsigned>(out[0]),
                      static_cast<unsigned long long>(got->dropped));
      else
        std::snprintf(text, sizeof text, "tick %d received nothing", tick);
      say(name, text);
    }
    if (health && late) health->writer.append(*late);
    say(name, "finalise");
    return 0;
  }

  if (mode == "runaway" || mode == "watcher") {
    // Channel 0: a 64-bit data port (runaway writes, watcher reads); channel 1: period queue.
    PeriodQueue period(1);
    auto mapping = mapChannel(0, mode == "runaway");
    int tick = 0;
    if (mode == "runaway") {
      auto s = channel::DataSender::resume(mapping.bytes());
      if (!s) fail("resume: " + s.error().message);
      say(name, "initialise");
      if (!period.next(tick)) return 0;
      say(name, "entry point starts looping forever");
      for (std::uint64_t i = 0;; ++i) {  // never returns: only enforcement stops it
        long long t = now();
        s->write(64, std::as_bytes(std::span(&t, 1))).value();
      }
    }
    auto r = channel::DataReceiver::attach(mapping.readOnlyBytes());
    if (!r) fail("attach: " + r.error().message);
    const long long spinNs = argc > 2 ? std::atoll(argv[2]) : 2000000;
    say(name, "initialise");
    while (period.next(tick)) {
      const long long dispatched = now();
      std::array<std::byte, 8> before{}, after{};
      auto a = r->read(before);
      while (now() - dispatched < spinNs) {
      }
      auto b = r->read(after);
      if (!a || !b) fail("read data port");
      const bool moved = before != after;
      long long lastWrite = 0;  // the runaway's clock at its last write before this dispatch (0: none)
      std::memcpy(&lastWrite, before.data(), sizeof lastWrite);
      char text[160];
      std::snprintf(text, sizeof text, "tick %d dispatched at %lld runaway %s, its last write at %lld", tick,
                    dispatched, moved ? "moved" : "still", lastWrite);
      say(name, text);
    }
    say(name, "finalise");
    return 0;
  }

  if (mode == "crasher" || mode == "stubborn" || mode == "sleeper" || mode == "complainer") {
    // Channel 0: period queue. crasher aborts at its first dispatch from
    // tick argv[2] on; stubborn ignores SIGTERM; complainer reports a queue
    // overflow on its health channel (channel 1) at its first dispatch from
    // tick 2 on, as the runtime does; sleeper just counts ticks. (The first
    // from tick N on: a window the host starved drops its tick.)
    PeriodQueue period(0);
    std::optional<HealthChannel> health;
    if (mode == "complainer") health.emplace(1);
    if (mode == "stubborn") ::signal(SIGTERM, SIG_IGN);
    const int crashAt = argc > 2 ? std::atoi(argv[2]) : 3;
    say(name, "initialise");
    int tick = 0, dispatches = 0;
    bool complained = false;
    while (period.next(tick)) {
      ++dispatches;
      say(name, "tick " + std::to_string(tick));
      if (mode == "crasher" && tick >= crashAt) std::abort();
      if (health && !complained && tick >= 2) {
        complained = true;
        health->writer.append(health->overflow(0, 3, static_cast<std::uint64_t>(dispatches)));
      }
    }
    say(name, "finalise");
    return 0;
  }

  std::fprintf(stderr, "test_partition: unknown mode '%s'\n", mode.c_str());
  return 2;
}
