#include "sim/simulator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace bulkhead::sim {

std::expected<Simulator, SimError> Simulator::create(const plan::Plan& plan,
                                                      std::vector<PartitionDriver*> drivers,
                                                      SimObserver* observer) {
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

  Simulator sim(plan, observer);
  sim.partitions_.resize(plan.partitions.size());
  for (std::size_t p = 0; p < plan.partitions.size(); ++p) {
    const plan::Partition& partition = plan.partitions[p];
    PartitionState& state = sim.partitions_[p];
    if (!drivers[p]) return simError(fmt::format("partition {} has no driver", partition.name));
    state.driver = drivers[p];
    state.driver->setRecording(observer != nullptr);
    state.paced = partition.periodChannel >= 0;
    for (const plan::Thread& thread : partition.threads) {
      if (thread.dispatch == plan::DispatchProtocol::Periodic) {
        if (thread.period <= 0 || thread.period % schedule.framePeriod != 0)
          return simError(fmt::format(
              "periodic thread {} has Period {} ns, not a positive multiple of Frame_Period {} ns",
              thread.instanceName, thread.period, schedule.framePeriod));
        if (!state.paced)
          return simError(fmt::format("periodic thread {} is in partition {}, which has no period queue",
                                      thread.instanceName, partition.name));
      }
      if (thread.dispatch == plan::DispatchProtocol::Sporadic) state.sporadic = true;
      state.executionTime.push_back(std::max<Nanoseconds>(thread.computeExecutionTime, 0));
    }
  }
  sim.slotPartitions_.resize(schedule.slots.size());
  for (std::size_t s = 0; s < schedule.slots.size(); ++s) {
    for (std::size_t p = 0; p < plan.partitions.size(); ++p)
      if (plan.partitions[p].domain == schedule.slots[s].domain)
        sim.slotPartitions_[s].push_back(static_cast<int>(p));
    for (int p : schedule.slots[s].paced)
      if (p < 0 || static_cast<std::size_t>(p) >= plan.partitions.size() || !sim.partitions_[static_cast<std::size_t>(p)].paced)
        return simError(fmt::format("slot {} of the domain schedule paces partition {}, which has no period queue", s, p));
  }
  return sim;
}

void Simulator::setObserver(SimObserver* observer) {
  observer_ = observer;
  for (PartitionState& p : partitions_) p.driver->setRecording(observer != nullptr);
}

SimStatus Simulator::initialise() {
  for (std::size_t p = 0; p < partitions_.size(); ++p) {
    auto outcome = partitions_[p].driver->initialise();
    if (!outcome) return std::unexpected(outcome.error());
    if (observer_)
      for (const PortActivity& a : outcome->activity)
        if (a.kind == PortActivity::Kind::Sent) observer_->sent(0, a.event);
  }
  return {};
}

SimStatus Simulator::finalise() {
  for (PartitionState& p : partitions_)
    if (auto status = p.driver->finalise(); !status) return status;
  return {};
}

SimStatus Simulator::runFrames(std::uint64_t frames) {
  const plan::DomainSchedule& schedule = plan_->schedule;
  for (std::uint64_t n = 0; n < frames && !stopped_; ++n) {
    Nanoseconds frameStart = static_cast<Nanoseconds>(frame_) * schedule.framePeriod;
    for (int s = 0; s < static_cast<int>(schedule.slots.size()) && !stopped_; ++s)
      if (auto status = runSlot(s, frameStart); !status) return status;
    if (stopped_) break;  // a partial frame does not count
    ++frame_;
    now_ = frameStart + schedule.framePeriod;
  }
  return {};
}

void Simulator::tickPacer(Nanoseconds at, const std::vector<int>& partitions) {
  ++tick_;  // 8 bits: wraps after 255 like the pacer's Integer_8 tick
  if (observer_) observer_->pacerTick(at, tick_);
  for (int p : partitions) partitions_[static_cast<std::size_t>(p)].driver->enqueueTick(tick_);
}

SimStatus Simulator::runSlot(int s, Nanoseconds frameStart) {
  const plan::ScheduleSlot& slot = plan_->schedule.slots[static_cast<std::size_t>(s)];
  SlotInfo info{frame_, s, slot.domain, frameStart + slot.start, slot.length};
  now_ = info.start;
  if (observer_) observer_->slotBegin(info);
  if (!slot.paced.empty()) tickPacer(info.start, slot.paced);
  const std::vector<int>& partitions = slotPartitions_[static_cast<std::size_t>(s)];
  if (!partitions.empty())
    if (auto status = runWindow(partitions, info.start, info.start + info.length); !status) return status;
  now_ = info.start + info.length;
  if (observer_ && !observer_->slotEnd(info)) stopped_ = true;
  return {};
}

SimStatus Simulator::runWindow(const std::vector<int>& partitions, Nanoseconds start, Nanoseconds end) {
  Nanoseconds t = start;
  std::uint64_t inWindow = 0;
  bool firstRound = true;
  while (t < end) {
    bool progressed = false;
    bool anySporadic = false;
    Nanoseconds next = std::numeric_limits<Nanoseconds>::max();
    for (int p : partitions) {
      if (t >= end) break;
      PartitionState& state = partitions_[static_cast<std::size_t>(p)];
      anySporadic = anySporadic || state.sporadic;
      if (!firstRound && !state.sporadic) continue;
      now_ = t;
      auto outcome = state.driver->step(t);
      if (!outcome) return std::unexpected(outcome.error());
      if (!outcome->dispatched.empty()) {
        progressed = true;
        inWindow += outcome->dispatched.size();
        t += account(p, *outcome, t, end);
        if (inWindow > windowDispatchLimit_)
          return simError(fmt::format(
              "more than {} dispatches in one window of domain {} at {} ns: sporadic threads with zero "
              "Compute_Execution_Time and minimum inter-arrival keep triggering each other",
              windowDispatchLimit_, plan_->partitions[static_cast<std::size_t>(p)].domain, start));
      } else if (outcome->nextDue && *outcome->nextDue > t) {
        next = std::min(next, *outcome->nextDue);
      }
    }
    firstRound = false;
    if (!anySporadic) break;
    if (progressed) continue;
    // A whole round without a dispatch: only a minimum inter-arrival can
    // make something ready later in this window.
    if (next >= end) break;
    t = next;
  }
  now_ = std::max(t, start);
  return {};
}

Nanoseconds Simulator::account(int p, const StepOutcome& outcome, Nanoseconds at, Nanoseconds windowEnd) {
  PartitionState& state = partitions_[static_cast<std::size_t>(p)];
  dispatches_ += outcome.dispatched.size();
  Nanoseconds t = at;
  if (!observer_) {
    for (int thread : outcome.dispatched) t += state.executionTime[static_cast<std::size_t>(thread)];
    return t - at;
  }
  // The dispatcher ran the threads one after another: lay them out so, each
  // with what it received at its start and sent at its end.
  for (int thread : outcome.dispatched) {
    Nanoseconds finish = t + state.executionTime[static_cast<std::size_t>(thread)];
    observer_->dispatchBegin(t, p, thread);
    for (const PortActivity& a : outcome.activity) {
      if (a.event.thread != thread) continue;
      switch (a.kind) {
        case PortActivity::Kind::Dropped: observer_->dropped(t, a.event, a.dropped); break;
        case PortActivity::Kind::Received: observer_->received(t, a.event); break;
        case PortActivity::Kind::Sent: observer_->sent(finish, a.event); break;
      }
    }
    observer_->dispatchEnd(finish, p, thread);
    if (finish > windowEnd) observer_->overrun(finish, p, thread);
    t = finish;
  }
  return t - at;
}

}  // namespace bulkhead::sim
