// Each schedule form as a whole Plan: HAMR Microkit's microkit.schedule.xml
// (paced and self-paced), given with --schedule or named by the model, with
// the exact slots and pacer ticks; the checks that fire on such files.
#include "plan/build_plan.hpp"
#include "plan/plan_json.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace bulkhead::plan {
namespace {

using testing::fixture;
constexpr Nanoseconds ms = 1'000'000;

std::expected<Plan, Diagnostics> withSchedule(const std::string& model, const std::string& schedule) {
  return loadPlan({fixture(model)}, PlanOptions{"", schedule.empty() ? "" : fixture(schedule)});
}

Plan planOk(const std::string& model, const std::string& schedule) {
  auto plan = withSchedule(model, schedule);
  EXPECT_TRUE(plan.has_value()) << (plan ? "" : model::render(plan.error()));
  return plan.value_or(Plan{});
}

// Slots as "domain:length ms[paced partitions]" for one exact comparison.
std::vector<std::string> slotsOf(const Plan& plan) {
  std::vector<std::string> out;
  for (const ScheduleSlot& s : plan.schedule.slots) {
    std::string text = std::to_string(s.domain) + ":" + std::to_string(s.length / ms);
    if (!s.paced.empty()) {
      text += "[";
      for (size_t i = 0; i < s.paced.size(); ++i)
        text += (i ? "," : "") + plan.partitions[static_cast<size_t>(s.paced[i])].name;
      text += "]";
    }
    out.push_back(text);
  }
  return out;
}

void expectOneError(const std::string& model, const std::string& schedule, const std::string& file,
                    std::uint32_t line, std::uint32_t column, const std::string& message) {
  auto plan = withSchedule(model, schedule);
  ASSERT_FALSE(plan.has_value());
  ASSERT_EQ(plan.error().items.size(), 1u) << model::render(plan.error());
  const Diagnostic& d = plan.error().items[0];
  EXPECT_EQ(d.location.file, file);
  EXPECT_EQ(d.location.line, line) << d.message;
  EXPECT_EQ(d.location.column, column) << d.message;
  EXPECT_EQ(d.message, message);
}

TEST(ScheduleForms, MicrokitPacedAPacerSlotBeforeEachDomain) {
  Plan plan = planOk("model_hamr_microkit.aadl", "microkit_paced.xml");
  EXPECT_EQ(plan.schedule.pacing, Pacing::Pacer);
  EXPECT_EQ(plan.schedule.source, fixture("microkit_paced.xml"));
  EXPECT_EQ(slotsOf(plan), (std::vector<std::string>{"1:30[producer]", "2:100", "1:30[consumer]", "3:100", "1:30",
                                                     "4:100", "0:610"}));
  EXPECT_EQ(plan.schedule.slots[1].ticks, 50u);  // 100 ms of 2 ms ticks
  EXPECT_EQ(plan.partitions[0].ticksPerFrame, 1u);
  EXPECT_EQ(plan.partitions[1].ticksPerFrame, 1u);
  EXPECT_EQ(plan.partitions[2].periodChannel, -1);  // the sporadic handler is never paced
  EXPECT_EQ(toJson(*planFromJson(toJson(plan))), toJson(plan));
}

TEST(ScheduleForms, MicrokitSelfPacedEachWindowTicksItsDomain) {
  Plan plan = planOk("model_hamr_microkit.aadl", "microkit_self_paced.xml");
  EXPECT_EQ(plan.schedule.pacing, Pacing::SelfPacing);
  EXPECT_EQ(slotsOf(plan), (std::vector<std::string>{"2:100[producer]", "3:100[consumer]", "4:100", "0:700"}));
}

TEST(ScheduleForms, TwoPacedWindowsOfOneDomainAFrameTickItTwice) {
  Plan plan = planOk("model_hamr_microkit.aadl", "microkit_twice.xml");
  EXPECT_EQ(slotsOf(plan), (std::vector<std::string>{"1:10[producer]", "2:100", "1:10[producer,consumer]", "2:100",
                                                     "3:100", "4:100", "0:580"}));
  EXPECT_EQ(plan.partitions[0].ticksPerFrame, 2u);
  EXPECT_EQ(plan.partitions[1].ticksPerFrame, 1u);
}

TEST(ScheduleForms, TheScheduleOfAMicrokitSystemFile) {
  Plan plan = planOk("model_hamr_microkit.aadl", "microkit_system.xml");
  EXPECT_EQ(slotsOf(plan), (std::vector<std::string>{"2:500[producer]", "3:250[consumer]", "4:250"}));
}

TEST(ScheduleForms, CommandLineOverridesTheModelsFile) {
  Plan plan = planOk("model_schedule_file.aadl", "microkit_two_domains.xml");
  EXPECT_EQ(plan.schedule.pacing, Pacing::SelfPacing);
  EXPECT_EQ(slotsOf(plan), (std::vector<std::string>{"2:400[producer]", "3:400[consumer]", "0:200"}));
}

TEST(ScheduleForms, SlotsNotSummingToFramePeriod) {
  expectOneError("model_hamr_microkit.aadl", "xml_sum.xml", fixture("xml_sum.xml"), 1, 1,
                 "the domain schedule's slots sum to 475 ticks (950 ms) but Frame_Period is 1000 ms (500 ticks of 2 ms)");
}

TEST(ScheduleForms, UnknownDomain) {
  expectOneError("model_hamr_microkit.aadl", "xml_unknown_domain.xml", fixture("xml_unknown_domain.xml"), 5, 17,
                 "schedule slot 3 names domain 5, which no partition uses (0 is the supervisor's, 1 the pacer's)");
}

TEST(ScheduleForms, LengthNotAWholeNumberOfTicks) {
  expectOneError("model_hamr_microkit.aadl", "xml_not_whole_ticks.xml", fixture("xml_not_whole_ticks.xml"), 2, 35,
                 "a slot of 501 ms is not a whole number of Clock_Period ticks (2 ms)");
}

TEST(ScheduleForms, SyntaxErrorsComeThroughThePlan) {
  expectOneError("model_hamr_microkit.aadl", "xml_bad_name.xml", fixture("xml_bad_name.xml"), 2, 17,
                 "domain name 'pacer' is not of the form domain_N");
}

TEST(ScheduleForms, MissingScheduleFileOnTheCommandLine) {
  expectOneError("model_hamr_microkit.aadl", "no_such.xml", "--schedule", 0, 0,
                 "cannot read the domain schedule file '" + fixture("no_such.xml") + "'");
}

// CASE_Scheduling::Domain_Mapping on the system (a process and a thread
// named), and Domain on a thread: each partition gets its domain from there.
TEST(ScheduleForms, DomainMapping) {
  Plan plan = planOk("model_domain_mapping.aadl", "microkit_self_paced.xml");
  ASSERT_EQ(plan.partitions.size(), 3u);
  EXPECT_EQ(plan.partitions[0].domain, 3);  // producer, by its process
  EXPECT_EQ(plan.partitions[1].domain, 2);  // consumer, by its thread
  EXPECT_EQ(plan.partitions[2].domain, 4);  // handler, by Domain on its thread
  EXPECT_EQ(slotsOf(plan), (std::vector<std::string>{"2:100[consumer]", "3:100[producer]", "4:100", "0:700"}));
}

TEST(ScheduleForms, DomainMappingNamingNoProcessOrThread) {
  expectOneError("model_domain_mapping_bad.aadl", "", fixture("model_domain_mapping_bad.aadl"), 104, 7,
                 "CASE_Scheduling::Domain_Mapping of 'top_impl_Instance', entry 2 names 'top_impl_Instance.proc', "
                 "which is not a process or a thread of the model");
}

TEST(ScheduleForms, ThreadsOfOneProcessInDifferentDomains) {
  expectOneError("model_split_domains.aadl", "", fixture("model_split_domains.aadl"), 79, 35,
                 "threads 'handler.handler' (domain 4) and 'handler.second' (domain 5) of process 'handler' are in "
                 "different domains; bulkhead runs a process as one partition in one domain");
}

// ARINC653::Module_Schedule: each partition (virtual processor) a domain
// from 2, the processes bound to it in that domain, the rest of the major
// frame the supervisor's; self-paced (each window ticks its partition).
TEST(ScheduleForms, Arinc653ModuleSchedule) {
  Plan plan = planOk("model_arinc653.aadl", "");
  EXPECT_EQ(plan.schedule.source, "ARINC653::Module_Schedule");
  EXPECT_EQ(plan.schedule.pacing, Pacing::SelfPacing);
  EXPECT_EQ(plan.partitions[0].domain, 2);
  EXPECT_EQ(plan.partitions[1].domain, 3);
  EXPECT_EQ(slotsOf(plan), (std::vector<std::string>{"2:100[sender]", "3:200[receiver]", "2:100[sender]", "0:600"}));
  EXPECT_EQ(plan.partitions[0].ticksPerFrame, 2u);
  EXPECT_EQ(plan.schedule.framePeriod, 1000 * ms);
}

TEST(ScheduleForms, Arinc653WindowOfSomethingElseThanAPartition) {
  expectOneError("model_arinc653_bad.aadl", "", fixture("model_arinc653_bad.aadl"), 86, 7,
                 "ARINC653::Module_Schedule window 2 names 'top_impl_Instance.receiver', which is not a virtual "
                 "processor (an ARINC653 partition)");
}

}  // namespace
}  // namespace bulkhead::plan
