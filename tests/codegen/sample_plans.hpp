#pragma once
// Plans built by hand for codegen's tests (what plan/ builds from a model):
// both_vm's, and one with every port category for the compile test.
#include "plan/channel_geometry.hpp"
#include "plan/pacing.hpp"
#include "plan/plan.hpp"

#include <memory>

namespace bulkhead::codegen::testing {

inline wire::DataType scalarType(wire::DataType::Kind kind, std::string name, std::uint32_t bits) {
  wire::DataType type;
  type.kind = kind;
  type.name = std::move(name);
  type.bitWidth = bits;
  return type;
}

inline plan::Port port(std::string name, plan::Direction direction, plan::PortCategory category,
                       std::optional<wire::DataType> type, int channel, std::uint32_t queueSize = 1) {
  plan::Port p;
  p.name = std::move(name);
  p.direction = direction;
  p.category = category;
  p.dataType = std::move(type);
  p.channel = channel;
  p.queueSize = queueSize;
  p.receiverIndex = direction == plan::Direction::In && channel >= 0 ? 0 : -1;
  return p;
}

inline plan::Thread thread(std::string partition, std::string name, std::string classifier,
                           plan::DispatchProtocol dispatch, std::vector<plan::Port> ports) {
  plan::Thread t;
  t.name = name;
  t.instanceName = "top_impl_Instance." + partition + "." + name;
  t.classifier = "sample::" + classifier;
  t.dispatch = dispatch;
  t.period = dispatch == plan::DispatchProtocol::Periodic ? 1'000'000'000 : 1'000'000;
  t.computeExecutionTime = 10'000'000;
  t.ports = std::move(ports);
  return t;
}

inline plan::Channel channel(std::string name, plan::PortCategory category, std::uint64_t maxBits,
                             plan::Endpoint sender, plan::Endpoint receiver, std::uint32_t queueSize = 1) {
  plan::Channel c;
  c.name = std::move(name);
  c.category = category;
  c.maxBits = maxBits;
  c.queueSize = queueSize;
  c.rawBitCodec = true;
  c.sender = sender;
  receiver.queueSize = queueSize;
  c.receivers.push_back(receiver);
  (void)plan::layOut(c);
  return c;
}

inline plan::Channel periodQueue(std::string partition, int index) {
  plan::Channel c;
  c.name = partition + ".period";
  c.role = plan::ChannelRole::PeriodQueue;
  c.category = plan::PortCategory::EventData;
  c.maxBits = 8;
  c.receivers.push_back(plan::Endpoint{index, -1, -1, 1});
  (void)plan::layOut(c);
  return c;
}

inline void schedule(plan::Plan& plan) {
  plan.schedule.clockPeriod = 2'000'000;
  plan.schedule.framePeriod = 1'000'000'000;
  plan.schedule.maxDomain = 4;
  plan.schedule.source = "domain_schedule.c";
  std::int64_t start = 0;
  for (auto [domain, ticks] : std::vector<std::pair<int, std::uint64_t>>{{0, 80}, {1, 5}, {0, 5}, {2, 200}, {0, 5}, {3, 200}, {0, 5}}) {
    plan.schedule.slots.push_back(plan::ScheduleSlot{domain, ticks, start, static_cast<std::int64_t>(ticks) * 2'000'000, {}});
    start += static_cast<std::int64_t>(ticks) * 2'000'000;
  }
  // Called last, once the partitions and their period queues are in place.
  plan::assignPacerTicks(plan);
}

// both_vm: producer (domain 2) -> consumer (domain 3), Integer_8, queue 1.
inline plan::Plan bothVmPlan() {
  using plan::Direction;
  using plan::PortCategory;
  const auto int8 = scalarType(wire::DataType::Kind::Integer, "Base_Types::Integer_8", 8);
  plan::Plan p;
  p.system = "top.impl";
  plan::Partition producer;
  producer.name = "producer";
  producer.instanceName = "top_impl_Instance.producer";
  producer.classifier = "sample::producer_p.i";
  producer.domain = 2;
  producer.kind = plan::PartitionKind::VirtualMachine;
  producer.threads.push_back(thread("producer", "producer", "producer_t.i", plan::DispatchProtocol::Periodic,
                                    {port("write_port", Direction::Out, PortCategory::EventData, int8, 0)}));
  producer.periodChannel = 1;
  plan::Partition consumer = producer;
  consumer.name = "consumer";
  consumer.instanceName = "top_impl_Instance.consumer";
  consumer.classifier = "sample::consumer_p.i";
  consumer.domain = 3;
  consumer.threads = {thread("consumer", "consumer", "consumer_t.i", plan::DispatchProtocol::Periodic,
                             {port("read_port", Direction::In, PortCategory::EventData, int8, 0)})};
  consumer.periodChannel = 2;
  p.partitions = {producer, consumer};
  p.channels = {channel("producer.producer.write_port", PortCategory::EventData, 8, {0, 0, 0, 1}, {1, 0, 0, 1}),
                periodQueue("producer", 0), periodQueue("consumer", 1)};
  schedule(p);
  return p;
}

// Every port category and a sporadic thread: sender (domain 2) drives
// receiver (domain 3) whose periodic thread reads queue and data port and
// whose sporadic handler takes events and strings.
inline plan::Plan mixedPortsPlan() {
  using plan::Direction;
  using plan::PortCategory;
  const auto int8 = scalarType(wire::DataType::Kind::Integer, "Base_Types::Integer_8", 8);
  const auto u16 = scalarType(wire::DataType::Kind::Unsigned, "Base_Types::Unsigned_16", 16);
  auto text = scalarType(wire::DataType::Kind::String, "Base_Types::String", 0);
  text.maxLength = 16;
  // A record with a float, a 2-bit enumeration and an array of 3 Integer_16.
  wire::DataType pose;
  pose.kind = wire::DataType::Kind::Record;
  pose.name = "sample::Pose.i";
  pose.fields.push_back({"x", std::make_shared<const wire::DataType>(scalarType(wire::DataType::Kind::Float, "Base_Types::Float_32", 32))});
  pose.fields.push_back({"mode", std::make_shared<const wire::DataType>(scalarType(wire::DataType::Kind::Unsigned, "sample::Mode", 2))});
  wire::DataType samples;
  samples.kind = wire::DataType::Kind::Array;
  samples.name = "sample::Samples";
  samples.maxLength = 3;
  samples.element = std::make_shared<const wire::DataType>(scalarType(wire::DataType::Kind::Integer, "Base_Types::Integer_16", 16));
  pose.fields.push_back({"samples", std::make_shared<const wire::DataType>(samples)});
  plan::Plan p;
  p.system = "top.impl";
  plan::Partition sender;
  sender.name = "sender";
  sender.instanceName = "top_impl_Instance.sender";
  sender.classifier = "sample::sender_p.i";
  sender.domain = 2;
  sender.threads.push_back(thread("sender", "sender", "sender_t.i", plan::DispatchProtocol::Periodic,
                                  {port("write_port", Direction::Out, PortCategory::EventData, int8, 0),
                                   port("level", Direction::Out, PortCategory::Data, u16, 1),
                                   port("ping", Direction::Out, PortCategory::Event, std::nullopt, 2),
                                   port("text", Direction::Out, PortCategory::EventData, text, 3),
                                   port("spare", Direction::Out, PortCategory::EventData, int8, -1),
                                   port("pose", Direction::Out, PortCategory::Data, pose, 4)}));
  sender.periodChannel = 5;
  plan::Partition receiver;
  receiver.name = "receiver";
  receiver.instanceName = "top_impl_Instance.receiver";
  receiver.classifier = "sample::receiver_p.i";
  receiver.domain = 3;
  receiver.threads.push_back(thread("receiver", "reader", "reader_t.i", plan::DispatchProtocol::Periodic,
                                    {port("read_port", Direction::In, PortCategory::EventData, int8, 0, 3),
                                     port("level", Direction::In, PortCategory::Data, u16, 1),
                                     port("pose", Direction::In, PortCategory::Data, pose, 4)}));
  receiver.threads.push_back(thread("receiver", "handler", "handler_t.i", plan::DispatchProtocol::Sporadic,
                                    {port("ping", Direction::In, PortCategory::Event, std::nullopt, 2, 4),
                                     port("text", Direction::In, PortCategory::EventData, text, 3, 2)}));
  receiver.periodChannel = 6;
  p.partitions = {sender, receiver};
  p.channels = {channel("sender.sender.write_port", PortCategory::EventData, 8, {0, 0, 0, 1}, {1, 0, 0, 3}, 3),
                channel("sender.sender.level", PortCategory::Data, 16, {0, 0, 1, 1}, {1, 0, 1, 1}),
                channel("sender.sender.ping", PortCategory::Event, 0, {0, 0, 2, 1}, {1, 1, 0, 4}, 4),
                channel("sender.sender.text", PortCategory::EventData, 8 * 16 + 32, {0, 0, 3, 1}, {1, 1, 1, 2}, 2),
                channel("sender.sender.pose", PortCategory::Data, 32 + 2 + 3 * 16, {0, 0, 5, 1}, {1, 0, 2, 1}),
                periodQueue("sender", 0), periodQueue("receiver", 1)};
  schedule(p);
  return p;
}

}  // namespace bulkhead::codegen::testing
