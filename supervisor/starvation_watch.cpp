#include "supervisor/starvation_watch.hpp"

#include <cstdio>

namespace bulkhead::supervisor {

std::string describe(const StarvedWindow& w, const std::string& partitionName) {
  char text[256];
  std::snprintf(text, sizeof text,
                "partition %s was kept off the CPU for %.1f ms of its %.1f ms window in frame %llu (it ran %.1f ms): "
                "other work on this host took the CPU, and what it does in a window may be missing from that frame",
                partitionName.c_str(), static_cast<double>(w.waitedUs) / 1000.0,
                static_cast<double>(w.windowNs) / 1e6, static_cast<unsigned long long>(w.frame),
                static_cast<double>(w.usedUs) / 1000.0);
  return text;
}

StarvationWatch::StarvationWatch(const std::vector<std::unique_ptr<PartitionHost>>& hosts)
    : hosts_(hosts), open_(hosts.size()) {}

void StarvationWatch::released(int partition, std::uint64_t frame, std::int64_t now) {
  auto& o = open_[static_cast<std::size_t>(partition)];
  auto account = hosts_[static_cast<std::size_t>(partition)]->cpuAccount();
  o.open = account && account->waitedUs;
  if (!o.open) return;
  o.frame = frame;
  o.at = now;
  o.account = *account;
}

std::optional<StarvedWindow> StarvationWatch::stopped(int partition, std::int64_t now) {
  auto& o = open_[static_cast<std::size_t>(partition)];
  if (!o.open) return std::nullopt;
  o.open = false;
  auto account = hosts_[static_cast<std::size_t>(partition)]->cpuAccount();
  // A restart in the window replaced the cgroup: its counts start anew.
  if (!account || !account->waitedUs || account->usedUs < o.account.usedUs || *account->waitedUs < *o.account.waitedUs)
    return std::nullopt;
  ++measured_;
  StarvedWindow w{partition, o.frame, now - o.at, account->usedUs - o.account.usedUs,
                  *account->waitedUs - *o.account.waitedUs};
  const std::uint64_t windowUs = static_cast<std::uint64_t>(w.windowNs / 1000);
  if (2 * w.waitedUs >= windowUs && 4 * w.usedUs < windowUs) return w;
  return std::nullopt;
}

}  // namespace bulkhead::supervisor
