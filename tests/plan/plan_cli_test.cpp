// End-to-end: `bulkhead plan` and `bulkhead graph` through the real binary.
#include "plan/plan_json.hpp"
#include "test_support.hpp"
#include "tests/support/command_output.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace bulkhead::plan {
namespace {

using testing::fixture;
using testing::sourceFile;

using Outcome = bulkhead::testing::SeparatedOutput;

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class PlanCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "bulkhead-plan-cli-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs bulkhead with `args` (already shell-quoted), stdout and stderr apart.
  Outcome run(const std::string& args, const std::string& environment = "") {
    return bulkhead::testing::runCommandSeparated(environment + " '" + std::string(BULKHEAD_BINARY) + "' " + args);
  }

  static std::string q(const std::string& path) { return "'" + path + "'"; }

  std::filesystem::path dir_;
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(PlanCli, TableOfBothVm) {
  Outcome o = run("plan " + q(sourceFile("examples/both_vm/both_vm.aadl")));
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.err, "");
  EXPECT_TRUE(contains(o.out, "  0  producer   2       virtual machine  1\n")) << o.out;
  EXPECT_TRUE(contains(o.out, "  1  consumer   3       virtual machine  1\n")) << o.out;
  // Slot and region sizes are the channel layout's; see plan_text_test.
  EXPECT_TRUE(contains(o.out, "  0  producer.producer.write_port  event data port  1           "));
  EXPECT_TRUE(contains(o.out, "8         producer.producer.write_port -> consumer.consumer.read_port\n"))
      << o.out;
  EXPECT_TRUE(contains(o.out, "Domain schedule (domain_schedule.c): Frame_Period 1000 ms, Clock_Period 2 ms, Max_Domain 4, "
                              "paced by the pacer\n"));
  EXPECT_TRUE(contains(o.out, "  slot  domain  runs        start ms  length ms  ticks  pacer ticks\n"
                              "  0     0       supervisor  0         160        80     -\n"
                              "  1     1       pacer       160       10         5      producer, consumer\n"
                              "  2     0       supervisor  170       10         5      -\n"
                              "  3     2       producer    180       400        200    -\n"
                              "  4     0       supervisor  580       10         5      -\n"
                              "  5     3       consumer    590       400        200    -\n"
                              "  6     0       supervisor  990       10         5      -\n"))
      << o.out;
  EXPECT_TRUE(contains(o.out, "  |" + std::string(16, '0') + "10" + std::string(40, '2') + "0" + std::string(40, '3') +
                                  "0|\n"))
      << o.out;
}

TEST_F(PlanCli, JsonIsThePlan) {
  Outcome o = run("plan --json " + q(sourceFile("examples/both_vm/both_vm.aadl")));
  ASSERT_EQ(o.status, 0) << o.err;
  auto json = nlohmann::json::parse(o.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << o.out;
  auto plan = planFromJson(json);
  ASSERT_TRUE(plan.has_value()) << plan.error();
  EXPECT_EQ(plan->partitions.size(), 2u);
  EXPECT_EQ(plan->channels.size(), 3u);
  EXPECT_EQ(plan->schedule.slots.size(), 7u);
  EXPECT_EQ(json["partitions"][1]["domain"], 3);
  EXPECT_EQ(json["channels"][0]["maxBits"], 8);
}

TEST_F(PlanCli, RootOption) {
  Outcome o = run("plan --root top.impl " + q(sourceFile("examples/both_vm/both_vm.aadl")));
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_NE(run("plan --root nothing.impl " + q(sourceFile("examples/both_vm/both_vm.aadl"))).status, 0);
}

TEST_F(PlanCli, BadScheduleIsALocatedErrorAndExitOne) {
  Outcome o = run("plan " + q(fixture("model_schedule_sum.aadl")));
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err, fixture("schedule_sum_mismatch.c") +
                       ":2:19: error: the domain schedule's slots sum to 490 ticks (980 ms) but Frame_Period is 1000 ms "
                       "(500 ticks of 2 ms)\n"
                       "const dschedule_t ksDomSchedule[] = {\n"
                       "                  ^\n");
}

TEST_F(PlanCli, UnknownDomainInTheSchedule) {
  // both_vm's processor with a schedule naming domain 7 (Max_Domain 4).
  std::filesystem::copy_file(sourceFile("examples/both_vm/both_vm.aadl"), dir_ / "both_vm.aadl");
  std::filesystem::copy_file(fixture("schedule_domain_above_max.c"), dir_ / "domain_schedule.c");
  Outcome o = run("plan " + q((dir_ / "both_vm.aadl").string()));
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.err, (dir_ / "domain_schedule.c").string() +
                       ":5:17: error: schedule slot 3 names domain 7, outside the domains 0..4 (CASE_Scheduling::Max_Domain)\n"
                       "    { .domain = 7, .length = 5 },\n"
                       "                ^\n");
}

TEST_F(PlanCli, WarningsGoToStandardErrorAndTheExitIsZero) {
  Outcome o = run("plan " + q(fixture("model_no_compute_time.aadl")));
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.err, fixture("model_no_compute_time.aadl") +
                       ":49:7: warning: no thread of partition 'consumer' has a Compute_Execution_Time; the generated "
                       "default schedule gives domain 3 a 10 ms window for it\n"
                       "      CASE_Scheduling::Domain => 3;\n"
                       "      ^\n");
  EXPECT_TRUE(contains(o.out, "Domain schedule (generated default)")) << o.out;
}

TEST_F(PlanCli, MissingModelFile) {
  Outcome o = run("plan " + q((dir_ / "absent.aadl").string()));
  EXPECT_EQ(o.status, 1);
  EXPECT_TRUE(contains(o.err, "absent.aadl")) << o.err;
  EXPECT_TRUE(contains(o.err, "error:")) << o.err;
}

TEST_F(PlanCli, ModelNeeded) { EXPECT_NE(run("plan").status, 0); }

TEST_F(PlanCli, GraphToStandardOutput) {
  Outcome o = run("graph " + q(sourceFile("examples/both_vm/both_vm.aadl")));
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.out.rfind("digraph \"test_event_data_port_periodic_domains::top.impl\" {\n", 0), 0u) << o.out;
  EXPECT_TRUE(contains(o.out, "label=\"producer\\ndomain 2, virtual machine\";")) << o.out;
  EXPECT_TRUE(contains(o.out, "t0_0 -> t1_0 [label=\"write_port -> read_port\\nQueue_Size 1\", style=bold];")) << o.out;
}

// HAMR Microkit's schedule file given on the command line: the timeline
// with the pacer's ticks before each component's domain.
TEST_F(PlanCli, MicrokitScheduleFromTheCommandLine) {
  Outcome o = run("plan " + q(fixture("model_hamr_microkit.aadl")) + " --schedule " + q(fixture("microkit_paced.xml")));
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(contains(o.out, "Frame_Period 1000 ms, Clock_Period 2 ms, Max_Domain 5, paced by the pacer\n"
                              "  slot  domain  runs        start ms  length ms  ticks  pacer ticks\n"
                              "  0     1       pacer       0         30         15     producer\n"
                              "  1     2       producer    30        100        50     -\n"
                              "  2     1       pacer       130       30         15     consumer\n"
                              "  3     3       consumer    160       100        50     -\n"
                              "  4     1       pacer       260       30         15     -\n"
                              "  5     4       handler     290       100        50     -\n"
                              "  6     0       supervisor  390       610        305    -\n"))
      << o.out;
  Outcome bad = run("plan " + q(fixture("model_hamr_microkit.aadl")) + " --schedule " + q(fixture("xml_sum.xml")));
  EXPECT_EQ(bad.status, 1);
  EXPECT_TRUE(contains(bad.err, fixture("xml_sum.xml") + ":1:1: error: the domain schedule's slots sum to 475 ticks (950 ms) "
                                "but Frame_Period is 1000 ms (500 ticks of 2 ms)\n"))
      << bad.err;
}

TEST_F(PlanCli, GraphToDotFile) {
  std::string out = (dir_ / "arch.dot").string();
  Outcome o = run("graph " + q(sourceFile("examples/both_vm/both_vm.aadl")) + " -o " + q(out));
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(readFile(out), run("graph " + q(sourceFile("examples/both_vm/both_vm.aadl"))).out);
}

TEST_F(PlanCli, GraphToSvgThroughDot) {
  if (system("command -v dot >/dev/null 2>&1") != 0) GTEST_SKIP() << "Graphviz's dot is not installed";
  std::string out = (dir_ / "arch.svg").string();
  Outcome o = run("graph " + q(sourceFile("examples/both_vm/both_vm.aadl")) + " -o " + q(out));
  EXPECT_EQ(o.status, 0) << o.err;
  std::string svg = readFile(out);
  EXPECT_TRUE(contains(svg, "<svg")) << svg.substr(0, 200);
  EXPECT_TRUE(contains(svg, "domain 2, virtual machine"));
}

TEST_F(PlanCli, GraphSvgWithoutDotIsAClearError) {
  std::filesystem::create_directory(dir_ / "empty-path");
  std::string out = (dir_ / "arch.svg").string();
  Outcome o = run("graph " + q(sourceFile("examples/both_vm/both_vm.aadl")) + " -o " + q(out),
                  "PATH=" + q((dir_ / "empty-path").string()));
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.err, "bulkhead graph: cannot write '" + out +
                       "': Graphviz's `dot` is not installed (Debian package graphviz); write a .dot file instead\n");
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST_F(PlanCli, GraphUnknownOutputKind) {
  Outcome o = run("graph " + q(sourceFile("examples/both_vm/both_vm.aadl")) + " -o " + q((dir_ / "arch.txt").string()));
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.err, "bulkhead graph: cannot write '" + (dir_ / "arch.txt").string() +
                       "': the output must end in .dot, .svg, .png or .pdf\n");
}

TEST_F(PlanCli, GraphOfABadModelFails) {
  Outcome o = run("graph " + q(fixture("model_schedule_sum.aadl")));
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.out, "");
  EXPECT_TRUE(contains(o.err, "error: the domain schedule's slots sum to 490 ticks")) << o.err;
}

}  // namespace
}  // namespace bulkhead::plan
