#include "supervisor/domain_timeline.hpp"

#include <cmath>
#include <set>

namespace bulkhead::supervisor {

std::expected<DomainTimeline, std::string> makeTimeline(const plan::Plan& plan, double timeScale) {
  if (!(timeScale > 0) || !std::isfinite(timeScale))
    return std::unexpected("--time-scale must be a positive number");
  const auto& schedule = plan.schedule;
  if (schedule.slots.empty()) return std::unexpected("the domain schedule has no slots");
  DomainTimeline timeline;
  std::int64_t offset = 0;  // unscaled
  std::set<int> scheduledDomains;
  for (size_t i = 0; i < schedule.slots.size(); ++i) {
    const auto& slot = schedule.slots[i];
    // A hand-built Plan may give only ticks.
    std::int64_t length = slot.length > 0 ? slot.length : static_cast<std::int64_t>(slot.ticks) * schedule.clockPeriod;
    if (length <= 0) return std::unexpected("slot " + std::to_string(i) + " of the domain schedule has no length");
    TimedSlot timed;
    timed.domain = slot.domain;
    timed.start = std::llround(static_cast<double>(offset) * timeScale);
    offset += length;
    timed.length = std::llround(static_cast<double>(offset) * timeScale) - timed.start;
    if (timed.length <= 0) return std::unexpected("--time-scale makes slot " + std::to_string(i) + " empty");
    timed.pacer = slot.domain == plan.pacerDomain;
    for (size_t p = 0; p < plan.partitions.size(); ++p)
      if (plan.partitions[p].domain == slot.domain) timed.partitions.push_back(static_cast<int>(p));
    scheduledDomains.insert(slot.domain);
    timeline.slots.push_back(std::move(timed));
  }
  // The pacer ticks once per frame: at its first slot, or at the frame
  // start when the schedule gives it none (no VM partitions).
  bool pacerSeen = false;
  for (auto& slot : timeline.slots) {
    if (slot.pacer && pacerSeen) slot.pacer = false;
    pacerSeen = pacerSeen || slot.pacer;
  }
  if (!pacerSeen) timeline.slots.front().pacer = true;
  timeline.frame = std::llround(static_cast<double>(offset) * timeScale);
  for (const auto& p : plan.partitions)
    if (!scheduledDomains.contains(p.domain))
      return std::unexpected("partition " + p.name + " is in domain " + std::to_string(p.domain) +
                             ", which has no window in the domain schedule");
  return timeline;
}

}  // namespace bulkhead::supervisor
