// Plan <-> JSON, and the fingerprint.
#include "plan/plan_json.hpp"

#include <gtest/gtest.h>

namespace bulkhead::plan {
namespace {

constexpr Nanoseconds ms = 1'000'000;

wire::DataType scalar(wire::DataType::Kind kind, std::string name, std::uint32_t bits) {
  wire::DataType t;
  t.kind = kind;
  t.name = std::move(name);
  t.bitWidth = bits;
  return t;
}

// A Plan using every field and every enumeration value at least once.
Plan samplePlan() {
  Plan plan;
  plan.system = "test_event_data_port_periodic_domains::top.impl";
  wire::DataType record;
  record.kind = wire::DataType::Kind::Record;
  record.name = "pkg::Reading.impl";
  record.fields.push_back({"ok", std::make_shared<const wire::DataType>(scalar(wire::DataType::Kind::Boolean, "Base_Types::Boolean", 1))});
  wire::DataType array;
  array.kind = wire::DataType::Kind::Array;
  array.name = "pkg::Samples";
  array.maxLength = 4;
  array.element = std::make_shared<const wire::DataType>(scalar(wire::DataType::Kind::Float, "Base_Types::Float_64", 64));
  record.fields.push_back({"samples", std::make_shared<const wire::DataType>(array)});
  wire::DataType text = scalar(wire::DataType::Kind::String, "Base_Types::String", 0);
  text.maxLength = 16;
  record.fields.push_back({"label", std::make_shared<const wire::DataType>(text)});

  Partition producer{"producer", "top_impl_Instance.producer", "pkg::producer_p.i", 2, PartitionKind::VirtualMachine, {}, 2};
  producer.threads.push_back(Thread{"producer", "top_impl_Instance.producer.producer", "pkg::producer_t.i",
                                    DispatchProtocol::Periodic, 1000 * ms, 10 * ms,
                                    {Port{"write_port", Direction::Out, PortCategory::EventData,
                                          scalar(wire::DataType::Kind::Integer, "Base_Types::Integer_8", 8), 1,
                                          OverflowHandling::DropOldest, 0, -1},
                                     Port{"reading", Direction::Out, PortCategory::Data, record, 1,
                                          OverflowHandling::DropNewest, 1, -1}}});
  Partition consumer{"consumer", "top_impl_Instance.consumer", "pkg::consumer_p.i", 3, PartitionKind::Native, {}, -1};
  consumer.threads.push_back(Thread{"consumer", "top_impl_Instance.consumer.consumer", "pkg::consumer_t.i",
                                    DispatchProtocol::Sporadic, 50 * ms, 5 * ms,
                                    {Port{"read_port", Direction::In, PortCategory::EventData,
                                          scalar(wire::DataType::Kind::Unsigned, "Base_Types::Unsigned_8", 8), 3,
                                          OverflowHandling::Error, 0, 0},
                                     Port{"alarm", Direction::In, PortCategory::Event, std::nullopt, 2,
                                          OverflowHandling::DropOldest, -1, -1},
                                     Port{"letter", Direction::In, PortCategory::Data,
                                          scalar(wire::DataType::Kind::Character, "Base_Types::Character", 8), 1,
                                          OverflowHandling::DropOldest, -1, -1}}});
  plan.partitions = {producer, consumer};
  plan.channels.push_back(Channel{"producer.producer.write_port", ChannelRole::Connection, PortCategory::EventData, 3,
                                  OverflowHandling::DropOldest, 8, true, Endpoint{0, 0, 0, 1}, {Endpoint{1, 0, 0, 3}}});
  plan.channels.push_back(Channel{"producer.producer.reading", ChannelRole::Connection, PortCategory::Data, 1,
                                  OverflowHandling::DropNewest, 1 + 4 * 64 + 16 * 8, false, Endpoint{0, 0, 1, 1}, {}});
  plan.channels.push_back(Channel{"producer.period", ChannelRole::PeriodQueue, PortCategory::EventData, 1,
                                  OverflowHandling::DropOldest, 8, true, std::nullopt, {Endpoint{0, -1, -1, 1}}});
  plan.schedule = DomainSchedule{2 * ms, 1000 * ms, 4, "domain_schedule.c",
                                 {{0, 90, 0, 180 * ms}, {1, 5, 180 * ms, 10 * ms}, {2, 405, 190 * ms, 810 * ms}}};
  plan.pacerDomain = 1;
  return plan;
}

TEST(PlanJson, RoundTripKeepsEveryField) {
  Plan plan = samplePlan();
  nlohmann::json json = toJson(plan);
  auto back = planFromJson(json);
  ASSERT_TRUE(back.has_value()) << back.error();
  EXPECT_EQ(toJson(*back), json);
  EXPECT_EQ(canonicalJson(*back), canonicalJson(plan));
  // Spot checks on the C++ side, so a field dropped on both ways is caught.
  EXPECT_EQ(back->partitions[0].kind, PartitionKind::VirtualMachine);
  EXPECT_EQ(back->partitions[0].periodChannel, 2);
  EXPECT_EQ(back->partitions[1].threads[0].dispatch, DispatchProtocol::Sporadic);
  EXPECT_EQ(back->partitions[1].threads[0].period, 50 * ms);
  EXPECT_EQ(back->partitions[1].threads[0].computeExecutionTime, 5 * ms);
  const Port& read = back->partitions[1].threads[0].ports[0];
  EXPECT_EQ(read.direction, Direction::In);
  EXPECT_EQ(read.overflow, OverflowHandling::Error);
  EXPECT_EQ(read.queueSize, 3u);
  EXPECT_EQ(read.receiverIndex, 0);
  EXPECT_FALSE(back->partitions[1].threads[0].ports[1].dataType.has_value());
  const wire::DataType& record = *back->partitions[0].threads[0].ports[1].dataType;
  ASSERT_EQ(record.fields.size(), 3u);
  EXPECT_EQ(record.fields[1].type->kind, wire::DataType::Kind::Array);
  EXPECT_EQ(record.fields[1].type->maxLength, 4u);
  EXPECT_EQ(record.fields[1].type->element->bitWidth, 64u);
  EXPECT_EQ(record.fields[2].type->maxLength, 16u);
  EXPECT_FALSE(back->channels[2].sender.has_value());
  EXPECT_EQ(back->channels[2].role, ChannelRole::PeriodQueue);
  EXPECT_TRUE(back->channels[0].rawBitCodec);
  EXPECT_EQ(back->channels[0].receivers[0].queueSize, 3u);
  EXPECT_EQ(back->schedule.slots[2].ticks, 405u);
  EXPECT_EQ(back->schedule.source, "domain_schedule.c");
}

TEST(PlanJson, UsesReadableNames) {
  nlohmann::json json = toJson(samplePlan());
  EXPECT_EQ(json["partitions"][0]["kind"], "VirtualMachine");
  EXPECT_EQ(json["partitions"][0]["threads"][0]["ports"][0]["category"], "EventData");
  EXPECT_EQ(json["partitions"][0]["threads"][0]["ports"][0]["dataType"]["name"], "Base_Types::Integer_8");
  EXPECT_EQ(json["channels"][2]["role"], "PeriodQueue");
  EXPECT_FALSE(json["channels"][2].contains("sender"));
}

TEST(PlanJson, ErrorsNameThePath) {
  nlohmann::json json = toJson(samplePlan());
  json["partitions"][1]["domain"] = "three";
  EXPECT_EQ(planFromJson(json).error(), "/partitions/1/domain: expected an integer");
  json = toJson(samplePlan());
  json["channels"][0]["category"] = "Mailbox";
  EXPECT_EQ(planFromJson(json).error(),
            "/channels/0/category: unknown value 'Mailbox' (expected one of Event, Data, EventData)");
  json = toJson(samplePlan());
  json["schedule"].erase("slots");
  EXPECT_EQ(planFromJson(json).error(), "/schedule: missing key 'slots'");
  json = toJson(samplePlan());
  json["channels"][0]["queueSize"] = -1;
  EXPECT_EQ(planFromJson(json).error(), "/channels/0/queueSize: integer out of range");
  EXPECT_EQ(planFromJson(nlohmann::json::array()).error(), "/: expected an object");
}

TEST(PlanFingerprint, StableAndSensitive) {
  Plan plan = samplePlan();
  const std::uint64_t print = fingerprint(plan);
  EXPECT_EQ(fingerprint(samplePlan()), print);
  EXPECT_EQ(fingerprint(*planFromJson(toJson(plan))), print);
  Plan other = samplePlan();
  other.channels[0].queueSize = 4;
  EXPECT_NE(fingerprint(other), print);
  other = samplePlan();
  other.partitions[1].threads[0].ports[0].name = "read_port2";
  EXPECT_NE(fingerprint(other), print);
  EXPECT_EQ(fingerprintHex(0x1234abcdull), "000000001234abcd");
  EXPECT_EQ(fingerprintHex(print).size(), 16u);
}

TEST(PlanFingerprint, IsFnv1aOfTheCanonicalJson) {
  // FNV-1a 64 of the empty string is the offset basis, of "a" a known value:
  // checked through a Plan-independent path by hashing the same text here.
  Plan plan;
  std::string text = canonicalJson(plan);
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ull;
  EXPECT_EQ(fingerprint(plan), hash);
  EXPECT_EQ(text.find(' '), std::string::npos);  // compact
  EXPECT_LT(text.find("\"channels\""), text.find("\"partitions\""));  // sorted keys
}

}  // namespace
}  // namespace bulkhead::plan
