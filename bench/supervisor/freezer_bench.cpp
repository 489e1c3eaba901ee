// What a window end and a window start cost with each freezer, and when
// they take effect, measured in one run: the cgroup freezer as bulkhead
// sets it up (the program alone in its frozen group), the same with a
// second, sleeping process in the frozen group (as a partition's pid
// namespace init was before it moved out of it), and SIGSTOP/SIGCONT (the
// signal freezer, `--unconfined`), through the supervisor's own Freezer
// classes. Each partition stand-in is a SCHED_FIFO 70 process that spins,
// writing the time into shared memory; this thread runs at SCHED_FIFO 80
// like the schedule walk. Per switch:
//   freeze call   how long freeze() takes (the walk's "window end, stop")
//   stopped after from the freeze call to the stand-in's last write
//   thaw call     how long thaw() takes (the walk's "window start, release")
//   resumed after from the thaw call to the stand-in's first write: when
//                 the next domain actually runs again
// Cases alternate in blocks, so a change in the machine's load hits all
// alike; medians, and ratios against signals. Needs root.
//
// Usage: build/bench/supervisor/freezer_bench [SWITCHES]   (default 1200 per case)
#include "base/monotonic_clock.hpp"
#include "supervisor/freezer.hpp"
#include "supervisor/pidfd.hpp"

#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <new>
#include <string>
#include <vector>

namespace {

using bulkhead::base::monotonicNow;
using namespace bulkhead::supervisor;

void pause(std::int64_t ns) {
  const timespec t{0, static_cast<long>(ns)};
  ::nanosleep(&t, nullptr);
}

std::string loadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

struct Case {
  const char* name = "";
  std::unique_ptr<Freezer> freezer;
  pid_t spinner = -1, sleeper = -1;
  std::atomic<std::int64_t>* beat = nullptr;
  std::vector<std::int64_t> freezeCall, stoppedAfter, thawCall, resumedAfter;
};

pid_t startSpinner(std::atomic<std::int64_t>* beat) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    for (;;) beat->store(monotonicNow(), std::memory_order_relaxed);
  }
  sched_param p{};
  p.sched_priority = 70;
  ::sched_setscheduler(pid, SCHED_FIFO, &p);
  return pid;
}

pid_t startSleeper() {
  const pid_t pid = ::fork();
  if (pid == 0) {
    for (;;) ::pause();
  }
  return pid;
}

void measure(Case& c, int switches) {
  for (int i = 0; i < switches; ++i) {
    std::int64_t a = monotonicNow();
    c.freezer->freeze();
    std::int64_t b = monotonicNow();
    c.freezeCall.push_back(b - a);
    pause(1'000'000);
    const std::int64_t last = c.beat->load(std::memory_order_relaxed);
    if (last >= a) c.stoppedAfter.push_back(last - a);  // else it was not running when frozen
    a = monotonicNow();
    c.freezer->thaw();
    b = monotonicNow();
    c.thawCall.push_back(b - a);
    while (c.beat->load(std::memory_order_relaxed) <= a && monotonicNow() - a < 5'000'000) {
    }
    const std::int64_t first = c.beat->load(std::memory_order_relaxed);
    if (first > a) c.resumedAfter.push_back(first - a);
    pause(1'000'000);
  }
  c.freezer->freeze();  // idle while the other cases run
}

double medianUs(std::vector<std::int64_t> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return static_cast<double>(v[v.size() / 2]) / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
  const int switches = argc > 1 ? std::max(60, std::atoi(argv[1])) : 1200;
  auto confined = FreezerFactory::confined();
  if (!confined) {
    std::fprintf(stderr, "no cgroup freezer: %s\n", confined.error().c_str());
    return 2;
  }
  auto unconfined = FreezerFactory::unconfined();
  auto* beats = static_cast<std::atomic<std::int64_t>*>(
      ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  std::array<Case, 3> cases;
  cases[0].name = "cgroup, program alone (bulkhead's layout)";
  cases[1].name = "cgroup, program + a sleeping init";
  cases[2].name = "signals (SIGSTOP/SIGCONT)";
  for (std::size_t k = 0; k < cases.size(); ++k) {
    auto& c = cases[k];
    c.beat = new (&beats[k]) std::atomic<std::int64_t>(0);
    auto made = k < 2 ? confined->make("freezer-bench-" + std::to_string(k)) : unconfined.make("signals");
    if (!made) {
      std::fprintf(stderr, "%s\n", made.error().c_str());
      return 2;
    }
    c.freezer = std::move(*made);
    c.spinner = startSpinner(c.beat);
    if (auto adopted = c.freezer->adopt(c.spinner, false); !adopted) {
      std::fprintf(stderr, "%s\n", adopted.error().c_str());
      return 2;
    }
    if (k == 1) {
      c.sleeper = startSleeper();
      (void)c.freezer->adopt(c.sleeper, false);
    }
    c.freezer->attachProgram(pidfdOpen(c.spinner));
    c.freezer->freeze();
  }
  sched_param p{};
  p.sched_priority = 80;
  if (::sched_setscheduler(0, SCHED_FIFO, &p) != 0) std::fprintf(stderr, "note: no SCHED_FIFO for this thread\n");

  const std::string before = loadAverage();
  const int blocks = 6;
  for (int b = 0; b < blocks; ++b)
    for (std::size_t k = 0; k < cases.size(); ++k) {
      auto& c = cases[(k + static_cast<std::size_t>(b)) % cases.size()];  // rotate who goes first
      c.freezer->thaw();
      pause(2'000'000);
      measure(c, switches / blocks);
    }

  for (auto& c : cases) {
    for (pid_t pid : {c.spinner, c.sleeper})
      if (pid > 0) {
        ::kill(pid, SIGKILL);
        c.freezer->thaw();
        ::waitpid(pid, nullptr, 0);
      }
  }
  const auto& base = cases[2];
  std::printf("%d switches per case in %d alternating blocks; load average %s before, %s after, %ld CPUs\n\n",
              switches, blocks, before.c_str(), loadAverage().c_str(), ::sysconf(_SC_NPROCESSORS_ONLN));
  std::printf("%-44s %12s %12s %12s %12s\n", "median (us) [ratio to signals]", "freeze call", "stopped after",
              "thaw call", "resumed after");
  for (const auto& c : cases) {
    auto cell = [&](const std::vector<std::int64_t>& v, const std::vector<std::int64_t>& b) {
      char text[32];
      std::snprintf(text, sizeof text, "%.1f [%.2f]", medianUs(v), medianUs(b) > 0 ? medianUs(v) / medianUs(b) : 0.0);
      return std::string(text);
    };
    std::printf("%-44s %12s %12s %12s %12s\n", c.name, cell(c.freezeCall, base.freezeCall).c_str(),
                cell(c.stoppedAfter, base.stoppedAfter).c_str(), cell(c.thawCall, base.thawCall).c_str(),
                cell(c.resumedAfter, base.resumedAfter).c_str());
  }
  const auto& ours = cases[0];
  const double switchRatio = (medianUs(ours.freezeCall) + medianUs(ours.thawCall)) /
                             (medianUs(base.freezeCall) + medianUs(base.thawCall));
  std::printf("\ndomain switch (freeze call + thaw call), cgroup / signals: %.2f (goal <= 1.1)\n", switchRatio);
  return 0;
}
