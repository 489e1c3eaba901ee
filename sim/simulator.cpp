#include "sim/simulator.hpp"

#include <fmt/format.h>

#include <limits>

namespace bulkhead::sim {

namespace {

std::unexpected<SimError> simError(std::string message) { return std::unexpected(SimError{std::move(message)}); }

}  // namespace

std::expected<Simulator, SimError> Simulator::create(const plan::Plan& plan,
                                                      std::vector<PartitionDriver*> drivers,
                                                      SimContext& context) {
  const plan::DomainSchedule& schedule = plan.schedule;
  if (schedule.framePeriod <= 0)
    return simError(fmt::format("the domain schedule's Frame_Period is {} ns; it must be positive",
                                schedule.framePeriod));
  if (schedule.slots.empty()) return simError("the domain schedule has no slots");
  Nanoseconds sum = 0;
  for (const plan::ScheduleSlot& slot : schedule.slots) {
    if (slot.length <= 0)
      return simError(fmt::format("a slot of domain {} has length {} ns; it must be positive",
                                  slot.domain, slot.length));
    sum += slot.length;
  }
  if (sum != schedule.framePeriod)
    return simError(fmt::format("the domain schedule's slots sum to {} ns, not Frame_Period {} ns", sum,
                                schedule.framePeriod));
  if (drivers.size() != plan.partitions.size())
    return simError(fmt::format("{} partition drivers given for {} partitions", drivers.size(),
                                plan.partitions.size()));

  Simulator sim(plan, context);
  sim.partitions_.resize(plan.partitions.size());
  for (std::size_t p = 0; p < plan.partitions.size(); ++p) {
    const plan::Partition& partition = plan.partitions[p];
    PartitionState& state = sim.partitions_[p];
    if (!drivers[p]) return simError(fmt::format("partition {} has no driver", partition.name));
    state.driver = drivers[p];
    state.paced = partition.periodChannel >= 0;
    for (const plan::Thread& thread : partition.threads) {
      ThreadState ts;
      ts.periodic = thread.dispatch == plan::DispatchProtocol::Periodic;
      ts.executionTime = thread.computeExecutionTime;
      if (ts.periodic) {
        if (thread.period <= 0 || thread.period % schedule.framePeriod != 0)
          return simError(fmt::format(
              "periodic thread {} has Period {} ns, not a positive multiple of Frame_Period {} ns",
              thread.instanceName, thread.period, schedule.framePeriod));
        if (!state.paced)
          return simError(fmt::format("periodic thread {} is in partition {}, which has no period queue",
                                      thread.instanceName, partition.name));
        ts.everyTicks = static_cast<std::uint64_t>(thread.period / schedule.framePeriod);
      } else {
        ts.minInterArrival = thread.period;
        state.hasSporadic = true;
      }
      state.threads.push_back(ts);
    }
  }
  sim.slotPartitions_.resize(schedule.slots.size());
  for (std::size_t s = 0; s < schedule.slots.size(); ++s) {
    for (std::size_t p = 0; p < plan.partitions.size(); ++p)
      if (plan.partitions[p].domain == schedule.slots[s].domain)
        sim.slotPartitions_[s].push_back(static_cast<int>(p));
    if (sim.pacerSlot_ < 0 && schedule.slots[s].domain == plan.pacerDomain) sim.pacerSlot_ = static_cast<int>(s);
  }
  return sim;
}

SimStatus Simulator::initialise() {
  context_->dispatchStart = context_->dispatchEnd = 0;
  for (PartitionState& p : partitions_)
    if (auto status = p.driver->initialise(); !status) return status;
  return {};
}

SimStatus Simulator::finalise() {
  context_->dispatchStart = context_->dispatchEnd = now_;
  for (PartitionState& p : partitions_)
    if (auto status = p.driver->finalise(); !status) return status;
  return {};
}

SimStatus Simulator::runFrames(std::uint64_t frames) {
  const plan::DomainSchedule& schedule = plan_->schedule;
  for (std::uint64_t n = 0; n < frames && !stopped_; ++n) {
    Nanoseconds frameStart = static_cast<Nanoseconds>(frame_) * schedule.framePeriod;
    if (pacerSlot_ < 0) tickPacer(frameStart);
    for (int s = 0; s < static_cast<int>(schedule.slots.size()) && !stopped_; ++s)
      if (auto status = runSlot(s, frameStart); !status) return status;
    if (stopped_) break;  // a partial frame does not count
    ++frame_;
    now_ = frameStart + schedule.framePeriod;
  }
  return {};
}

void Simulator::tickPacer(Nanoseconds at) {
  ++tick_;  // 8-bit: wraps after 255 like the pacer's Integer_8 tick
  if (context_->observer) context_->observer->pacerTick(at, tick_);
  for (PartitionState& p : partitions_)
    if (p.paced) p.driver->enqueueTick(tick_);
}

SimStatus Simulator::runSlot(int s, Nanoseconds frameStart) {
  const plan::ScheduleSlot& slot = plan_->schedule.slots[static_cast<std::size_t>(s)];
  SlotInfo info{frame_, s, slot.domain, frameStart + slot.start, slot.length};
  now_ = info.start;
  SimObserver* observer = context_->observer;
  if (observer) observer->slotBegin(info);
  if (s == pacerSlot_) tickPacer(info.start);
  const std::vector<int>& partitions = slotPartitions_[static_cast<std::size_t>(s)];
  if (!partitions.empty())
    if (auto status = runWindow(partitions, info.start, info.start + info.length); !status) return status;
  now_ = info.start + info.length;
  if (observer && !observer->slotEnd(info)) stopped_ = true;
  return {};
}

SimStatus Simulator::runWindow(const std::vector<int>& partitions, Nanoseconds start, Nanoseconds end) {
  // The window opens: each paced partition wakes on its period queue.
  for (int p : partitions) {
    PartitionState& state = partitions_[static_cast<std::size_t>(p)];
    if (!state.paced || !state.driver->takeTick()) continue;
    ++state.ticksTaken;
    for (ThreadState& t : state.threads)
      if (t.periodic && state.ticksTaken % t.everyTicks == 0) t.due = true;
  }
  Nanoseconds t = start;
  std::uint64_t inWindow = 0;
  while (t < end) {
    bool progressed = false;
    for (int p : partitions) {
      PartitionState& state = partitions_[static_cast<std::size_t>(p)];
      for (std::size_t i = 0; i < state.threads.size() && t < end; ++i) {
        ThreadState& th = state.threads[i];
        bool ready;
        if (th.periodic)
          ready = th.due;
        else
          ready = (!th.everDispatched || t >= th.lastDispatch + th.minInterArrival) &&
                  state.driver->hasPendingInput(static_cast<int>(i));
        if (!ready) continue;
        th.due = false;
        th.everDispatched = true;
        th.lastDispatch = t;
        if (auto status = dispatch(p, static_cast<int>(i), t, end); !status) return status;
        t += th.executionTime;
        progressed = true;
        if (++inWindow > windowDispatchLimit_)
          return simError(fmt::format(
              "more than {} dispatches in one window of domain {} at {} ns: sporadic threads with zero "
              "Compute_Execution_Time and minimum inter-arrival keep triggering each other",
              windowDispatchLimit_, plan_->partitions[static_cast<std::size_t>(p)].domain, start));
      }
    }
    if (progressed) continue;
    // Nothing ready now: jump to the earliest end of a minimum inter-arrival
    // that holds back a sporadic thread with input, if it is in the window.
    Nanoseconds next = std::numeric_limits<Nanoseconds>::max();
    for (int p : partitions) {
      PartitionState& state = partitions_[static_cast<std::size_t>(p)];
      if (!state.hasSporadic) continue;
      for (std::size_t i = 0; i < state.threads.size(); ++i) {
        const ThreadState& th = state.threads[i];
        if (th.periodic || !th.everDispatched) continue;
        Nanoseconds eligible = th.lastDispatch + th.minInterArrival;
        if (eligible > t && eligible < next && state.driver->hasPendingInput(static_cast<int>(i)))
          next = eligible;
      }
    }
    if (next >= end) break;
    t = next;
  }
  return {};
}

SimStatus Simulator::dispatch(int p, int thread, Nanoseconds at, Nanoseconds windowEnd) {
  PartitionState& state = partitions_[static_cast<std::size_t>(p)];
  Nanoseconds finish = at + state.threads[static_cast<std::size_t>(thread)].executionTime;
  now_ = at;
  context_->dispatchStart = at;
  context_->dispatchEnd = finish;
  SimObserver* observer = context_->observer;
  if (observer) observer->dispatchBegin(at, p, thread);
  SimStatus status = state.driver->dispatch(thread);
  ++dispatches_;
  if (observer) {
    observer->dispatchEnd(finish, p, thread);
    if (finish > windowEnd) observer->overrun(finish, p, thread);
  }
  if (!status) return status;
  now_ = finish;
  return {};
}

}  // namespace bulkhead::sim
