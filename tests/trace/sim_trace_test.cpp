// A simulated run's trace, parsed back: tracks, windows, dispatches, values
// on sends and receives, flows pairing them, drops; and byte-identical on a
// second run.
#include "sim/simulator.hpp"
#include "tests/sim/plan_builder.hpp"
#include "tests/sim/scripted_partition.hpp"
#include "trace/sim_trace.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <set>
#include <sstream>

namespace bulkhead::sim {
namespace {

using testing::ms;
using testing::PlanBuilder;
using testing::ScriptedPartition;
using plan::DispatchProtocol;
using plan::PortCategory;

// Producer sends 5 values per frame into a queue of 3; the sporadic
// consumer takes one per window: drops every frame.
plan::Plan dropPlan() {
  PlanBuilder b(1000 * ms);
  b.slot(0, 160 * ms).slot(1, 10 * ms).slot(0, 10 * ms).slot(2, 400 * ms).slot(0, 10 * ms).slot(3, 400 * ms).slot(0, 10 * ms);
  int producer = b.partition("producer", 2, DispatchProtocol::Periodic, 1000 * ms, 10 * ms);
  int consumer = b.partition("consumer", 3, DispatchProtocol::Sporadic, 500 * ms, 10 * ms);
  b.connect(producer, "write_port", consumer, "read_port", PortCategory::EventData, 3);
  return b.build();
}

std::string simulateToTrace(const plan::Plan& plan, std::uint64_t frames) {
  testing::MemoryWorld memory(plan);
  ScriptedPartition producer(plan, 0, memory), consumer(plan, 1, memory);
  std::uint8_t next = 0;
  producer.onDispatch = [&](ScriptedPartition& p) {
    for (int i = 0; i < 5; ++i) p.put("write_port", next++);
  };
  std::ostringstream out;
  trace::TraceWriter writer(out);
  trace::SimTrace recorder(plan, writer);
  auto sim = Simulator::create(plan, {&producer, &consumer}, &recorder);
  EXPECT_TRUE(sim);
  EXPECT_TRUE(sim->initialise());
  EXPECT_TRUE(sim->runFrames(frames));
  writer.finish();
  return out.str();
}

TEST(SimTrace, TraceHasNamedTracksWindowsDispatchesValuesFlowsAndDrops) {
  plan::Plan plan = dropPlan();
  nlohmann::json trace = nlohmann::json::parse(simulateToTrace(plan, 3));
  const nlohmann::json& events = trace.at("traceEvents");

  std::map<int, std::string> processNames;
  std::map<std::string, int> counts;  // "ph/cat/name"
  std::map<std::uint64_t, std::vector<std::string>> flows;
  for (const auto& e : events) {
    ASSERT_TRUE(e.contains("ph") && e.contains("pid") && e.contains("tid") && e.contains("ts")) << e;
    std::string ph = e["ph"];
    if (ph == "M" && e["name"] == "process_name") processNames[e["pid"]] = e["args"]["name"];
    counts[ph + "/" + e.value("cat", "") + "/" + e["name"].get<std::string>()]++;
    if (ph == "s" || ph == "f") flows[e["id"].get<std::uint64_t>()].push_back(ph);
  }
  EXPECT_EQ(processNames, (std::map<int, std::string>{
                              {0, "supervisor (domain 0, pacer)"}, {1, "producer (domain 2)"}, {2, "consumer (domain 3)"}}));
  EXPECT_EQ(counts["X/schedule/domain 0"], 3 * 4);
  EXPECT_EQ(counts["X/schedule/pacer (domain 1)"], 3);
  EXPECT_EQ(counts["X/schedule/window"], 3 * 2);
  EXPECT_EQ(counts["i/schedule/tick"], 3);
  EXPECT_EQ(counts["X/dispatch/producer"], 3);
  EXPECT_EQ(counts["X/dispatch/consumer"], 3);
  EXPECT_EQ(counts["i/port/send write_port"], 15);
  EXPECT_EQ(counts["i/port/receive read_port"], 3);
  EXPECT_EQ(counts["i/drop/drop read_port"], 3);
  // Every receive ends a flow some send started.
  int paired = 0;
  for (auto& [id, phases] : flows) {
    EXPECT_EQ(phases.front(), "s") << id;
    if (phases.size() == 2) {
      EXPECT_EQ(phases[1], "f");
      ++paired;
    }
  }
  EXPECT_EQ(paired, 3);
  EXPECT_EQ(flows.size(), 15u);

  // The values: frame 0 sends 00..04, the consumer gets 02 after dropping 2.
  std::vector<std::string> received;
  std::vector<std::int64_t> dropped;
  for (const auto& e : events) {
    if (e["name"] == "receive read_port") received.push_back(e["args"]["value"]);
    if (e["name"] == "drop read_port") dropped.push_back(e["args"]["dropped"]);
  }
  EXPECT_EQ(received, (std::vector<std::string>{"02", "07", "0C"}));
  EXPECT_EQ(dropped, (std::vector<std::int64_t>{2, 4, 4}));
}

TEST(SimTrace, DispatchSlicesLieInsideTheirPartitionsWindows) {
  plan::Plan plan = dropPlan();
  nlohmann::json events = nlohmann::json::parse(simulateToTrace(plan, 2))["traceEvents"];
  std::map<int, std::vector<std::pair<double, double>>> windows;
  for (const auto& e : events)
    if (e["ph"] == "X" && e["name"] == "window") windows[e["pid"]].push_back({e["ts"], e["ts"].get<double>() + e["dur"].get<double>()});
  int checked = 0;
  for (const auto& e : events) {
    if (e["ph"] != "X" || e["cat"] != "dispatch") continue;
    double start = e["ts"], end = start + e["dur"].get<double>();
    bool inside = false;
    for (auto [ws, we] : windows[e["pid"]]) inside |= ws <= start && end <= we;
    EXPECT_TRUE(inside) << e;
    EXPECT_EQ(e["tid"], 1);
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

TEST(SimTrace, TwoRunsGiveIdenticalTraces) {
  plan::Plan plan = dropPlan();
  EXPECT_EQ(simulateToTrace(plan, 20), simulateToTrace(plan, 20));
}

TEST(SimTrace, FlowIdsSeparateChannelsReceiversAndSequences) {
  std::set<std::uint64_t> ids = {trace::SimTrace::flowId(0, 0, 0), trace::SimTrace::flowId(1, 0, 0),
                                 trace::SimTrace::flowId(0, 1, 0), trace::SimTrace::flowId(0, 0, 1)};
  EXPECT_EQ(ids.size(), 4u);
}

}  // namespace
}  // namespace bulkhead::sim
