#include "supervisor/schedule_walk.hpp"

#include "supervisor/realtime.hpp"

#include <algorithm>

namespace bulkhead::supervisor {

ScheduleWalk::ScheduleWalk(const DomainTimeline& timeline, const std::vector<std::unique_ptr<PartitionHost>>& hosts,
                           std::vector<int> domainOf, HealthMonitor& health, Pacer& pacer, trace::RunTrace* trace,
                           ReleaseLog& log, Console& console, const std::atomic<bool>& stopRequested,
                           SaturationSink saturated, NodeHooks* node)
    : timeline_(timeline), hosts_(hosts), domainOf_(std::move(domainOf)), running_(hosts.size(), false),
      owedTick_(hosts.size()),
      starvation_(hosts), health_(health), pacer_(pacer), trace_(trace), log_(log), console_(console), stopRequested_(stopRequested),
      saturated_(std::move(saturated)), node_(node) {
  stoppedNow_.reserve(hosts.size());
  releasedNow_.reserve(hosts.size());
}

std::optional<std::int64_t> ScheduleWalk::origin() {
  const std::int64_t proposed = base::monotonicNow() + 2'000'000;  // a little lead for the first release
  if (!node_) return proposed;
  auto agreed = node_->agreeOrigin(proposed);
  if (agreed) return *agreed;
  console_.report(agreed.error());
  health_.countFault();
  return std::nullopt;
}

void ScheduleWalk::run(std::optional<std::uint64_t> frames) {
  const auto slots = timeline_.slots.size();
  if (frames) log_.reserve(*frames * slots);
  const auto start = origin();
  if (!start) return;
  auto planned = [&](std::uint64_t frame, std::int64_t offset) {
    return *start + static_cast<std::int64_t>(frame) * timeline_.frame + offset + slip_;
  };
  std::uint64_t frame = node_ ? node_->firstFrame() : 0;
  bool stopped = false;
  for (; !stopped && (!frames || frame < *frames); ++frame) {
    for (std::size_t s = 0; s < slots && !stopped; ++s) {
      sleepUntil(planned(frame, timeline_.slots[s].start), stopRequested_);
      stopped = stopRequested_.load();
      if (!stopped) startSlot(frame, s, planned(frame, timeline_.slots[s].start));
    }
    if (!stopped && health_.allEnded(static_cast<int>(hosts_.size()))) {
      console_.report("every partition has ended; stopping the schedule");
      break;
    }
  }
  if (!stopped) sleepUntil(planned(frame, 0), stopRequested_);  // the last frame's end
  if (node_) node_->finish(frame);
  Release end;
  end.frame = static_cast<std::uint32_t>(frame);
  end.released = end.stopped = base::monotonicNow();
  for (std::size_t i = 0; i < hosts_.size(); ++i)
    if (running_[i]) {
      hosts_[i]->freeze();
      if (trace_) trace_->stopped(static_cast<int>(i), base::monotonicNow());
      running_[i] = false;
      owedTick_[i] = pacer_.lastTickTo(static_cast<int>(i));
      stoppedNow_.push_back(static_cast<int>(i));
    }
  watchStarvation(end);
  log_.setStarvationMeasured(starvation_.measured());
}

void ScheduleWalk::startSlot(std::uint64_t frame, std::size_t s, std::int64_t planned) {
  const auto& slot = timeline_.slots[s];
  Release r;
  r.woke = base::monotonicNow();
  r.planned = planned;
  r.frame = static_cast<std::uint32_t>(frame + 1);
  r.slot = static_cast<std::uint16_t>(s);
  r.domain = static_cast<std::int16_t>(slot.domain);
  r.slip = slip_;
  stopOtherDomains(slot.domain, r);
  r.stopped = base::monotonicNow();
  if (node_) node_->atSlot(frame, s);
  if (!slot.paced.empty()) {
    const std::uint8_t tick = pacer_.tick(slot.paced);
    if (trace_) trace_->pacerTick(base::monotonicNow(), tick);
    for (int p : pacer_.takeSaturated()) saturated_(p, "its period queue's");
  }
  // Before any release: the trace must know a window before it sees what
  // the partition did in it.
  if (trace_) trace_->slot(frame, static_cast<int>(s), planned, slot.length);
  if (fanOut_)
    for (int i : stoppedNow_) fanOut_->relayFrom(i);
  releaseSlot(slot, frame, frame * timeline_.slots.size() + s + 1, r);
  r.released = base::monotonicNow();
  log_.add(r);
  slipIfLate(slot, planned, r.released);
  watchStarvation(r);
}

void ScheduleWalk::watchStarvation(const Release& release) {
  for (int i : stoppedNow_) {
    auto starved = starvation_.stopped(i, release.stopped);
    if (starved) {
      log_.addStarved(*starved);
      console_.report("starved: " + describe(*starved, hosts_[static_cast<std::size_t>(i)]->name()));
    }
    // Its window's frame: it is not released again at the boundary that stopped it.
    if (windowJudged_)
      windowJudged_(EndedWindow{i, health_.lastFrame(i), starved.has_value(), owedTick_[static_cast<std::size_t>(i)]});
  }
  for (int i : releasedNow_) starvation_.released(i, release.frame, release.released);
  stoppedNow_.clear();
  releasedNow_.clear();
}

void ScheduleWalk::slipIfLate(const TimedSlot& slot, std::int64_t planned, std::int64_t released) {
  if (node_) return;
  const std::int64_t late = released - planned;
  if (late > std::min(kReleaseTolerance, slot.length / 4)) slip_ += late;
}

void ScheduleWalk::stopOtherDomains(int domain, Release& release) {
  for (std::size_t i = 0; i < hosts_.size(); ++i)
    if (running_[i] && domainOf_[i] != domain) {
      hosts_[i]->freeze();
      // The window as it happened ends here, however late (trace/run_trace.hpp).
      if (trace_) trace_->stopped(static_cast<int>(i), base::monotonicNow());
      running_[i] = false;
      // Before this boundary's tick: what it owed by the end of its window.
      owedTick_[i] = pacer_.lastTickTo(static_cast<int>(i));
      ++release.stops;
      stoppedNow_.push_back(static_cast<int>(i));
      if (windowEnded_) windowEnded_(static_cast<int>(i));
    }
}

void ScheduleWalk::releaseSlot(const TimedSlot& slot, std::uint64_t frame, std::uint64_t window, Release& release) {
  for (int i : slot.partitions) {
    const auto index = static_cast<std::size_t>(i);
    // One that ended in its latest window stays there (its end is reported
    // in that window's frame) even before the I/O thread collects it.
    if (running_[index] || health_.ended(i) || hosts_[index]->hasExited()) continue;
    health_.released(i, frame + 1);
    if (trace_) trace_->released(i, window, base::monotonicNow());
    hosts_[index]->thaw();
    running_[index] = true;
    ++release.releases;
    releasedNow_.push_back(i);
  }
}

}  // namespace bulkhead::supervisor
