#pragma once
// Hand-built Plans for the supervisor tests: one thread per partition, at
// most one connected port, plus a period queue, so each test partition sees
// its port as channel 0 and its period queue as channel 1 (or 0 without a port).
#include "plan/channel_geometry.hpp"
#include "plan/pacing.hpp"
#include "plan/plan.hpp"
#include "tests/support/single_thread_partition.hpp"

#include <string>
#include <utility>
#include <vector>

namespace bulkhead::supervisor::testing {

class PlanBuilder {
 public:
  int partition(const std::string& name, int domain) {
    plan::Partition p = bulkhead::testing::singleThreadPartition(name, domain);
    p.threads[0].period = 1;
    plan_.partitions.push_back(p);
    return static_cast<int>(plan_.partitions.size()) - 1;
  }

  // A connection from `from`'s only out port to each of `to`'s in ports.
  int connect(int from, const std::vector<int>& to, plan::PortCategory category, std::uint64_t maxBits,
              std::uint32_t queueSize = 1) {
    const int c = static_cast<int>(plan_.channels.size());
    plan::Channel channel;
    channel.name = plan_.partitions[static_cast<size_t>(from)].name + ".out";
    channel.category = category;
    channel.queueSize = queueSize;
    channel.maxBits = maxBits;
    channel.sender = plan::Endpoint{from, 0, addPort(from, plan::Direction::Out, category, c, -1), queueSize};
    for (size_t r = 0; r < to.size(); ++r)
      channel.receivers.push_back(
          {to[r], 0, addPort(to[r], plan::Direction::In, category, c, static_cast<int>(r)), queueSize});
    plan_.channels.push_back(channel);
    return c;
  }

  // The pacer's period queue for every partition; call after connect().
  void periodQueues() {
    for (size_t p = 0; p < plan_.partitions.size(); ++p) {
      plan::Channel q;
      q.name = plan_.partitions[p].name + ".period";
      q.role = plan::ChannelRole::PeriodQueue;
      q.category = plan::PortCategory::EventData;
      q.maxBits = 8;
      q.receivers.push_back({static_cast<int>(p), 0, -1, 1});
      plan_.partitions[p].periodChannel = static_cast<int>(plan_.channels.size());
      plan_.channels.push_back(q);
    }
  }

  // Slots of (domain, ticks); a tick is 1 ms, 4 ms under sanitizers, whose
  // slower partitions would otherwise miss windows this short.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  static constexpr std::int64_t kTickNs = 4'000'000;
#else
  static constexpr std::int64_t kTickNs = 1'000'000;
#endif
  void schedule(const std::vector<std::pair<int, int>>& slots) {
    plan_.schedule.clockPeriod = kTickNs;
    plan_.schedule.maxDomain = 8;
    std::int64_t start = 0;
    for (auto [domain, ms] : slots) {
      plan::ScheduleSlot s;
      s.domain = domain;
      s.ticks = static_cast<std::uint64_t>(ms);
      s.start = start;
      s.length = static_cast<std::int64_t>(ms) * kTickNs;
      start += s.length;
      plan_.schedule.slots.push_back(s);
    }
    plan_.schedule.framePeriod = start;
  }

  // The Plan with its pacer ticks resolved as plan/ resolves them.
  const plan::Plan& plan() const {
    resolved_ = plan_;
    resolved_.schedule.pacing = plan::pacingOf(resolved_.schedule, resolved_.pacerDomain, std::nullopt);
    plan::assignPacerTicks(resolved_);
    (void)plan::layOutChannels(resolved_);
    return resolved_;
  }

 private:
  int addPort(int partition, plan::Direction direction, plan::PortCategory category, int channel, int receiver) {
    auto& ports = plan_.partitions[static_cast<size_t>(partition)].threads[0].ports;
    plan::Port port;
    port.name = direction == plan::Direction::Out ? "write_port" : "read_port";
    port.direction = direction;
    port.category = category;
    port.channel = channel;
    port.receiverIndex = receiver;
    ports.push_back(port);
    return static_cast<int>(ports.size()) - 1;
  }

  plan::Plan plan_;
  mutable plan::Plan resolved_;
};

}  // namespace bulkhead::supervisor::testing
