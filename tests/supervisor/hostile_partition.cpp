// The partition programs of the hostile test model (tests/supervisor/hostile/),
// written on the team contract (fd 3+2i channel memory, fd 4+2i eventfd,
// period queue last) like test_partition.cpp. The partition's name
// (BULKHEAD_PARTITION) picks its role: the producer sends a counter, the
// consumer prints what it receives, every other partition is a culprit.
// Built twice: HOSTILE=0, where a culprit only counts its ticks, and
// HOSTILE=1, where it attacks as its name says at its first dispatch from
// tick 2 on: tick 2 unless the host starved its frame-2 window (the period
// queue then holds only the next tick), so the attack is never lost.
#include "channel/event_data_queue.hpp"
#include "channel/shared_region.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

#ifndef HOSTILE
#error "build with HOSTILE=0 or HOSTILE=1"
#endif

namespace {

using namespace bulkhead;

volatile sig_atomic_t terminating = 0;
void onTerm(int) { terminating = 1; }

std::string name = "partition";

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "%s: %s\n", name.c_str(), what.c_str());
  std::exit(3);
}

void say(const std::string& text) { std::printf("%s: %s\n", name.c_str(), text.c_str()); }

int memoryFd(int i) { return 3 + 2 * i; }
int eventFd(int i) { return 4 + 2 * i; }

channel::Mapping mapChannel(int i, bool writable) {
  auto m = writable ? channel::mapReadWrite(memoryFd(i)) : channel::mapReadOnly(memoryFd(i));
  if (!m) fail("map channel " + std::to_string(i) + ": " + m.error().message);
  return std::move(*m);
}

// The pacer's period queue (channel `i`): blocks until a tick; false on SIGTERM.
struct PeriodQueue {
  explicit PeriodQueue(int i)
      : index(i), mapping(mapChannel(i, false)), receiver([&] {
          auto r = channel::EventDataReceiver::attach(mapping.readOnlyBytes());
          if (!r) fail("attach period queue: " + r.error().message);
          return std::move(*r);
        }()) {}
  bool next(int& tick) {
    for (;;) {
      std::array<std::byte, 8> out{};
      auto got = receiver.dequeue(out);
      if (!got) fail("period queue: " + got.error().message);
      if (got->hasValue) {
        tick = static_cast<int>(out[0]);
        return true;
      }
      if (terminating) return false;
      pollfd p{eventFd(index), POLLIN, 0};
      if (::poll(&p, 1, -1) < 0 && errno != EINTR) fail("poll eventfd");
      std::uint64_t count;
      [[maybe_unused]] auto n = ::read(eventFd(index), &count, sizeof count);
      if (terminating) return false;
    }
  }
  int index;
  channel::Mapping mapping;
  channel::EventDataReceiver receiver;
};

std::string verdict(bool refused) { return refused ? "refused" : "ALLOWED"; }

void* spin(void*) {
  std::uint64_t turns = 0;
  for (;;) asm volatile("" : "+r"(turns));  // never optimised away
  return nullptr;
}

// Window theft: a helper thread that never stops (SCHED_FIFO like the
// partition, on its CPU).
void startSpinner() {
  pthread_t thread;
  if (::pthread_create(&thread, nullptr, spin, nullptr) != 0) fail("pthread_create");
  say("helper thread spins");
}

// A timer that sends the partition SIGCONT every millisecond: against
// SIGSTOP it would resume itself right after each window end.
void startWaker() {
  ::signal(SIGCONT, SIG_IGN);
  sigevent event{};
  event.sigev_notify = SIGEV_SIGNAL;
  event.sigev_signo = SIGCONT;
  timer_t timer;
  if (::timer_create(CLOCK_MONOTONIC, &event, &timer) != 0) fail("timer_create");
  itimerspec every{{0, 1'000'000}, {0, 1'000'000}};
  if (::timer_settime(timer, 0, &every, nullptr) != 0) fail("timer_settime");
  say("SIGCONT timer armed");
  startSpinner();
}

// Supervisor hang: the period queue's eventfd pushed to its limit, and its
// O_NONBLOCK cleared (its open file description is the supervisor's too).
void saturate() {
  const std::uint64_t most = 0xfffffffffffffffeull;
  say("saturate eventfd: " + std::string(::write(eventFd(0), &most, sizeof most) == sizeof most ? "written" : "refused"));
  const int flags = ::fcntl(eventFd(0), F_GETFL);
  say("clear O_NONBLOCK: " + verdict(::fcntl(eventFd(0), F_SETFL, flags & ~O_NONBLOCK) != 0));
  say("clear O_NONBLOCK with FIONBIO: " + verdict([] {
        int off = 0;
        return ::ioctl(eventFd(0), FIONBIO, &off) != 0;
      }()));
  // It never reads its eventfd again: the counter stays at its limit.
  while (!terminating) ::pause();
}

// Looks for other processes by pid: none may be seen or signalled.
int visibleOthers() {
  int seen = 0;
  const pid_t self = ::getpid();
  for (pid_t pid = 1; pid < 4096; ++pid) {
    if (pid == self) continue;
    if (::sched_getscheduler(pid) >= 0 || ::getsid(pid) >= 0 || ::getpgid(pid) >= 0 || ::kill(pid, 0) == 0) ++seen;
    sched_param param{};
    if (::sched_getparam(pid, &param) == 0) ++seen;
    cpu_set_t set;
    if (::sched_getaffinity(pid, sizeof set, &set) == 0) ++seen;
  }
  return seen;
}

// Cross-partition signals: a descriptor armed to signal a process (its own
// stdout, whose pipe the supervisor reads). Each ends the partition.
void arm(const std::string& how) {
  say("processes found by pid: " + std::to_string(visibleOthers()));
  int pipes[2];
  if (::pipe2(pipes, 0) != 0) fail("pipe2");
  say("arming its stdout: " + how);
  std::fflush(stdout);
  int result = 0;
  if (how == "F_SETOWN") result = ::fcntl(1, F_SETOWN, 2);
  if (how == "F_SETSIG") result = ::fcntl(1, F_SETSIG, SIGKILL);
  if (how == "O_ASYNC") result = ::fcntl(pipes[1], F_SETFL, ::fcntl(pipes[1], F_GETFL) | O_ASYNC);
  say(how + " " + verdict(result != 0) + (result != 0 ? std::string(": ") + std::strerror(errno) : std::string()));
}

// /proc of other processes, and the supervisor's memory.
void probeProc() {
  DIR* proc = ::opendir("/proc");
  int entries = 0;
  if (proc) {
    while (dirent* e = ::readdir(proc))
      if (e->d_name[0] >= '0' && e->d_name[0] <= '9') ++entries;
    ::closedir(proc);
  }
  say("process entries in /proc: " + std::to_string(entries));
  // Other than itself and its pid namespace's init (the supervisor's).
  int opened = 0;
  for (pid_t pid = 2; pid < 4096; ++pid) {
    if (pid == ::getpid()) continue;
    const std::string base = "/proc/" + std::to_string(pid);
    for (const char* file : {"/status", "/mem", "/environ"}) {
      int fd = ::open((base + file).c_str(), O_RDONLY | O_CLOEXEC);
      if (fd >= 0) {
        ++opened;
        ::close(fd);
      }
    }
  }
  say("files of other processes opened: " + std::to_string(opened));
  say("processes found by pid: " + std::to_string(visibleOthers()));
}

void* sleepForever(void*) {
  for (;;) ::pause();
  return nullptr;
}

// As many threads as it can get, up to 10,000.
void swarm() {
  int started = 0;
  for (; started < 10000; ++started) {
    pthread_t thread;
    if (::pthread_create(&thread, nullptr, sleepForever, nullptr) != 0) break;
  }
  say("threads started: " + std::string(started < 64 ? "fewer than 64" : std::to_string(started)));
}

// Touches 1 GiB of memory, a page at a time.
void hog() {
  const std::size_t bytes = std::size_t{1} << 30;
  std::size_t touched = 0;
  for (std::size_t chunk = 0; chunk < bytes; chunk += std::size_t{64} << 20) {
    auto* p = static_cast<volatile char*>(std::malloc(std::size_t{64} << 20));
    if (!p) break;
    for (std::size_t i = 0; i < (std::size_t{64} << 20); i += 4096) p[i] = 1;
    touched += std::size_t{64} << 20;
  }
  say("touched " + std::to_string(touched >> 20) + " MiB");
}

void attack() {
  if (name == "spinner") startSpinner();
  else if (name == "waker") startWaker();
  else if (name == "saturator") saturate();
  else if (name == "signaller") arm("F_SETOWN");
  else if (name == "setsig") arm("F_SETSIG");
  else if (name == "asyncer") arm("O_ASYNC");
  else if (name == "prober") probeProc();
  else if (name == "swarm") swarm();
  else if (name == "hog") hog();
}

}  // namespace

int main() {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  struct sigaction term{};
  term.sa_handler = onTerm;  // no SA_RESTART: a blocking wait returns EINTR
  ::sigaction(SIGTERM, &term, nullptr);
  if (const char* self = std::getenv("BULKHEAD_PARTITION")) name = self;

  if (name == "producer" || name == "consumer") {
    // Channel 0: the Integer_8 event data connection; channel 1: the period queue.
    PeriodQueue period(1);
    auto mapping = mapChannel(0, name == "producer");
    std::optional<channel::EventDataSender> sender;
    std::optional<channel::EventDataReceiver> receiver;
    if (name == "producer") {
      auto s = channel::EventDataSender::resume(mapping.bytes());
      if (!s) fail("resume: " + s.error().message);
      sender = *s;
    } else {
      auto r = channel::EventDataReceiver::attach(mapping.readOnlyBytes());
      if (!r) fail("attach: " + r.error().message);
      receiver = std::move(*r);
    }
    say("initialise");
    int tick = 0;
    std::uint8_t counter = 0;
    char text[96];
    while (period.next(tick)) {
      if (sender) {
        std::array<std::byte, 1> v{static_cast<std::byte>(counter)};
        if (auto sent = sender->send(8, v); !sent) fail("send: " + sent.error().message);
        std::uint64_t one = 1;
        [[maybe_unused]] auto n = ::write(eventFd(0), &one, sizeof one);
        std::snprintf(text, sizeof text, "tick %d sent %02X", tick, counter++);
      } else {
        std::array<std::byte, 8> out{};
        auto got = receiver->dequeue(out);
        if (!got) fail("dequeue: " + got.error().message);
        if (got->hasValue)
          std::snprintf(text, sizeof text, "tick %d received %02X dropped %llu", tick, static_cast<unsigned>(out[0]),
                        static_cast<unsigned long long>(got->dropped));
        else
          std::snprintf(text, sizeof text, "tick %d received nothing", tick);
      }
      say(text);
    }
    say("finalise");
    return 0;
  }

  // A culprit: channel 0 is its period queue.
  PeriodQueue period(0);
  say("initialise");
  int tick = 0;
  bool attacked = false;
  while (period.next(tick)) {
    say("tick " + std::to_string(tick));
    if (HOSTILE && !attacked && tick >= 2) {
      attacked = true;
      attack();
    }
  }
  say("finalise");
  return 0;
}
