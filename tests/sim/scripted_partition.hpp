#pragma once
// Hand-written partitions for the engine's tests and benchmark: in-memory
// channels with HAMR's event data queue arithmetic (design section 3) and
// a behaviour given as a lambda. The real partitions run the runtime's
// dispatcher (sim/runtime_partition_driver.hpp); these exist so the engine
// can be tested on its own.
#include "plan/plan.hpp"
#include "runtime/period_ticks.hpp"
#include "sim/partition_driver.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <deque>
#include <stdexcept>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::sim::testing {

// One byte-valued channel per Plan channel.
struct MemoryChannel {
  std::uint32_t queueSize = 1;
  std::uint64_t numSent = 0;
  std::vector<std::uint8_t> slots;  // queueSize + 1
  std::uint64_t numRecv = 0;        // the single receiver's cursor
};

class MemoryWorld {
 public:
  explicit MemoryWorld(const plan::Plan& plan) {
    for (const plan::Channel& c : plan.channels) {
      MemoryChannel m;
      m.queueSize = c.queueSize;
      m.slots.assign(c.queueSize + 1, 0);
      channels.push_back(m);
    }
  }
  void enqueue(int channel, std::uint8_t value) {
    MemoryChannel& c = channels[static_cast<std::size_t>(channel)];
    c.slots[c.numSent % c.slots.size()] = value;
    ++c.numSent;
  }
  struct Taken {
    std::optional<std::uint8_t> value;
    std::uint64_t sequence = 0;
    std::uint64_t dropped = 0;
  };
  Taken dequeue(int channel) {
    MemoryChannel& c = channels[static_cast<std::size_t>(channel)];
    std::uint64_t numNew = c.numSent - c.numRecv;
    if (numNew == 0) return {};
    std::uint64_t dropped = numNew > c.queueSize ? numNew - c.queueSize : 0;
    c.numRecv += dropped + 1;
    return {c.slots[(c.numRecv - 1) % c.slots.size()], c.numRecv - 1, dropped};
  }
  bool pending(int channel) const {
    const MemoryChannel& c = channels[static_cast<std::size_t>(channel)];
    return c.numSent != c.numRecv;
  }
  std::vector<MemoryChannel> channels;
};

class ScriptedPartition final : public PartitionDriver {
 public:
  using Behaviour = std::function<void(ScriptedPartition&)>;

  ScriptedPartition(const plan::Plan& plan, int index, MemoryWorld& world)
      : plan_(plan), index_(index), world_(world),
        partition_(plan.partitions[static_cast<std::size_t>(index)]) {}

  Behaviour onInitialise;
  Behaviour onDispatch;
  std::uint64_t dispatchCount = 0;

  // --- for behaviours: ports of thread 0 by name ----------------------
  void put(const std::string& port, std::uint8_t value) { puts_.emplace_back(portIndex(port), value); }
  std::optional<std::uint8_t> get(const std::string& port) const { return frozen_[static_cast<std::size_t>(portIndex(port))]; }
  std::uint64_t dropped(const std::string& port) const { return droppedAt_[static_cast<std::size_t>(portIndex(port))]; }

  // --- PartitionDriver: the runtime dispatcher's rules (ticks 1, 1+k,
  // 1+2k...; sporadic on input after the minimum inter-arrival) ---------
  std::expected<StepOutcome, SimError> initialise() override {
    activity_.clear();
    frozen_.assign(thread().ports.size(), std::nullopt);
    droppedAt_.assign(thread().ports.size(), 0);
    if (onInitialise) onInitialise(*this);
    publish();
    return StepOutcome{{}, activity_, std::nullopt};
  }
  void enqueueTick(std::uint8_t tick) override { world_.enqueue(partition_.periodChannel, tick); }
  std::expected<StepOutcome, SimError> step(Nanoseconds now) override {
    activity_.clear();
    sentBytes_.clear();
    dispatched_.clear();
    const plan::Thread& t = thread();
    bool due = false;
    if (t.dispatch == plan::DispatchProtocol::Periodic) {
      MemoryWorld::Taken tick = world_.dequeue(partition_.periodChannel);
      if (tick.value) {
        const auto k = static_cast<std::uint32_t>(t.period / plan_.schedule.framePeriod);
        const std::uint32_t w = partition_.ticksPerFrame;
        std::uint64_t before = ticks_;
        ticks_ += tick.dropped + 1;
        due = runtime::periodicDispatchesUpTo(ticks_, k, w) > runtime::periodicDispatchesUpTo(before, k, w);
      }
    } else if (hasPendingInput()) {
      due = !lastDispatch_ || now - *lastDispatch_ >= t.period;
    }
    if (due) {
      dispatchOnce();
      lastDispatch_ = now;
      dispatched_.push_back(0);
    }
    std::optional<Nanoseconds> nextDue;
    if (t.dispatch == plan::DispatchProtocol::Sporadic && hasPendingInput())
      nextDue = lastDispatch_ ? *lastDispatch_ + t.period : now;
    return StepOutcome{dispatched_, activity_, nextDue};
  }
  SimStatus finalise() override { return {}; }
  std::string describePorts() const override {
    std::string out;
    for (const plan::Port& p : thread().ports) {
      if (p.channel < 0) continue;
      const MemoryChannel& c = world_.channels[static_cast<std::size_t>(p.channel)];
      out += fmt::format("{}.{}: numSent {} numRecv {}\n", partition_.name, p.name, c.numSent, c.numRecv);
    }
    return out;
  }

 private:
  const plan::Thread& thread() const { return partition_.threads[0]; }
  bool hasPendingInput() const {
    for (const plan::Port& p : thread().ports)
      if (p.direction == plan::Direction::In && p.channel >= 0 && world_.pending(p.channel)) return true;
    return false;
  }
  void dispatchOnce() {
    ++dispatchCount;
    for (std::size_t i = 0; i < thread().ports.size(); ++i) {
      const plan::Port& p = thread().ports[i];
      frozen_[i].reset();
      droppedAt_[i] = 0;
      if (p.direction != plan::Direction::In || p.channel < 0) continue;
      MemoryWorld::Taken taken = world_.dequeue(p.channel);
      frozen_[i] = taken.value;
      droppedAt_[i] = taken.dropped;
      if (!recording()) continue;
      PortEvent e{index_, 0, static_cast<int>(i), p.channel, taken.sequence, 8, {}};
      if (taken.dropped) activity_.push_back({PortActivity::Kind::Dropped, e, taken.dropped});
      if (taken.value) {
        e.bytes = {&*frozen_[i], 1};
        activity_.push_back({PortActivity::Kind::Received, e, 0});
      }
    }
    if (onDispatch) onDispatch(*this);
    publish();
  }
  int portIndex(const std::string& name) const {
    for (std::size_t i = 0; i < thread().ports.size(); ++i)
      if (thread().ports[i].name == name) return static_cast<int>(i);
    throw std::invalid_argument("no port " + name);  // test code only
  }
  void publish() {
    for (auto [port, value] : puts_) {
      int channel = thread().ports[static_cast<std::size_t>(port)].channel;
      std::uint64_t sequence = world_.channels[static_cast<std::size_t>(channel)].numSent;
      world_.enqueue(channel, value);
      if (recording()) {
        sentBytes_.push_back(value);  // a deque: earlier elements keep their address
        activity_.push_back(
            {PortActivity::Kind::Sent, PortEvent{index_, 0, port, channel, sequence, 8, {&sentBytes_.back(), 1}}, 0});
      }
    }
    puts_.clear();
  }

  const plan::Plan& plan_;
  int index_;
  MemoryWorld& world_;
  std::vector<PortActivity> activity_;
  std::vector<int> dispatched_;
  std::deque<std::uint8_t> sentBytes_;
  std::uint64_t ticks_ = 0;
  std::optional<Nanoseconds> lastDispatch_;
  const plan::Partition& partition_;
  std::vector<std::pair<int, std::uint8_t>> puts_;
  std::vector<std::optional<std::uint8_t>> frozen_;
  std::vector<std::uint64_t> droppedAt_;
};

}  // namespace bulkhead::sim::testing
