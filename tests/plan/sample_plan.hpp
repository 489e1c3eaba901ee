#pragma once
// A hand-made Plan that uses every field and every enumeration value, for
// the JSON, text and graph tests.
#include "plan/channel_geometry.hpp"
#include "plan/plan.hpp"

#include <memory>

namespace bulkhead::plan::testing {

inline constexpr Nanoseconds ms = 1'000'000;

inline wire::DataType scalar(wire::DataType::Kind kind, std::string name, std::uint32_t bits) {
  wire::DataType t;
  t.kind = kind;
  t.name = std::move(name);
  t.bitWidth = bits;
  return t;
}

// A Plan using every field and every enumeration value at least once.
inline Plan samplePlan() {
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

  Partition producer{"producer", "top_impl_Instance.producer", "pkg::producer_p.i", 2, PartitionKind::VirtualMachine, {}, 2, 1, {}, {}};
  producer.threads.push_back(Thread{"producer", "top_impl_Instance.producer.producer", "pkg::producer_t.i",
                                    DispatchProtocol::Periodic, 1000 * ms, 10 * ms, MicrokitLanguage::C,
                                    {Port{"write_port", Direction::Out, PortCategory::EventData,
                                          scalar(wire::DataType::Kind::Integer, "Base_Types::Integer_8", 8), 1,
                                          OverflowHandling::DropOldest, 0, -1},
                                     Port{"reading", Direction::Out, PortCategory::Data, record, 1,
                                          OverflowHandling::DropNewest, 1, -1}}});
  Partition consumer{"consumer", "top_impl_Instance.consumer", "pkg::consumer_p.i", 3, PartitionKind::Native, {}, -1, 1, {}, {}};
  consumer.threads.push_back(Thread{"consumer", "top_impl_Instance.consumer.consumer", "pkg::consumer_t.i",
                                    DispatchProtocol::Sporadic, 50 * ms, 5 * ms, MicrokitLanguage::C,
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
                                 {{0, 90, 0, 180 * ms, {}}, {1, 5, 180 * ms, 10 * ms, {0}}, {2, 405, 190 * ms, 810 * ms, {}}}, Pacing::Pacer};
  plan.pacerDomain = 1;
  (void)layOutChannels(plan);
  return plan;
}

}  // namespace bulkhead::plan::testing
