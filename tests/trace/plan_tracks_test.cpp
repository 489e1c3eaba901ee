// The track layout shared by sim and run traces.
#include "trace/plan_tracks.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace bulkhead::trace {
namespace {

plan::Plan twoPartitions() {
  plan::Plan plan;
  plan.pacerDomain = 1;
  plan.schedule.framePeriod = 100;
  plan.schedule.slots = {{1, 1, 0, 10, {}}, {2, 1, 10, 40, {}}, {3, 1, 50, 50, {}}};
  plan::Partition a;
  a.name = "a";
  a.instanceName = "top_impl_Instance.a";
  a.domain = 2;
  plan::Partition b = a;
  b.name = "b";
  b.instanceName = "top_impl_Instance.b";
  b.domain = 3;
  plan.partitions = {a, b};
  return plan;
}

TEST(PlanTracks, SlotsGoToTheSupervisorAndWindowsToThePartitionsOfTheirDomain) {
  plan::Plan plan = twoPartitions();
  std::ostringstream out;
  TraceWriter writer(out);
  nameTracks(writer, plan);
  for (int s = 0; s < 3; ++s)
    writeSlot(writer, plan, 4, s, 400 + plan.schedule.slots[static_cast<std::size_t>(s)].start,
              plan.schedule.slots[static_cast<std::size_t>(s)].length);
  writePacerTick(writer, 400, 5);
  writer.finish();
  auto events = nlohmann::json::parse(out.str())["traceEvents"];
  std::vector<std::string> slices;
  for (const auto& e : events) {
    if (e["ph"] == "M" && e["name"] == "process_name")
      slices.push_back("name " + std::to_string(e["pid"].get<int>()) + " " + e["args"]["name"].get<std::string>());
    if (e["ph"] == "X")
      slices.push_back(e["name"].get<std::string>() + " " + std::to_string(e["pid"].get<int>()) + "/" +
                       std::to_string(e["tid"].get<int>()) + " frame " + std::to_string(e["args"]["frame"].get<int>()));
    if (e["ph"] == "i") slices.push_back("tick " + std::to_string(e["args"]["tick"].get<int>()));
  }
  EXPECT_EQ(slices, (std::vector<std::string>{"name 0 supervisor (domain 0, pacer)", "name 1 a (domain 2)",
                                              "name 2 b (domain 3)", "pacer (domain 1) 0/0 frame 4",
                                              "domain 2 0/0 frame 4", "window 1/1 frame 4", "domain 3 0/0 frame 4",
                                              "window 2/1 frame 4", "tick 5"}));
}

}  // namespace
}  // namespace bulkhead::trace
