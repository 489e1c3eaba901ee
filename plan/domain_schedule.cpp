#include "plan/domain_schedule.hpp"

#include "plan/time_text.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace bulkhead::plan {

namespace {

constexpr Nanoseconds ms = 1'000'000;

std::uint64_t ticksCeil(Nanoseconds length, Nanoseconds clockPeriod) {
  return static_cast<std::uint64_t>((length + clockPeriod - 1) / clockPeriod);
}

// A schedule file may hold absurd lengths; times saturate instead of
// overflowing, and the sum check still reports them.
constexpr Nanoseconds maxTime = std::numeric_limits<Nanoseconds>::max();

Nanoseconds saturatingAdd(Nanoseconds a, Nanoseconds b) { return a > maxTime - b ? maxTime : a + b; }

Nanoseconds ticksToTime(std::uint64_t ticks, Nanoseconds clockPeriod) {
  if (ticks > static_cast<std::uint64_t>(maxTime / clockPeriod)) return maxTime;
  return static_cast<Nanoseconds>(ticks) * clockPeriod;
}

// Fills start and length from ticks.
void placeSlots(DomainSchedule& schedule) {
  Nanoseconds start = 0;
  for (ScheduleSlot& slot : schedule.slots) {
    slot.start = start;
    slot.length = ticksToTime(slot.ticks, schedule.clockPeriod);
    start = saturatingAdd(start, slot.length);
  }
}

std::string quoted(const std::string& name) { return "'" + name + "'"; }

std::string domainOwner(int domain, int pacerDomain) {
  if (domain == supervisorDomain) return "the supervisor's";
  if (domain == pacerDomain) return "the pacer's";
  return "";
}

Diagnostic withNote(Diagnostic error, SourceLocation where, std::string message) {
  error.notes.push_back(makeNote(std::move(where), std::move(message)));
  return error;
}

}  // namespace

std::expected<DomainSchedule, Diagnostic> scheduleFromSource(const ScheduleSource& source, const ScheduleTiming& timing) {
  DomainSchedule schedule;
  schedule.clockPeriod = timing.clockPeriod;
  schedule.framePeriod = timing.framePeriod;
  schedule.maxDomain = timing.maxDomain;
  schedule.source = source.file;
  for (const ScheduleSourceSlot& s : source.slots) {
    // Out-of-range values are kept recognisable for the checks: a domain
    // that does not fit an int becomes -1, a negative length 0 ticks.
    ScheduleSlot slot;
    slot.domain = s.domain >= 0 && s.domain <= 1'000'000 ? static_cast<int>(s.domain) : -1;
    std::int64_t ticks = s.length;
    if (source.unit != LengthUnit::Ticks && s.length > 0) {
      const Nanoseconds perUnit = source.unit == LengthUnit::Milliseconds ? ms : 1;
      const Nanoseconds length = s.length > maxTime / perUnit ? maxTime : s.length * perUnit;
      if (length != maxTime && length % timing.clockPeriod != 0)
        return std::unexpected(makeError(s.lengthLocation, "a slot of " + millisecondsText(length) +
                                                               " is not a whole number of Clock_Period ticks (" +
                                                               millisecondsText(timing.clockPeriod) + ")"));
      ticks = length / timing.clockPeriod;
    }
    slot.ticks = ticks > 0 ? static_cast<std::uint64_t>(ticks) : 0;
    schedule.slots.push_back(slot);
  }
  placeSlots(schedule);
  return schedule;
}

std::expected<DomainSchedule, Diagnostic> defaultSchedule(const ScheduleTiming& timing,
                                                          const std::vector<PartitionDemand>& partitions,
                                                          int pacerDomain) {
  const Nanoseconds clock = timing.clockPeriod;
  std::map<int, Nanoseconds> demandByDomain;  // ascending domains
  for (const PartitionDemand& p : partitions) demandByDomain[p.domain] += p.demand > 0 ? p.demand : 10 * ms;

  std::uint64_t windowTicks = 0;
  for (const auto& [domain, demand] : demandByDomain) windowTicks += ticksCeil(demand, clock);
  const std::uint64_t separators = demandByDomain.size();
  const std::uint64_t frameTicks = static_cast<std::uint64_t>(timing.framePeriod / clock);
  std::uint64_t lead = ticksCeil(200 * ms, clock), pacer = ticksCeil(10 * ms, clock), separator = ticksCeil(10 * ms, clock);

  DomainSchedule schedule;
  schedule.clockPeriod = clock;
  schedule.framePeriod = timing.framePeriod;
  schedule.maxDomain = timing.maxDomain;
  schedule.source = "generated default";

  const std::uint64_t fixed = lead + pacer + separator * separators;
  if (windowTicks + fixed > frameTicks) {
    if (windowTicks + 1 + separators > frameTicks)
      return std::unexpected(makeError(
          timing.processor,
          "the generated default domain schedule needs " +
              millisecondsText(static_cast<Nanoseconds>(windowTicks) * clock) +
              " of partition windows plus " + std::to_string(1 + separators) +
              " ticks for the pacer and domain-0 separators, but Frame_Period is " +
              millisecondsText(timing.framePeriod) + "; give the processor a CASE_Scheduling::Schedule_Source_Text"));
    // Shrink the domain-0 and pacer time by one factor, at least one tick each.
    const std::uint64_t available = frameTicks - windowTicks;
    auto scaled = [&](std::uint64_t ticks) { return std::max<std::uint64_t>(1, ticks * available / fixed); };
    pacer = scaled(pacer);
    separator = scaled(separator);
    if (pacer + separator * separators > available) pacer = separator = 1;
    lead = std::min(lead * available / fixed, available - pacer - separator * separators);
    schedule.source = "generated default (domain-0 and pacer slots shrunk to fit Frame_Period)";
  }

  auto add = [&schedule](int domain, std::uint64_t ticks) {
    if (ticks > 0) schedule.slots.push_back(ScheduleSlot{domain, ticks, 0, 0, {}});
  };
  add(supervisorDomain, lead);
  add(pacerDomain, pacer);
  std::uint64_t used = lead + pacer;
  for (const auto& [domain, demand] : demandByDomain) {
    add(supervisorDomain, separator);
    add(domain, ticksCeil(demand, clock));
    used += separator + ticksCeil(demand, clock);
  }
  add(supervisorDomain, frameTicks - used);
  placeSlots(schedule);
  return schedule;
}

ScheduleLocations locationsOf(const ScheduleSource& source) { return {source.arrayLocation, source.slots, source.unit}; }

ScheduleLocations locationsOfDefault(const ScheduleTiming& timing) { return {timing.processor, {}}; }

// The checks, in the order they are reported:
//  1. every slot's length is a positive number of ticks;
//  2. every slot names a known domain: 0..Max_Domain (when Max_Domain is
//     given), and one that is used: the supervisor's (0), the pacer's, or
//     some partition's. An idle domain is rejected because it is almost
//     always a typo that also leaves some partition without a window;
//  3. the slots sum to Frame_Period;
//  4. the pacer's domain has a window when a partition has a periodic thread
//     and the schedule is paced by the pacer (self-paced ones tick each
//     partition in its own windows);
//  5. no partition is in the supervisor's or the pacer's domain;
//  6. every partition's domain has at least one window;
//  7. the partitions of one domain fit its windows: the sum of their demands
//     (largest Compute_Execution_Time) is at most the domain's window time
//     per frame. Two partitions that do not fit together need separate
//     domains; this is when "the schedule needs them apart".
Diagnostics checkSchedule(const DomainSchedule& schedule, const ScheduleLocations& locations,
                          const std::vector<PartitionDemand>& partitions, int pacerDomain) {
  Diagnostics errors;
  auto slotAt = [&](size_t i, bool length) {
    if (i >= locations.slots.size()) return locations.table;
    return length ? locations.slots[i].lengthLocation : locations.slots[i].domainLocation;
  };
  std::set<int> used{supervisorDomain, pacerDomain};
  for (const PartitionDemand& p : partitions) used.insert(p.domain);

  std::map<int, Nanoseconds> windowTime;
  std::uint64_t totalTicks = 0;
  for (size_t i = 0; i < schedule.slots.size(); ++i) {
    const ScheduleSlot& slot = schedule.slots[i];
    const std::string name = "schedule slot " + std::to_string(i);
    std::int64_t rawLength = i < locations.slots.size() ? locations.slots[i].length : static_cast<std::int64_t>(slot.ticks);
    if (rawLength <= 0)
      errors.items.push_back(makeError(
          slotAt(i, true), locations.unit == LengthUnit::Ticks
                               ? name + " has length " + std::to_string(rawLength) +
                                     "; a slot length must be a positive number of Clock_Period ticks"
                               : name + " has length " + std::to_string(rawLength) +
                                     (locations.unit == LengthUnit::Milliseconds ? " ms" : " ns") +
                                     "; a slot length must be positive"));
    std::int64_t rawDomain = i < locations.slots.size() ? locations.slots[i].domain : slot.domain;
    if (rawDomain < 0 || (schedule.maxDomain > 0 && rawDomain > schedule.maxDomain)) {
      std::string range = schedule.maxDomain > 0 ? "0.." + std::to_string(schedule.maxDomain) + " (CASE_Scheduling::Max_Domain)"
                                                 : "0 or more";
      errors.items.push_back(makeError(slotAt(i, false), name + " names domain " + std::to_string(rawDomain) +
                                                       ", outside the domains " + range));
    } else if (!used.contains(slot.domain)) {
      errors.items.push_back(makeError(slotAt(i, false), name + " names domain " + std::to_string(rawDomain) +
                                                       ", which no partition uses (0 is the supervisor's, " +
                                                       std::to_string(pacerDomain) + " the pacer's)"));
    }
    totalTicks = slot.ticks > std::numeric_limits<std::uint64_t>::max() - totalTicks ? std::numeric_limits<std::uint64_t>::max() : totalTicks + slot.ticks;
    windowTime[slot.domain] = saturatingAdd(windowTime[slot.domain], slot.length);
  }

  const std::uint64_t frameTicks = static_cast<std::uint64_t>(schedule.framePeriod / schedule.clockPeriod);
  if (totalTicks != frameTicks)
    errors.items.push_back(makeError(
        locations.table, "the domain schedule's slots sum to " + std::to_string(totalTicks) + " ticks (" +
                             millisecondsText(ticksToTime(totalTicks, schedule.clockPeriod)) +
                             ") but Frame_Period is " + millisecondsText(schedule.framePeriod) + " (" +
                             std::to_string(frameTicks) + " ticks of " + millisecondsText(schedule.clockPeriod) + ")"));

  bool needsPacer = std::any_of(partitions.begin(), partitions.end(), [](const PartitionDemand& p) { return p.periodic; });
  if (schedule.pacing == Pacing::Pacer && needsPacer && !windowTime.contains(pacerDomain))
    errors.items.push_back(makeError(locations.table, "the pacer's domain " + std::to_string(pacerDomain) +
                                                    " has no window in the domain schedule, so no periodic thread "
                                                    "would ever be dispatched"));

  std::map<int, std::vector<const PartitionDemand*>> byDomain;
  for (const PartitionDemand& p : partitions) {
    std::string owner = domainOwner(p.domain, pacerDomain);
    if (!owner.empty()) {
      errors.items.push_back(makeError(p.location, "partition " + quoted(p.name) + " is in domain " +
                                                 std::to_string(p.domain) + ", which is " + owner +
                                                 "; give it a domain of its own"));
      continue;
    }
    if (!windowTime.contains(p.domain)) {
      errors.items.push_back(withNote(makeError(p.location, "partition " + quoted(p.name) + " is in domain " +
                                                          std::to_string(p.domain) +
                                                          ", which has no window in the domain schedule"),
                                locations.table, "the domain schedule is here"));
      continue;
    }
    byDomain[p.domain].push_back(&p);
  }

  for (const auto& [domain, members] : byDomain) {
    Nanoseconds demand = 0;
    for (const PartitionDemand* p : members) demand = saturatingAdd(demand, p->demand);
    const Nanoseconds available = windowTime[domain];
    if (demand <= available) continue;
    const std::string domainText = "domain " + std::to_string(domain) + " has " + millisecondsText(available) +
                                   " of windows per frame";
    if (members.size() == 1) {
      errors.items.push_back(makeError(members[0]->location, "partition " + quoted(members[0]->name) + " needs " +
                                                           millisecondsText(demand) +
                                                           " per frame (its largest Compute_Execution_Time) but " +
                                                           domainText));
      continue;
    }
    std::string names;
    for (size_t i = 0; i < members.size(); ++i)
      names += (i == 0 ? "" : i + 1 == members.size() ? " and " : ", ") + quoted(members[i]->name);
    Diagnostic error = makeError(members.back()->location,
                                 "partitions " + names + " share domain " + std::to_string(domain) + " and need " +
                                     millisecondsText(demand) + " per frame together, but " + domainText +
                                     "; give them separate domains");
    for (size_t i = 0; i + 1 < members.size(); ++i)
      error = withNote(std::move(error), members[i]->location,
                       "partition " + quoted(members[i]->name) + " is in domain " + std::to_string(domain) + " here");
    errors.items.push_back(std::move(error));
  }
  return errors;
}

}  // namespace bulkhead::plan
