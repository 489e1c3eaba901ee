// End-to-end: both_vm_distributed's two nodes as two supervisors on this
// machine (`run --nodes all`), Cyclone DDS on loopback between them. What
// the design guarantees is asserted: the consumer node receives 00..0B, one
// value per frame, in order, and nothing is reported lost; never timing.
#include "tests/support/command_output.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

const std::string kModel = std::string(BULKHEAD_SOURCE_DIR) + "/examples/both_vm_distributed/both_vm_distributed.aadl";

bulkhead::testing::CommandOutput run(const std::string& arguments) {
  return bulkhead::testing::runCommand("'" + std::string(BULKHEAD_BINARY) + "' run " + arguments);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(DistributedRun, AllNodesHereTheConsumerNodeGetsOneValuePerFrameInOrder) {
  auto r = run("'" + kModel + "' --nodes all --frames 12 --time-scale 0.05 --vm=process");
  ASSERT_EQ(r.status, 0) << r.text;
  std::vector<std::string> received;
  auto lines = r.lines();
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("vmconsumer: Received") == std::string::npos) continue;
    received.push_back(lines[i]);
    // The consumer's output comes from its node, prefixed.
    EXPECT_EQ(lines[i].rfind("[proc_b] ", 0), 0u) << lines[i];
  }
  // Twelve frames, a print only when a value was there: one value per frame.
  ASSERT_EQ(received.size(), 12u) << r.text;
  for (int v = 0; v < 12; ++v) {
    char expected[80];
    std::snprintf(expected, sizeof expected, "[proc_b] vmconsumer: Received 8 bits on read_port: [ %02X ]", v);
    EXPECT_EQ(received[static_cast<size_t>(v)], expected);
  }
  EXPECT_TRUE(contains(r.text, "[proc_a] Art: Registered component: top_impl_Instance_producer_producer")) << r.text;
  EXPECT_FALSE(contains(r.text, "lost")) << r.text;
  EXPECT_FALSE(contains(r.text, "rejected")) << r.text;
}

// `sim` of the same model (every node in one process, virtual time) agrees
// with the two real nodes value for value.
TEST(DistributedRun, SimAgreesWithTheNodesValueForValue) {
  auto nodes = run("'" + kModel + "' --nodes all --frames 12 --time-scale 0.05 --vm=process");
  ASSERT_EQ(nodes.status, 0) << nodes.text;
  auto sim = bulkhead::testing::runCommand("'" + std::string(BULKHEAD_BINARY) + "' sim '" + kModel + "' --frames 12");
  ASSERT_EQ(sim.status, 0) << sim.text;
  std::vector<std::string> fromNodes, fromSim;
  const std::string prefix = "[proc_b] ";
  for (const std::string& line : nodes.lines())
    if (line.find("vmconsumer: Received") != std::string::npos) fromNodes.push_back(line.substr(prefix.size()));
  for (const std::string& line : sim.lines())
    if (line.find("vmconsumer: Received") != std::string::npos) fromSim.push_back(line);
  EXPECT_EQ(fromSim.size(), 12u) << sim.text;
  EXPECT_EQ(fromNodes, fromSim);
}

TEST(DistributedRun, AMissingNodeIsNamedAfterTheTimeout) {
  auto r = run("'" + kModel + "' --node proc_a --node-timeout 1 --frames 2 --time-scale 0.05 --vm=process --session alone_" +
               std::to_string(::getpid()));
  EXPECT_NE(r.status, 0) << r.text;
  EXPECT_TRUE(contains(r.text, "bulkhead: nodes missing after 1 s: proc_b; every node of the model must run "
                               "(bulkhead run MODEL --node NAME)"))
      << r.text;
}

TEST(DistributedRun, AnUnknownNodeIsAUsageError) {
  auto r = run("'" + kModel + "' --node proc_c --frames 1 --vm=process");
  EXPECT_EQ(r.status, 2) << r.text;
  EXPECT_TRUE(contains(r.text, "bulkhead: --node proc_c: not a node of the model (its nodes: proc_a, proc_b)")) << r.text;
}

TEST(DistributedRun, AllNodesOfAOneNodeModelIsRefused) {
  auto r = run("'" + std::string(BULKHEAD_SOURCE_DIR) + "/examples/both_vm/both_vm.aadl' --nodes all --frames 1 --vm=process");
  EXPECT_EQ(r.status, 2) << r.text;
  EXPECT_TRUE(contains(r.text, "bulkhead: --nodes all: the model runs on one processor")) << r.text;
}

}  // namespace
