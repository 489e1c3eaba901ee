// The readable Plan: tables, the schedule timeline and its bar.
#include "plan/channel_geometry.hpp"
#include "plan/plan_json.hpp"
#include "plan/plan_text.hpp"
#include "sample_plan.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace bulkhead::plan {
namespace {

using testing::ms;
using testing::samplePlan;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(PlanText, ScheduleBarShowsEachDomainsShare) {
  Plan plan = samplePlan();
  EXPECT_EQ(scheduleBar(plan.schedule, 100), std::string(18, '0') + "1" + std::string(81, '2'));
  // 100 ms cells: the second holds 80 ms of domain 0; the pacer's 10 ms is too thin to show.
  EXPECT_EQ(scheduleBar(plan.schedule, 10), "00" + std::string(8, '2'));
  DomainSchedule wide{1 * ms, 40 * ms, 0, "", {{11, 10, 0, 10 * ms, {}}, {35, 10, 10 * ms, 10 * ms, {}}, {36, 20, 20 * ms, 20 * ms, {}}}, Pacing::Pacer};
  EXPECT_EQ(scheduleBar(wide, 4), "bz##");
  EXPECT_EQ(scheduleBar(DomainSchedule{}, 10), "");
}

TEST(PlanText, TablesNameEverything) {
  Plan plan = samplePlan();
  std::string text = planText(plan);
  EXPECT_TRUE(contains(text, "Plan of test_event_data_port_periodic_domains::top.impl  (fingerprint " +
                                 fingerprintHex(fingerprint(plan)) + ")\n"))
      << text;
  // Partitions: domain and kind.
  EXPECT_TRUE(contains(text, "  0  producer   2       virtual machine  1\n")) << text;
  EXPECT_TRUE(contains(text, "  1  consumer   3       native           1\n")) << text;
  // Threads with dispatch, period, Compute_Execution_Time and entry points.
  EXPECT_TRUE(contains(text, "    thread producer: periodic, period 1000 ms, Compute_Execution_Time 10 ms\n")) << text;
  EXPECT_TRUE(contains(text, "      entry points: initialise, timeTriggered, finalise\n")) << text;
  EXPECT_TRUE(contains(text, "    thread consumer: sporadic, minimum inter-arrival 50 ms, Compute_Execution_Time 5 ms\n"));
  EXPECT_TRUE(contains(text, "      entry points: initialise, handle_read_port, handle_alarm, finalise\n")) << text;
  // Ports.
  EXPECT_TRUE(contains(text, "      out event data port write_port: Base_Types::Integer_8  -> channel 0\n")) << text;
  EXPECT_TRUE(contains(text, "      in event data port read_port: Base_Types::Unsigned_8  Queue_Size 3 Error  <- channel 0\n"))
      << text;
  EXPECT_TRUE(contains(text, "      in event port alarm  Queue_Size 2  (unconnected)\n")) << text;
  EXPECT_TRUE(contains(text, "    period queue: <- channel 2 (pacer)\n")) << text;
  // Channels: kind, Queue_Size, slot bytes, max bits, endpoints.
  EXPECT_TRUE(contains(text, "  #  channel                       kind             Queue_Size  slot bytes  region bytes  max bits  "
                             "endpoints\n"))
      << text;
  // Slot and region bytes are channel/layout.hpp's (tested there); the table
  // shows them in their columns.
  auto sizes = [&plan](size_t i) {
    return fmt::format("{:<10}  {:<12}  ", slotBytes(plan.channels[i]), regionBytes(plan.channels[i]));
  };
  EXPECT_TRUE(contains(text, "  0  producer.producer.write_port  event data port  3           " + sizes(0) +
                             "8         producer.producer.write_port -> consumer.consumer.read_port\n"))
      << text;
  EXPECT_TRUE(contains(text, "  1  producer.producer.reading     data port        1           " + sizes(1) +
                             "385       producer.producer.reading -> (none)\n"))
      << text;
  EXPECT_TRUE(contains(text, "  2  producer.period               period queue     1           " + sizes(2) +
                             "8         pacer -> producer\n"))
      << text;
  EXPECT_TRUE(contains(text, "  wire protocol: raw bit codec (HAMR::Bit_Codec_Raw_Connections)\n"));
  // The schedule as a timeline.
  EXPECT_TRUE(contains(text, "Domain schedule (domain_schedule.c): Frame_Period 1000 ms, Clock_Period 2 ms, Max_Domain 4, "
                             "paced by the pacer\n"));
  EXPECT_TRUE(contains(text, "  slot  domain  runs        start ms  length ms  ticks  pacer ticks\n")) << text;
  EXPECT_TRUE(contains(text, "  0     0       supervisor  0         180        90     -\n")) << text;
  EXPECT_TRUE(contains(text, "  1     1       pacer       180       10         5      producer\n")) << text;
  EXPECT_TRUE(contains(text, "  2     2       producer    190       810        405    -\n")) << text;
  EXPECT_TRUE(contains(text, "  |" + scheduleBar(plan.schedule, 100) + "|\n")) << text;
  EXPECT_TRUE(contains(text, "  one character = 10 ms; each shows its domain\n")) << text;
}

TEST(PlanText, SlotBytesFollowTheChannelLayout) {
  Channel c;
  c.queueSize = 3;
  for (std::uint64_t bits : {1u, 8u, 64u, 65u, 385u, 100000u}) {
    c.maxBits = bits;
    ASSERT_TRUE(layOut(c).has_value());
    auto layout = channel::layoutFor(geometryOf(c));
    ASSERT_TRUE(layout.has_value());
    EXPECT_EQ(slotBytes(c), layout->slotSize) << bits;
    EXPECT_EQ(regionBytes(c), layout->regionSize) << bits;
    EXPECT_GE(slotBytes(c), 8 + (bits + 7) / 8) << bits;           // the bit count and the payload fit
    EXPECT_GE(regionBytes(c), 4 * slotBytes(c)) << bits;            // Queue_Size + 1 slots
    EXPECT_EQ(layout->kind, channel::Kind::EventData);
  }
  c.category = PortCategory::Data;
  EXPECT_EQ(channel::layoutFor(geometryOf(c))->slotCount, 1u);
  c.category = PortCategory::Event;
  ASSERT_TRUE(layOut(c).has_value());
  EXPECT_EQ(slotBytes(c), 0u);
  EXPECT_EQ(channel::layoutFor(geometryOf(c))->kind, channel::Kind::Event);
  c.category = PortCategory::EventData;
  c.maxBits = std::uint64_t{1} << 40;  // beyond any slot: the layout rejects it
  EXPECT_FALSE(layOut(c).has_value());
  EXPECT_EQ(slotBytes(c), 0u);
  EXPECT_EQ(regionBytes(c), 0u);
}

}  // namespace
}  // namespace bulkhead::plan
