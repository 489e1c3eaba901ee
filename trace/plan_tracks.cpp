#include "trace/plan_tracks.hpp"

#include <fmt/format.h>

namespace bulkhead::trace {

namespace {
constexpr std::string_view kSchedule = "schedule";
}  // namespace

void nameTracks(TraceWriter& writer, const plan::Plan& plan) {
  writer.nameProcess(0, "supervisor (domain 0, pacer)", 0);
  writer.nameTrack(supervisorTrack(), "domain schedule", 0);
  for (std::size_t p = 0; p < plan.partitions.size(); ++p) {
    const plan::Partition& partition = plan.partitions[p];
    int index = static_cast<int>(p);
    writer.nameProcess(index + 1, fmt::format("{} (domain {})", partition.name, partition.domain), index + 1);
    writer.nameTrack(partitionTrack(index), partition.instanceName, 1);
  }
}

void writeSlot(TraceWriter& writer, const plan::Plan& plan, std::uint64_t frame, int slot, Nanoseconds start,
               Nanoseconds length) {
  writeScheduleSlot(writer, plan, frame, slot, start, length);
  const int domain = plan.schedule.slots[static_cast<std::size_t>(slot)].domain;
  for (std::size_t p = 0; p < plan.partitions.size(); ++p)
    if (plan.partitions[p].domain == domain) writeWindow(writer, plan, static_cast<int>(p), frame, slot, start, length);
}

void writeScheduleSlot(TraceWriter& writer, const plan::Plan& plan, std::uint64_t frame, int slot, Nanoseconds start,
                       Nanoseconds length) {
  const int domain = plan.schedule.slots[static_cast<std::size_t>(slot)].domain;
  std::string name =
      domain == plan.pacerDomain ? fmt::format("pacer (domain {})", domain) : fmt::format("domain {}", domain);
  writer.slice(supervisorTrack(), name, kSchedule, start, length,
               {{"frame", static_cast<std::int64_t>(frame)}, {"slot", std::int64_t{slot}}});
}

void writeWindow(TraceWriter& writer, const plan::Plan& plan, int partition, std::uint64_t frame, int slot,
                 Nanoseconds start, Nanoseconds length, std::optional<PlannedWindow> planned) {
  const auto frameArg = static_cast<std::int64_t>(frame);
  const std::int64_t domain = plan.partitions[static_cast<std::size_t>(partition)].domain;
  if (planned)
    writer.slice(partitionTrack(partition), "window", kSchedule, start, length,
                 {{"frame", frameArg},
                  {"slot", std::int64_t{slot}},
                  {"domain", domain},
                  {"planned_start_ns", planned->start},
                  {"planned_end_ns", planned->end}});
  else
    writer.slice(partitionTrack(partition), "window", kSchedule, start, length,
                 {{"frame", frameArg}, {"slot", std::int64_t{slot}}, {"domain", domain}});
}

void writePacerTick(TraceWriter& writer, Nanoseconds at, std::uint8_t tick) {
  writer.instant(supervisorTrack(), "tick", kSchedule, at, {{"tick", std::int64_t{tick}}});
}

}  // namespace bulkhead::trace
