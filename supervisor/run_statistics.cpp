#include "supervisor/run_statistics.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace bulkhead::supervisor {
namespace {

std::string microseconds(std::int64_t ns) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f us", static_cast<double>(ns) / 1000.0);
  return text;
}

std::string describe(const Percentiles& p) {
  return "median " + microseconds(p.median) + ", p99 " + microseconds(p.p99) + ", max " + microseconds(p.max) +
         " (n=" + std::to_string(p.count) + ")";
}

}  // namespace

std::optional<long> residentKilobytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      long kb = 0;
      status >> kb;
      return kb;
    }
    status.ignore(1 << 16, '\n');
  }
  return std::nullopt;
}

void printRunStatistics(Console& console, const ReleaseLog& log,
                        const std::vector<std::unique_ptr<PartitionHost>>& hosts) {
  console.report("stats: release jitter (all slots): " + describe(log.releaseJitter()));
  console.report("stats: release jitter (frame start): " + describe(log.frameJitter()));
  const auto stop = log.stopCost(), release = log.releaseCost();
  console.report("stats: window end (stop): " + describe(stop));
  console.report("stats: window start (release): " + describe(release));
  console.report("stats: domain switch (stop + release), medians: " + microseconds(stop.median + release.median));
  const ScheduleSlip slip = log.slip();
  console.report("stats: schedule held up by the host " + std::to_string(slip.times) + " times, " +
                 microseconds(slip.total) + " behind its plan at the end (no window was shortened)");
  if (log.starvationMeasured() == 0) {
    console.report("stats: windows the host starved: not measured (no partition has cgroup v2 CPU pressure)");
  } else {
    std::string starved = "stats: windows the host starved: " + std::to_string(log.starved().size()) + " of " +
                          std::to_string(log.starvationMeasured()) + " measured";
    for (std::size_t k = 0; k < log.starved().size(); ++k) {
      const auto& w = log.starved()[k];
      starved += (k == 0 ? " (" : ", ") + hosts[static_cast<std::size_t>(w.partition)]->name() + " in frame " +
                 std::to_string(w.frame);
    }
    console.report(starved + (log.starved().empty() ? "" : ")"));
  }
  std::string late = "stats: late windows (ended before their partition's periodic dispatch did): " + std::to_string(log.late().size());
  for (std::size_t k = 0; k < log.late().size(); ++k) {
    const auto& w = log.late()[k];
    late += (k == 0 ? " (" : ", ") + hosts[static_cast<std::size_t>(w.partition)]->name() + " in frame " +
            std::to_string(w.frame);
  }
  console.report(late + (log.late().empty() ? "" : ")"));
  std::string memory = "stats: resident memory: supervisor " + std::to_string(residentKilobytes(::getpid()).value_or(-1)) + " kB";
  for (const auto& h : hosts) {
    auto kb = residentKilobytes(h->processId());
    memory += ", " + h->name() + " " + (kb ? std::to_string(*kb) + " kB" : std::string("ended"));
  }
  console.report(memory);
}

}  // namespace bulkhead::supervisor
