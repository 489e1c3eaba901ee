#include "plan/pacing.hpp"

#include <algorithm>
#include <map>
#include <vector>

namespace bulkhead::plan {

Pacing pacingOf(const DomainSchedule& schedule, int pacerDomain, std::optional<Pacing> declared) {
  if (declared) return *declared;
  bool pacerWindow = std::any_of(schedule.slots.begin(), schedule.slots.end(),
                                 [pacerDomain](const ScheduleSlot& s) { return s.domain == pacerDomain; });
  return pacerWindow ? Pacing::Pacer : Pacing::SelfPacing;
}

void assignPacerTicks(Plan& plan) {
  auto& slots = plan.schedule.slots;
  for (ScheduleSlot& slot : slots) slot.paced.clear();
  for (Partition& p : plan.partitions) p.ticksPerFrame = 0;
  const size_t n = slots.size();
  // The partitions with a period queue, by domain, in Plan order: found once,
  // not by a scan of every partition per slot (slots x partitions).
  std::map<int, std::vector<int>> periodicByDomain;
  for (size_t p = 0; p < plan.partitions.size(); ++p)
    if (plan.partitions[p].periodChannel >= 0)
      periodicByDomain[plan.partitions[p].domain].push_back(static_cast<int>(p));
  const std::vector<int> none;
  auto periodicIn = [&](int domain) -> const std::vector<int>& {
    auto it = periodicByDomain.find(domain);
    return it == periodicByDomain.end() ? none : it->second;
  };
  auto isPacerSlot = [&](size_t s) { return slots[s].domain == plan.pacerDomain; };
  bool pacerWindow = false;
  for (size_t s = 0; s < n; ++s) pacerWindow = pacerWindow || isPacerSlot(s);

  if (plan.schedule.pacing == Pacing::SelfPacing || !pacerWindow) {
    // No pacer slot to tick from (a paced schedule without one is rejected by
    // checkSchedule): each window ticks its own domain's partitions.
    if (plan.schedule.pacing == Pacing::SelfPacing)
      for (size_t s = 0; s < n; ++s) slots[s].paced = periodicIn(slots[s].domain);
  } else {
    for (size_t s = 0; s < n; ++s) {
      if (!isPacerSlot(s)) continue;
      // The windows after this pacer slot up to the next one, cyclically.
      std::vector<int> paced;
      for (size_t k = 1; k < n; ++k) {
        size_t t = (s + k) % n;
        if (isPacerSlot(t)) break;
        const std::vector<int>& periodic = periodicIn(slots[t].domain);
        paced.insert(paced.end(), periodic.begin(), periodic.end());
      }
      std::sort(paced.begin(), paced.end());
      paced.erase(std::unique(paced.begin(), paced.end()), paced.end());
      slots[s].paced = std::move(paced);
    }
  }
  for (const ScheduleSlot& slot : slots)
    for (int p : slot.paced) ++plan.partitions[static_cast<size_t>(p)].ticksPerFrame;
  // A partition that is never ticked keeps 1 so that the runtime's arithmetic
  // stays defined; the schedule checks report why it is never ticked.
  for (Partition& p : plan.partitions)
    if (p.ticksPerFrame == 0) p.ticksPerFrame = 1;
}

}  // namespace bulkhead::plan
