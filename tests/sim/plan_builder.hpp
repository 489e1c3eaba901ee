#pragma once
// Plans written directly in tests and benchmarks (no AADL): partitions of
// one thread each, connections, and a schedule, with the indices the Plan
// cross-references (channels, endpoints, period queues) filled in.
#include "plan/channel_geometry.hpp"
#include "plan/pacing.hpp"
#include "plan/plan.hpp"
#include "tests/support/single_thread_partition.hpp"

#include <string>
#include <utility>
#include <vector>

namespace bulkhead::sim::testing {

inline constexpr plan::Nanoseconds ms = 1'000'000;

class PlanBuilder {
 public:
  explicit PlanBuilder(plan::Nanoseconds framePeriod, plan::Nanoseconds clockPeriod = 2 * ms) {
    plan_.system = "test.impl";
    plan_.schedule.framePeriod = framePeriod;
    plan_.schedule.clockPeriod = clockPeriod;
    plan_.schedule.source = "test";
  }

  PlanBuilder& slot(int domain, plan::Nanoseconds length) {
    plan::ScheduleSlot s;
    s.domain = domain;
    s.length = length;
    s.start = next_;
    s.ticks = static_cast<std::uint64_t>(length / plan_.schedule.clockPeriod);
    next_ += length;
    plan_.schedule.slots.push_back(s);
    if (domain > plan_.schedule.maxDomain) plan_.schedule.maxDomain = domain;
    return *this;
  }

  // A partition with one thread; returns its index. Ports are added with port().
  int partition(std::string name, int domain, plan::DispatchProtocol dispatch, plan::Nanoseconds period,
                plan::Nanoseconds executionTime) {
    plan::Partition p = bulkhead::testing::singleThreadPartition(name, domain);
    plan::Thread& t = p.threads[0];
    t.dispatch = dispatch;
    t.period = period;
    t.computeExecutionTime = executionTime;
    if (dispatch == plan::DispatchProtocol::Periodic) {
      plan::Channel c;
      c.name = name + ".period";
      c.role = plan::ChannelRole::PeriodQueue;
      c.maxBits = 8;
      c.receivers.push_back({static_cast<int>(plan_.partitions.size()), -1, -1, 1});
      p.periodChannel = static_cast<int>(plan_.channels.size());
      plan_.channels.push_back(c);
    }
    plan_.partitions.push_back(p);
    return static_cast<int>(plan_.partitions.size()) - 1;
  }

  // Connects an out port of `from` to an in port of `to` (new ports named
  // as given), one channel; returns the channel index.
  int connect(int from, std::string outName, int to, std::string inName, plan::PortCategory category,
              std::uint32_t queueSize = 1, std::uint64_t maxBits = 8) {
    int channel = static_cast<int>(plan_.channels.size());
    plan::Channel c;
    c.name = plan_.partitions[static_cast<std::size_t>(from)].name + "." + outName;
    c.category = category;
    c.queueSize = queueSize;
    c.maxBits = category == plan::PortCategory::Event ? 0 : maxBits;
    plan::Port out;
    out.name = std::move(outName);
    out.direction = plan::Direction::Out;
    out.category = category;
    out.channel = channel;
    auto& outPorts = plan_.partitions[static_cast<std::size_t>(from)].threads[0].ports;
    c.sender = plan::Endpoint{from, 0, static_cast<int>(outPorts.size()), 1};
    outPorts.push_back(out);
    plan::Port in;
    in.name = std::move(inName);
    in.direction = plan::Direction::In;
    in.category = category;
    in.queueSize = queueSize;
    in.channel = channel;
    in.receiverIndex = 0;
    auto& inPorts = plan_.partitions[static_cast<std::size_t>(to)].threads[0].ports;
    c.receivers.push_back({to, 0, static_cast<int>(inPorts.size()), queueSize});
    inPorts.push_back(in);
    plan_.channels.push_back(c);
    return channel;
  }

  // The Plan with its pacer ticks resolved as plan/ resolves them.
  plan::Plan build() const {
    plan::Plan plan = plan_;
    plan.schedule.pacing = plan::pacingOf(plan.schedule, plan.pacerDomain, std::nullopt);
    plan::assignPacerTicks(plan);
    (void)plan::layOutChannels(plan);
    return plan;
  }

 private:
  plan::Plan plan_;
  plan::Nanoseconds next_ = 0;
};

// The both_vm schedule (Frame_Period 1000 ms, 500 ticks of 2 ms); partitions
// and connections are the caller's.
inline PlanBuilder bothVmSchedule() {
  PlanBuilder b(1000 * ms);
  b.slot(0, 160 * ms).slot(1, 10 * ms).slot(0, 10 * ms).slot(2, 400 * ms).slot(0, 10 * ms).slot(3, 400 * ms).slot(0, 10 * ms);
  return b;
}

}  // namespace bulkhead::sim::testing
