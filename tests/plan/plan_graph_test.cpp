// The architecture as DOT.
#include "plan/plan_graph.hpp"
#include "sample_plan.hpp"

#include <gtest/gtest.h>

namespace bulkhead::plan {
namespace {

using testing::samplePlan;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(PlanGraph, PartitionsAreClustersWithDomainAndKind) {
  std::string dot = planDot(samplePlan());
  EXPECT_EQ(dot.rfind("digraph \"test_event_data_port_periodic_domains::top.impl\" {\n", 0), 0u) << dot;
  EXPECT_TRUE(contains(dot, "  subgraph cluster_0 {\n    label=\"producer\\ndomain 2, virtual machine\";\n")) << dot;
  EXPECT_TRUE(contains(dot, "  subgraph cluster_1 {\n    label=\"consumer\\ndomain 3, native\";\n")) << dot;
  EXPECT_TRUE(contains(dot, "    t0_0 [label=\"producer\\nperiodic 1000 ms\"];\n")) << dot;
  EXPECT_TRUE(contains(dot, "    t1_0 [label=\"consumer\\nsporadic\"];\n")) << dot;
  EXPECT_EQ(dot.substr(dot.size() - 2), "}\n");
}

TEST(PlanGraph, ChannelsAreEdgesWithPortsAndQueueSize) {
  std::string dot = planDot(samplePlan());
  EXPECT_TRUE(contains(dot, "  t0_0 -> t1_0 [label=\"write_port -> read_port\\nQueue_Size 3\", style=bold];\n")) << dot;
  EXPECT_TRUE(contains(dot, "  pacer [shape=ellipse, label=\"pacer\\ndomain 1\"];\n")) << dot;
  EXPECT_TRUE(contains(dot, "  pacer -> t0_0 [style=dashed, label=\"period tick\"];\n")) << dot;
  // The data channel has no receiver: no edge, and the consumer has no period queue.
  EXPECT_FALSE(contains(dot, "pacer -> t1_0")) << dot;
}

TEST(PlanGraph, NamesAreEscaped) {
  Plan plan = samplePlan();
  plan.system = "odd \"name\" \\ here";
  std::string dot = planDot(plan);
  EXPECT_EQ(dot.rfind("digraph \"odd \\\"name\\\" \\\\ here\" {\n", 0), 0u) << dot;
}

}  // namespace
}  // namespace bulkhead::plan
