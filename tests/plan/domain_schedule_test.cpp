// The generated default schedule and the schedule checks, one fixture per
// check with its exact message.
#include "plan/domain_schedule.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace bulkhead::plan {
namespace {

using testing::fixture;
constexpr Nanoseconds ms = 1'000'000;

// The processor of both_vm: 1000 ms frame, 2 ms ticks, Max_Domain 4.
ScheduleTiming bothVmTiming() { return {2 * ms, 1000 * ms, 4, {"both_vm.aadl", 70, 3}}; }

std::vector<PartitionDemand> bothVmPartitions() {
  return {{"producer", 2, 10 * ms, true, {"both_vm.aadl", 30, 7}},
          {"consumer", 3, 10 * ms, true, {"both_vm.aadl", 58, 7}}};
}

struct Slot {
  int domain;
  std::uint64_t ticks;
};

void expectSlots(const DomainSchedule& schedule, const std::vector<Slot>& slots) {
  ASSERT_EQ(schedule.slots.size(), slots.size());
  Nanoseconds start = 0;
  for (size_t i = 0; i < slots.size(); ++i) {
    EXPECT_EQ(schedule.slots[i].domain, slots[i].domain) << "slot " << i;
    EXPECT_EQ(schedule.slots[i].ticks, slots[i].ticks) << "slot " << i;
    EXPECT_EQ(schedule.slots[i].start, start) << "slot " << i;
    EXPECT_EQ(schedule.slots[i].length, static_cast<Nanoseconds>(slots[i].ticks) * schedule.clockPeriod);
    start += schedule.slots[i].length;
  }
}

TEST(DefaultSchedule, BothVmLike) {
  auto schedule = defaultSchedule(bothVmTiming(), bothVmPartitions(), 1);
  ASSERT_TRUE(schedule.has_value());
  EXPECT_EQ(schedule->source, "generated default");
  EXPECT_EQ(schedule->framePeriod, 1000 * ms);
  // 200 ms domain 0, 10 ms pacer, 10 ms separator + 10 ms producer,
  // 10 ms separator + 10 ms consumer, 750 ms of domain 0 padding.
  expectSlots(*schedule, {{0, 100}, {1, 5}, {0, 5}, {2, 5}, {0, 5}, {3, 5}, {0, 375}});
  EXPECT_TRUE(checkSchedule(*schedule, locationsOfDefault(bothVmTiming()), bothVmPartitions(), 1).items.empty());
}

TEST(DefaultSchedule, WindowsRoundUpToTicksAndSharedDomainsAddUp) {
  ScheduleTiming timing{3 * ms, 999 * ms, 0, {}};
  std::vector<PartitionDemand> partitions{{"a", 5, 7 * ms, true, {}}, {"b", 2, 0, false, {}}, {"c", 5, 1 * ms, false, {}}};
  auto schedule = defaultSchedule(timing, partitions, 1);
  ASSERT_TRUE(schedule.has_value());
  // ceil(200/3) = 67, ceil(10/3) = 4; domain 2: 10 ms default = 4 ticks;
  // domain 5: 7 + 1 = 8 ms = 3 ticks; padding 333 - 67 - 4 - 4 - 4 - 4 - 3 = 247.
  expectSlots(*schedule, {{0, 67}, {1, 4}, {0, 4}, {2, 4}, {0, 4}, {5, 3}, {0, 247}});
}

TEST(DefaultSchedule, ShortFrameShrinksDomainZeroAndPacer) {
  ScheduleTiming timing{100'000, 10 * ms, 0, {}};  // 0.1 ms ticks, 10 ms frame = 100 ticks
  std::vector<PartitionDemand> partitions{{"p", 2, 2 * ms, true, {}}, {"q", 3, 2 * ms, true, {}}};
  auto schedule = defaultSchedule(timing, partitions, 1);
  ASSERT_TRUE(schedule.has_value());
  EXPECT_EQ(schedule->source, "generated default (domain-0 and pacer slots shrunk to fit Frame_Period)");
  // windows 40 ticks; fixed 2000 + 100 + 2*100 = 2300 scaled to 60:
  // pacer 2, separators 2, lead 52, no padding.
  expectSlots(*schedule, {{0, 52}, {1, 2}, {0, 2}, {2, 20}, {0, 2}, {3, 20}, {0, 2}});
  EXPECT_TRUE(checkSchedule(*schedule, locationsOfDefault(timing), partitions, 1).items.empty());
}

TEST(DefaultSchedule, WindowsLongerThanTheFrameAreAnError) {
  ScheduleTiming timing{1 * ms, 100 * ms, 0, {"m.aadl", 4, 3}};
  std::vector<PartitionDemand> partitions{{"p", 2, 60 * ms, true, {}}, {"q", 3, 39 * ms, true, {}}};
  auto schedule = defaultSchedule(timing, partitions, 1);
  ASSERT_FALSE(schedule.has_value());
  EXPECT_EQ(schedule.error().location.line, 4u);
  EXPECT_EQ(schedule.error().message,
            "the generated default domain schedule needs 99 ms of partition windows plus 3 ticks for the pacer and "
            "domain-0 separators, but Frame_Period is 100 ms; give the processor a CASE_Scheduling::Schedule_Source_Text");
}

// A fixture schedule checked against both_vm's partitions (or `partitions`).
Diagnostics checkFixture(const std::string& name, std::vector<PartitionDemand> partitions = bothVmPartitions(),
                         Pacing pacing = Pacing::Pacer) {
  auto source = readScheduleSource(fixture(name), {});
  EXPECT_TRUE(source.has_value()) << name;
  if (!source) return {};
  DomainSchedule schedule = scheduleFromSource(*source, bothVmTiming()).value();
  schedule.pacing = pacing;
  return checkSchedule(schedule, locationsOf(*source), partitions, 1);
}

void expectOnly(const Diagnostics& found, const std::string& file, std::uint32_t line, std::uint32_t column,
                const std::string& message) {
  ASSERT_EQ(found.items.size(), 1u) << model::render(found);
  const Diagnostic& d = found.items[0];
  EXPECT_EQ(d.location.file, file);
  EXPECT_EQ(d.location.line, line);
  EXPECT_EQ(d.location.column, column);
  EXPECT_EQ(d.message, message);
}

TEST(ScheduleChecks, BothVmScheduleIsClean) {
  auto source = readScheduleSource(testing::sourceFile("examples/both_vm/domain_schedule.c"), {});
  ASSERT_TRUE(source.has_value());
  DomainSchedule schedule = scheduleFromSource(*source, bothVmTiming()).value();
  EXPECT_TRUE(checkSchedule(schedule, locationsOf(*source), bothVmPartitions(), 1).items.empty());
  ASSERT_EQ(schedule.slots.size(), 7u);
  EXPECT_EQ(schedule.slots[3].start, 180 * ms);
  EXPECT_EQ(schedule.slots[3].length, 400 * ms);
  EXPECT_EQ(schedule.slots[6].start + schedule.slots[6].length, 1000 * ms);
}

TEST(ScheduleChecks, SlotsMustSumToFramePeriod) {
  expectOnly(checkFixture("schedule_sum_mismatch.c"), fixture("schedule_sum_mismatch.c"), 2, 19,
             "the domain schedule's slots sum to 490 ticks (980 ms) but Frame_Period is 1000 ms (500 ticks of 2 ms)");
}

TEST(ScheduleChecks, DomainAboveMaxDomain) {
  expectOnly(checkFixture("schedule_domain_above_max.c"), fixture("schedule_domain_above_max.c"), 5, 17,
             "schedule slot 3 names domain 7, outside the domains 0..4 (CASE_Scheduling::Max_Domain)");
}

TEST(ScheduleChecks, DomainNoPartitionUses) {
  expectOnly(checkFixture("schedule_unused_domain.c"), fixture("schedule_unused_domain.c"), 5, 17,
             "schedule slot 3 names domain 4, which no partition uses (0 is the supervisor's, 1 the pacer's)");
}

TEST(ScheduleChecks, SlotLengthMustBePositive) {
  expectOnly(checkFixture("schedule_zero_length.c"), fixture("schedule_zero_length.c"), 4, 30,
             "schedule slot 2 has length 0; a slot length must be a positive number of Clock_Period ticks");
}

TEST(ScheduleChecks, PartitionDomainWithoutWindow) {
  Diagnostics found = checkFixture("schedule_missing_window.c");
  expectOnly(found, "both_vm.aadl", 58, 7,
             "partition 'consumer' is in domain 3, which has no window in the domain schedule");
  ASSERT_EQ(found.items[0].notes.size(), 1u);
  EXPECT_EQ(found.items[0].notes[0].message, "the domain schedule is here");
  EXPECT_EQ(found.items[0].notes[0].location.line, 2u);
}

TEST(ScheduleChecks, PartitionsSharingADomainThatCannotHoldBoth) {
  std::vector<PartitionDemand> shared{{"producer", 2, 250 * ms, true, {"both_vm.aadl", 30, 7}},
                                      {"consumer", 2, 250 * ms, true, {"both_vm.aadl", 58, 7}}};
  Diagnostics found = checkFixture("schedule_shared_domain.c", shared);
  expectOnly(found, "both_vm.aadl", 58, 7,
             "partitions 'producer' and 'consumer' share domain 2 and need 500 ms per frame together, but domain 2 "
             "has 400 ms of windows per frame; give them separate domains");
  ASSERT_EQ(found.items[0].notes.size(), 1u);
  EXPECT_EQ(found.items[0].notes[0].message, "partition 'producer' is in domain 2 here");
}

TEST(ScheduleChecks, SharingADomainThatHoldsBothIsFine) {
  std::vector<PartitionDemand> shared{{"producer", 2, 150 * ms, true, {}}, {"consumer", 2, 250 * ms, true, {}}};
  EXPECT_TRUE(checkFixture("schedule_shared_domain.c", shared).items.empty());
}

TEST(ScheduleChecks, PartitionLongerThanItsWindows) {
  std::vector<PartitionDemand> partitions = bothVmPartitions();
  partitions[0].demand = 801 * ms;
  expectOnly(checkFixture("good_positional.c", partitions), "both_vm.aadl", 30, 7,
             "partition 'producer' needs 801 ms per frame (its largest Compute_Execution_Time) but domain 2 has "
             "800 ms of windows per frame");
}

TEST(ScheduleChecks, PacerNeedsAWindow) {
  expectOnly(checkFixture("schedule_no_pacer_window.c"), fixture("schedule_no_pacer_window.c"), 1, 19,
             "the pacer's domain 1 has no window in the domain schedule, so no periodic thread would ever be "
             "dispatched");
}

TEST(ScheduleChecks, ASelfPacedScheduleNeedsNoPacerWindow) {
  EXPECT_TRUE(checkFixture("schedule_no_pacer_window.c", bothVmPartitions(), Pacing::SelfPacing).items.empty());
}

TEST(ScheduleChecks, PartitionInThePacersDomain) {
  std::vector<PartitionDemand> partitions = bothVmPartitions();
  partitions[1].domain = 1;
  auto source = readScheduleSource(testing::sourceFile("examples/both_vm/domain_schedule.c"), {});
  ASSERT_TRUE(source.has_value());
  Diagnostics found = checkSchedule(scheduleFromSource(*source, bothVmTiming()).value(), locationsOf(*source), partitions, 1);
  // Domain 3's slot is now unused too; both are reported.
  ASSERT_EQ(found.items.size(), 2u) << model::render(found);
  EXPECT_EQ(found.items[0].message,
            "schedule slot 5 names domain 3, which no partition uses (0 is the supervisor's, 1 the pacer's)");
  EXPECT_EQ(found.items[1].message, "partition 'consumer' is in domain 1, which is the pacer's; give it a domain of its own");
}

}  // namespace
}  // namespace bulkhead::plan
