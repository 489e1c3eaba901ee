// Placement (design section 7b): processes grouped by the processor they are
// bound to, channels between processors carried by a bus; one failing
// fixture per check with its exact message; `plan` and `graph` show it.
#include "plan/build_plan.hpp"
#include "plan/placement.hpp"
#include "plan/plan_json.hpp"
#include "tests/support/command_output.hpp"

#include <gtest/gtest.h>

#include <string>

namespace bulkhead::plan {
namespace {

std::string fixture(const std::string& name) { return std::string(BULKHEAD_PLACEMENT_FIXTURES) + "/" + name; }

Plan planOf(const std::string& name) {
  auto plan = loadPlan({fixture(name)});
  EXPECT_TRUE(plan.has_value());
  return plan ? *plan : Plan{};
}

// The only error of a fixture, as "line:col: message".
std::string onlyError(const std::string& name) {
  auto plan = loadPlan({fixture(name)});
  if (plan) return "(no error)";
  std::string out;
  for (const auto& d : plan.error().items)
    if (d.severity == Severity::Error)
      out += (out.empty() ? "" : "\n") + std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + ": " +
             d.message;
  return out;
}

TEST(Placement, TwoProcessorsOnOneBusAreTwoNodesAndOneRemoteChannel) {
  Plan plan = planOf("two_nodes.aadl");
  ASSERT_EQ(plan.nodes.size(), 2u);
  EXPECT_EQ(plan.nodes[0].name, "cpu_a");
  EXPECT_EQ(plan.nodes[0].instanceName, "top_impl_Instance.cpu_a");
  EXPECT_EQ(plan.nodes[0].partitions, std::vector<int>{0});
  EXPECT_EQ(plan.nodes[1].name, "cpu_b");
  EXPECT_EQ(plan.nodes[1].partitions, std::vector<int>{1});
  ASSERT_EQ(plan.buses.size(), 1u);
  EXPECT_EQ(plan.buses[0].name, "net");
  EXPECT_EQ(plan.buses[0].nodes, (std::vector<int>{0, 1}));
  ASSERT_EQ(plan.remoteChannels.size(), 1u);
  const RemoteChannel& r = plan.remoteChannels[0];
  EXPECT_EQ(plan.channels[static_cast<size_t>(r.channel)].name, "producer.producer.write_port");
  EXPECT_EQ(r.senderNode, 0);
  EXPECT_EQ(r.receiverNode, 1);
  EXPECT_EQ(r.bus, 0);
  EXPECT_EQ(r.receivers, std::vector<int>{0});
  EXPECT_EQ(nodeOf(plan, 1), 1);
  EXPECT_EQ(findNode(plan, "CPU_B"), 1);
  EXPECT_EQ(findNode(plan, "top_impl_Instance.cpu_a"), 0);
  EXPECT_EQ(findNode(plan, "cpu_c"), std::nullopt);
}

TEST(Placement, TheConnectionBindingChoosesAmongBuses) {
  Plan plan = planOf("two_buses_bound.aadl");
  ASSERT_EQ(plan.remoteChannels.size(), 1u);
  ASSERT_EQ(plan.buses.size(), 1u);  // only the buses that carry something
  EXPECT_EQ(plan.buses[static_cast<size_t>(plan.remoteChannels[0].bus)].name, "can");
}

TEST(Placement, OneProcessorIsOneNodeAsBefore) {
  auto plan = loadPlan({std::string(BULKHEAD_SOURCE_DIR) + "/examples/both_vm/both_vm.aadl"});
  ASSERT_TRUE(plan.has_value());
  EXPECT_TRUE(plan->nodes.empty());
  EXPECT_TRUE(plan->remoteChannels.empty());
  EXPECT_FALSE(toJson(*plan).contains("placement"));  // one-node fingerprints unchanged
}

TEST(Placement, JsonRoundTrip) {
  Plan plan = planOf("two_nodes.aadl");
  auto back = planFromJson(toJson(plan));
  ASSERT_TRUE(back.has_value()) << back.error();
  EXPECT_EQ(canonicalJson(*back), canonicalJson(plan));
  EXPECT_EQ(back->remoteChannels.size(), 1u);
}

TEST(PlacementErrors, NoBusJoinsTheProcessors) {
  EXPECT_EQ(onlyError("no_bus.aadl"),
            "28:7: no bus joins processors 'cpu_a' and 'cpu_b', which run the ends of connection "
            "'producer.producer.write_port -> consumer.consumer.read_port' (give both processors access to one bus)");
}

TEST(PlacementErrors, TwoBusesAndNoBinding) {
  EXPECT_EQ(onlyError("two_buses_unbound.aadl"),
            "28:7: 2 buses join processors 'cpu_a' and 'cpu_b' ('net', 'can'); bind connection "
            "'producer.producer.write_port -> consumer.consumer.read_port' to one of them (Actual_Connection_Binding)");
}

TEST(PlacementErrors, BoundToABusThatDoesNotJoinBoth) {
  EXPECT_EQ(onlyError("wrong_bus.aadl"),
            "88:7: connection 'producer.producer.write_port -> consumer.consumer.read_port' is bound to 'can', which is "
            "not a bus joining processors 'cpu_a' and 'cpu_b'");
}

TEST(PlacementErrors, AProcessWithoutProcessorAmongBoundOnes) {
  EXPECT_EQ(onlyError("unbound_process.aadl"),
            "78:7: process 'logger' is not bound to a processor (Actual_Processor_Binding), and the other processes run "
            "on 2 processors: bulkhead cannot tell which node runs it");
}

TEST(PlacementErrors, ProcessorsDisagreeOnTheFrame) {
  EXPECT_EQ(onlyError("frame_disagree.aadl"),
            "74:34: processors 'cpu_a' and 'cpu_b' run one frame but disagree on Frame_Period (1000 ms, 500 ms)");
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(PlacementCli, PlanShowsNodesBusesAndRemoteChannels) {
  auto o = bulkhead::testing::runCommandSeparated("'" + std::string(BULKHEAD_BINARY) + "' plan '" +
                                                  fixture("two_nodes.aadl") + "'");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(contains(o.out, "Nodes\n  #  node   processor                partitions\n"
                              "  0  cpu_a  top_impl_Instance.cpu_a  producer\n"
                              "  1  cpu_b  top_impl_Instance.cpu_b  consumer\n"))
      << o.out;
  EXPECT_TRUE(contains(o.out, "Buses\n  #  bus  joins\n  0  net  cpu_a, cpu_b\n")) << o.out;
  EXPECT_TRUE(contains(o.out, "Remote channels\n  channel                         from node  to node  bus  receivers\n"
                              "  0 producer.producer.write_port  cpu_a      cpu_b    net  consumer.consumer.read_port\n"))
      << o.out;
}

TEST(PlacementCli, GraphDrawsNodesAndTheBus) {
  auto o = bulkhead::testing::runCommandSeparated("'" + std::string(BULKHEAD_BINARY) + "' graph '" +
                                                  fixture("two_nodes.aadl") + "'");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(contains(o.out, "  subgraph cluster_node_0 {\n    label=\"node cpu_a\";\n")) << o.out;
  EXPECT_TRUE(contains(o.out, "  subgraph cluster_node_1 {\n    label=\"node cpu_b\";\n")) << o.out;
  EXPECT_TRUE(contains(o.out, "  bus_0 [shape=cds, label=\"bus net\"];\n")) << o.out;
  EXPECT_TRUE(contains(o.out, "  t0_0 -> bus_0 [")) << o.out;
  EXPECT_TRUE(contains(o.out, "  bus_0 -> t1_0 [")) << o.out;
}

TEST(PlacementCli, AnErrorIsLocatedAndExitsOne) {
  auto o = bulkhead::testing::runCommandSeparated("'" + std::string(BULKHEAD_BINARY) + "' plan '" + fixture("no_bus.aadl") +
                                                  "'");
  EXPECT_EQ(o.status, 1);
  EXPECT_TRUE(contains(o.err, "no_bus.aadl:28:7: error: no bus joins processors 'cpu_a' and 'cpu_b'")) << o.err;
}

}  // namespace
}  // namespace bulkhead::plan
