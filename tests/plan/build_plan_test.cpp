// buildPlan through the real model loader: both_vm, a richer model, and one
// failing fixture per plan-stage check with its exact message.
#include "plan/build_plan.hpp"
#include "plan/plan_json.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace bulkhead::plan {
namespace {

using testing::fixture;
constexpr Nanoseconds ms = 1'000'000;

Plan loadOk(const std::string& path) {
  auto plan = loadPlan({path});
  EXPECT_TRUE(plan.has_value()) << (plan ? "" : model::render(plan.error()));
  return plan.value_or(Plan{});
}

const Channel* channelNamed(const Plan& plan, const std::string& name) {
  auto it = std::find_if(plan.channels.begin(), plan.channels.end(), [&](const Channel& c) { return c.name == name; });
  return it == plan.channels.end() ? nullptr : &*it;
}

const Partition* partitionNamed(const Plan& plan, const std::string& name) {
  auto it = std::find_if(plan.partitions.begin(), plan.partitions.end(), [&](const Partition& p) { return p.name == name; });
  return it == plan.partitions.end() ? nullptr : &*it;
}

TEST(BuildPlan, BothVm) {
  Plan plan = loadOk(testing::sourceFile("examples/both_vm/both_vm.aadl"));
  EXPECT_EQ(plan.system, "test_event_data_port_periodic_domains::top.impl");
  ASSERT_EQ(plan.partitions.size(), 2u);
  const Partition& producer = plan.partitions[0];
  const Partition& consumer = plan.partitions[1];
  EXPECT_EQ(producer.name, "producer");
  EXPECT_EQ(producer.instanceName, "top_impl_Instance.producer");
  EXPECT_EQ(producer.domain, 2);
  EXPECT_EQ(consumer.domain, 3);
  EXPECT_EQ(producer.kind, PartitionKind::VirtualMachine);
  EXPECT_EQ(consumer.kind, PartitionKind::VirtualMachine);
  ASSERT_EQ(producer.threads.size(), 1u);
  const Thread& thread = producer.threads[0];
  EXPECT_EQ(thread.instanceName, "top_impl_Instance.producer.producer");
  EXPECT_EQ(thread.classifier, "test_event_data_port_periodic_domains::producer_t.i");
  EXPECT_EQ(thread.dispatch, DispatchProtocol::Periodic);
  EXPECT_EQ(thread.period, 1000 * ms);
  EXPECT_EQ(thread.computeExecutionTime, 10 * ms);
  ASSERT_EQ(thread.ports.size(), 1u);
  EXPECT_EQ(thread.ports[0].name, "write_port");
  EXPECT_EQ(thread.ports[0].direction, Direction::Out);
  EXPECT_EQ(thread.ports[0].category, PortCategory::EventData);
  ASSERT_TRUE(thread.ports[0].dataType.has_value());
  EXPECT_EQ(thread.ports[0].dataType->name, "Base_Types::Integer_8");
  EXPECT_EQ(thread.ports[0].dataType->kind, wire::DataType::Kind::Integer);
  EXPECT_EQ(thread.ports[0].dataType->bitWidth, 8u);

  // One connection channel and two period queues.
  ASSERT_EQ(plan.channels.size(), 3u);
  const Channel& c = plan.channels[0];
  EXPECT_EQ(c.name, "producer.producer.write_port");
  EXPECT_EQ(c.role, ChannelRole::Connection);
  EXPECT_EQ(c.category, PortCategory::EventData);
  EXPECT_EQ(c.queueSize, 1u);
  EXPECT_EQ(c.maxBits, 8u);
  // The region's layout is resolved here, once: 8-bit slots in the counter's line.
  EXPECT_EQ(c.layout.kind, channel::Kind::EventData);
  EXPECT_EQ(c.layout.slotCount, 2u);
  EXPECT_EQ(c.layout.slotSize, 16u);
  EXPECT_EQ(c.layout.slotsOffset, channel::kCompactSlotsOffset);
  EXPECT_EQ(c.layout.regionSize, 128u);
  EXPECT_TRUE(c.rawBitCodec);
  ASSERT_TRUE(c.sender.has_value());
  EXPECT_EQ(c.sender->partition, 0);
  ASSERT_EQ(c.receivers.size(), 1u);
  EXPECT_EQ(c.receivers[0].partition, 1);
  EXPECT_EQ(thread.ports[0].channel, 0);
  EXPECT_EQ(consumer.threads[0].ports[0].channel, 0);
  EXPECT_EQ(consumer.threads[0].ports[0].receiverIndex, 0);
  for (const Partition* p : {&producer, &consumer}) {
    ASSERT_GE(p->periodChannel, 1);
    const Channel& queue = plan.channels[static_cast<size_t>(p->periodChannel)];
    EXPECT_EQ(queue.role, ChannelRole::PeriodQueue);
    EXPECT_EQ(queue.queueSize, 1u);
    EXPECT_EQ(queue.maxBits, 8u);
    EXPECT_FALSE(queue.sender.has_value());
    ASSERT_EQ(queue.receivers.size(), 1u);
    EXPECT_EQ(queue.receivers[0].partition, p == &producer ? 0 : 1);
  }
  EXPECT_NE(producer.periodChannel, consumer.periodChannel);

  // The schedule file, 7 slots summing to the 1000 ms frame.
  const DomainSchedule& s = plan.schedule;
  EXPECT_EQ(s.source, "domain_schedule.c");
  EXPECT_EQ(s.framePeriod, 1000 * ms);
  EXPECT_EQ(s.clockPeriod, 2 * ms);
  EXPECT_EQ(s.maxDomain, 4);
  ASSERT_EQ(s.slots.size(), 7u);
  Nanoseconds total = 0;
  for (const ScheduleSlot& slot : s.slots) total += slot.length;
  EXPECT_EQ(total, 1000 * ms);
  EXPECT_EQ(s.slots[3].domain, 2);
  EXPECT_EQ(s.slots[3].length, 400 * ms);
  EXPECT_EQ(plan.pacerDomain, 1);

  // The JSON round trip of a real Plan, and a fingerprint independent of
  // how the model's path was spelled.
  EXPECT_EQ(toJson(*planFromJson(toJson(plan))), toJson(plan));
  Plan again = loadOk(testing::sourceFile("examples/both_vm/../both_vm/both_vm.aadl"));
  EXPECT_EQ(fingerprint(again), fingerprint(plan));
}

TEST(BuildPlan, DefaultScheduleWithoutScheduleSourceText) {
  Plan plan = loadOk(fixture("model_default_schedule.aadl"));
  EXPECT_EQ(plan.schedule.source, "generated default");
  ASSERT_EQ(plan.schedule.slots.size(), 7u);
  const int domains[] = {0, 1, 0, 2, 0, 3, 0};
  const std::uint64_t ticks[] = {100, 5, 5, 5, 5, 5, 375};
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(plan.schedule.slots[i].domain, domains[i]) << i;
    EXPECT_EQ(plan.schedule.slots[i].ticks, ticks[i]) << i;
  }
  EXPECT_EQ(plan.partitions[0].kind, PartitionKind::Native);
  EXPECT_FALSE(plan.channels[0].rawBitCodec);
}

TEST(BuildPlan, ScheduleFileNextToTheModel) {
  Plan plan = loadOk(fixture("model_schedule_file.aadl"));
  EXPECT_EQ(plan.schedule.source, "model_schedule_file.c");
  EXPECT_EQ(plan.schedule.slots.size(), 7u);
}

TEST(BuildPlan, RichModel) {
  Plan plan = loadOk(fixture("model_rich.aadl"));
  ASSERT_EQ(plan.partitions.size(), 3u);
  const Partition* sensor = partitionNamed(plan, "sensor");
  const Partition* logger = partitionNamed(plan, "logger");
  const Partition* display = partitionNamed(plan, "display");
  ASSERT_TRUE(sensor && logger && display);
  EXPECT_EQ(sensor->kind, PartitionKind::Native);
  EXPECT_EQ(display->kind, PartitionKind::VirtualMachine);  // bound to a virtual processor
  ASSERT_EQ(logger->threads.size(), 1u);                    // found inside its thread group
  EXPECT_EQ(logger->threads[0].instanceName, "top_impl_Instance.logger.group.logger");
  EXPECT_EQ(logger->threads[0].dispatch, DispatchProtocol::Sporadic);
  EXPECT_EQ(logger->threads[0].period, 500 * ms);
  EXPECT_EQ(logger->threads[0].computeExecutionTime, 3 * ms);
  EXPECT_EQ(logger->periodChannel, -1);  // sporadic only: no period queue
  EXPECT_GE(sensor->periodChannel, 0);
  EXPECT_GE(display->periodChannel, 0);

  // The record: Boolean 1 + Unsigned_16 16 + 4 x Float_32 128 + String(16) 5 + 128.
  const Channel* reading = channelNamed(plan, "sensor.sensor.reading");
  ASSERT_NE(reading, nullptr);
  EXPECT_EQ(reading->category, PortCategory::EventData);
  EXPECT_EQ(reading->queueSize, 5u);  // the largest receiver Queue_Size (5 and 3)
  EXPECT_EQ(reading->maxBits, 278u);
  ASSERT_EQ(reading->receivers.size(), 2u);
  std::vector<std::uint32_t> queues{reading->receivers[0].queueSize, reading->receivers[1].queueSize};
  std::sort(queues.begin(), queues.end());
  EXPECT_EQ(queues, (std::vector<std::uint32_t>{3, 5}));
  const wire::DataType& record = *sensor->threads[0].ports[0].dataType;
  EXPECT_EQ(record.kind, wire::DataType::Kind::Record);
  ASSERT_EQ(record.fields.size(), 4u);
  EXPECT_EQ(record.fields[0].name, "ok");
  EXPECT_EQ(record.fields[1].type->kind, wire::DataType::Kind::Unsigned);
  EXPECT_EQ(record.fields[2].type->kind, wire::DataType::Kind::Array);
  EXPECT_EQ(record.fields[2].type->maxLength, 4u);
  EXPECT_EQ(record.fields[2].type->element->kind, wire::DataType::Kind::Float);
  EXPECT_EQ(record.fields[3].type->kind, wire::DataType::Kind::String);
  EXPECT_EQ(record.fields[3].type->maxLength, 16u);

  const Channel* status = channelNamed(plan, "sensor.sensor.status");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->category, PortCategory::Data);
  EXPECT_EQ(status->queueSize, 1u);
  EXPECT_EQ(status->maxBits, 32u);
  const Channel* alarm = channelNamed(plan, "sensor.sensor.alarm");
  ASSERT_NE(alarm, nullptr);
  EXPECT_EQ(alarm->category, PortCategory::Event);
  EXPECT_EQ(alarm->queueSize, 2u);
  EXPECT_EQ(alarm->maxBits, 0u);
  EXPECT_EQ(plan.channels.size(), 5u);  // three connections, two period queues
  ASSERT_EQ(sensor->threads[0].ports.size(), 4u);
  EXPECT_EQ(sensor->threads[0].ports[3].name, "temperature");
  EXPECT_EQ(sensor->threads[0].ports[3].channel, -1);  // unconnected

  // Default schedule on 1 ms ticks: windows 20, 3 and 30 ms.
  const DomainSchedule& s = plan.schedule;
  EXPECT_EQ(s.framePeriod, 500 * ms);
  ASSERT_EQ(s.slots.size(), 9u);
  const int domains[] = {0, 1, 0, 2, 0, 3, 0, 4, 0};
  const std::uint64_t ticks[] = {200, 10, 10, 20, 10, 3, 10, 30, 207};
  for (size_t i = 0; i < 9; ++i) {
    EXPECT_EQ(s.slots[i].domain, domains[i]) << i;
    EXPECT_EQ(s.slots[i].ticks, ticks[i]) << i;
  }
}

TEST(BuildPlan, WarnsWhenTheDefaultScheduleGuessesAWindow) {
  Diagnostics warnings;
  auto plan = loadPlan({fixture("model_no_compute_time.aadl")}, "", &warnings);
  ASSERT_TRUE(plan.has_value()) << model::render(plan.error());
  ASSERT_EQ(warnings.items.size(), 1u) << model::render(warnings);
  EXPECT_EQ(warnings.items[0].severity, Severity::Warning);
  EXPECT_EQ(warnings.items[0].location.line, 49u);
  EXPECT_EQ(warnings.items[0].message,
            "no thread of partition 'consumer' has a Compute_Execution_Time; the generated default schedule gives "
            "domain 3 a 10 ms window for it");
  ASSERT_EQ(plan->schedule.slots.size(), 7u);
  EXPECT_EQ(plan->schedule.slots[5].domain, 3);
  EXPECT_EQ(plan->schedule.slots[5].length, 10 * ms);
  EXPECT_EQ(plan->partitions[1].threads[0].computeExecutionTime, 0);
}

// Access connections are in the instance (as OSATE keeps them); the plan
// says, at the connection, that it does not run an access across partitions.
TEST(BuildPlan, DataAccessAcrossPartitionsIsReportedNotRun) {
  Diagnostics warnings;
  std::string file = testing::sourceFile("tests/model/fixtures/access_connections.aadl");
  auto plan = loadPlan({file}, "", &warnings);
  ASSERT_TRUE(plan.has_value()) << model::render(plan.error());
  std::vector<std::string> access;
  for (const Diagnostic& w : warnings.items)
    if (w.message.find("access connection") != std::string::npos)
      access.push_back(std::to_string(w.location.line) + ": " + w.message);
  EXPECT_EQ(access, (std::vector<std::string>{
                        "90: data access connection d -> a.t.store crosses partitions (outside any process and 'a'): "
                        "partitions share no memory, so bulkhead does not run this access",
                        "91: data access connection d -> b.t.store crosses partitions (outside any process and 'b'): "
                        "partitions share no memory, so bulkhead does not run this access"}));
  ASSERT_EQ(plan->channels.size(), 3u);  // a.t.output and the two period queues
  EXPECT_NE(channelNamed(*plan, "a.t.output"), nullptr);
}

// check --no-plan and instance accept a data component as a port connection
// end, as OSATE does; the plan says it does not run that connection.
TEST(BuildPlan, PortConnectionOfADataComponentIsReportedNotRun) {
  Diagnostics warnings;
  auto plan = loadPlan({fixture("model_data_component_port.aadl")}, "", &warnings);
  ASSERT_TRUE(plan.has_value()) << model::render(plan.error());
  ASSERT_FALSE(warnings.items.empty());
  EXPECT_EQ(warnings.items[0].location.line, 52u);
  EXPECT_EQ(warnings.items[0].message,
            "connection b.store -> b.t.setting is not run: it joins a port with data component 'b.store'");
}

// The element type is named only in Data_Model::Base_Type.
TEST(BuildPlan, ArrayElementOnlyNamedByBaseType) {
  Plan plan = loadOk(fixture("model_array_base_type.aadl"));
  ASSERT_EQ(plan.channels.size(), 3u);
  EXPECT_EQ(plan.channels[0].maxBits, 128u);
  const wire::DataType& samples = *plan.partitions[0].threads[0].ports[0].dataType;
  EXPECT_EQ(samples.kind, wire::DataType::Kind::Array);
  EXPECT_EQ(samples.element->name, "Base_Types::Float_32");
}

// The only diagnostic of loading `name`: its place and exact message.
void expectError(const std::string& name, const std::string& file, std::uint32_t line, const std::string& message) {
  auto plan = loadPlan({fixture(name)});
  ASSERT_FALSE(plan.has_value()) << name;
  ASSERT_EQ(plan.error().items.size(), 1u) << model::render(plan.error());
  const Diagnostic& d = plan.error().items[0];
  EXPECT_EQ(d.severity, Severity::Error);
  EXPECT_EQ(d.location.file, file) << model::render(d);
  EXPECT_EQ(d.location.line, line) << model::render(d);
  EXPECT_EQ(d.message, message);
  EXPECT_FALSE(d.sourceLine.empty());
}

TEST(BuildPlanChecks, PayloadLargerThanItsChannel) {
  expectError("model_payload_too_large.aadl", fixture("model_payload_too_large.aadl"), 82,
              "a payload of Base_Types::Integer_16 needs up to 16 bits but channel producer.producer.write_port holds "
              "at most 8 bits (HAMR::Bit_Codec_Max_Size)");
}

TEST(BuildPlanChecks, PartitionDomainWithoutWindow) {
  expectError("model_missing_window.aadl", fixture("model_missing_window.aadl"), 50,
              "partition 'consumer' is in domain 3, which has no window in the domain schedule");
}

TEST(BuildPlanChecks, ScheduleNotSummingToFramePeriod) {
  expectError("model_schedule_sum.aadl", fixture("schedule_sum_mismatch.c"), 2,
              "the domain schedule's slots sum to 490 ticks (980 ms) but Frame_Period is 1000 ms (500 ticks of 2 ms)");
}

TEST(BuildPlanChecks, ScheduleFileMissing) {
  expectError("model_schedule_missing_file.aadl", fixture("model_schedule_missing_file.aadl"), 68,
              "cannot read the domain schedule file '" + fixture("no_such_schedule.c") + "'");
}

TEST(BuildPlanChecks, FramePeriodNotAMultipleOfClockPeriod) {
  expectError("model_frame_not_multiple.aadl", fixture("model_frame_not_multiple.aadl"), 65,
              "Frame_Period 1000 ms is not a positive multiple of Clock_Period 3 ms");
}

TEST(BuildPlanChecks, ProcessWithoutDomainWhenAFileDecides) {
  expectError("model_no_domain_with_file.aadl", fixture("model_no_domain_with_file.aadl"), 77,
              "process 'consumer' has no CASE_Scheduling::Domain; with a Schedule_Source_Text every process must name "
              "its domain");
}

TEST(BuildPlanChecks, DefaultScheduleLongerThanTheFrame) {
  expectError("model_default_too_long.aadl", fixture("model_default_too_long.aadl"), 75,
              "the generated default domain schedule needs 1100 ms of partition windows plus 3 ticks for the pacer and "
              "domain-0 separators, but Frame_Period is 1000 ms; give the processor a "
              "CASE_Scheduling::Schedule_Source_Text");
}

TEST(BuildPlanChecks, StringWithoutMaximum) {
  auto plan = loadPlan({fixture("model_string_without_maximum.aadl")});
  ASSERT_FALSE(plan.has_value());
  ASSERT_EQ(plan.error().items.size(), 1u) << model::render(plan.error());
  const Diagnostic& d = plan.error().items[0];
  EXPECT_EQ(d.message,
            "data type Base_Types::String: a String needs a maximum size (HAMR::Max_String_Size on the type or the "
            "system)");
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_EQ(d.notes[0].location.file, fixture("model_string_without_maximum.aadl"));
  EXPECT_EQ(d.notes[0].location.line, 10u);
  EXPECT_EQ(d.notes[0].message, "port 'producer.producer.write_port' carries it");
}

// check and instance accept these threads (as OSATE does); the plan cannot dispatch them.
TEST(BuildPlanChecks, ThreadWithoutDispatchProtocol) {
  expectError("model_missing_dispatch_protocol.aadl", fixture("model_missing_dispatch_protocol.aadl"), 45,
              "thread 'b.t' has no Dispatch_Protocol (Periodic or Sporadic)");
}

// check --no-plan and instance accept it with a warning, as OSATE instantiates it.
TEST(BuildPlanChecks, PeriodicThreadWithoutPeriod) {
  auto plan = loadPlan({fixture("model_periodic_without_period.aadl")});
  ASSERT_FALSE(plan.has_value());
  std::vector<const Diagnostic*> errors;
  for (const Diagnostic& d : plan.error().items)
    if (d.severity == model::Severity::Error) errors.push_back(&d);
  ASSERT_EQ(errors.size(), 1u) << model::render(plan.error());
  EXPECT_EQ(errors[0]->location.line, 45u);
  EXPECT_EQ(errors[0]->message, "periodic thread 'b.t' has no Period");
}

// check --no-plan and instance accept it, as OSATE does; the plan dispatches
// a periodic thread every Period/Frame_Period frames.
TEST(BuildPlanChecks, PeriodNotAMultipleOfTheFrame) {
  auto plan = loadPlan({fixture("model_period_not_frame_multiple.aadl")});
  ASSERT_FALSE(plan.has_value());
  std::vector<const Diagnostic*> errors;
  for (const Diagnostic& d : plan.error().items)
    if (d.severity == model::Severity::Error) errors.push_back(&d);
  ASSERT_EQ(errors.size(), 1u) << model::render(plan.error());
  EXPECT_EQ(errors[0]->location.line, 20u);
  EXPECT_EQ(errors[0]->message,
            "Period 500 ms of thread 'b.t' is not a multiple of Frame_Period 1000 ms: bulkhead dispatches a periodic "
            "thread every Period/Frame_Period frames");
  ASSERT_EQ(errors[0]->notes.size(), 1u);
  EXPECT_EQ(errors[0]->notes[0].location.line, 53u);
  EXPECT_EQ(errors[0]->notes[0].message, "Frame_Period is set here");
}

// check and instance keep component arrays (tests/model: Language.ArraysAndConnectionPatterns).
TEST(BuildPlanChecks, ArraysOfProcessesAreNotRun) {
  auto plan = loadPlan({fixture("model_process_array.aadl")});
  ASSERT_FALSE(plan.has_value());
  std::vector<std::string> errors;
  for (const Diagnostic& d : plan.error().items)
    if (d.severity == model::Severity::Error)
      errors.push_back(std::to_string(d.location.line) + ": " + d.message);
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "60: component array 's' holds processes: bulkhead does not run arrays of processes or threads "
                        "(check and instance keep them; declare the elements one by one to run them)",
                        "61: component array 'r' holds processes: bulkhead does not run arrays of processes or threads "
                        "(check and instance keep them; declare the elements one by one to run them)",
                        "62: component array 'all' holds processes: bulkhead does not run arrays of processes or "
                        "threads (check and instance keep them; declare the elements one by one to run them)"}));
}

TEST(BuildPlanChecks, ArrayFieldIsNotEncoded) {
  auto plan = loadPlan({fixture("model_array_field.aadl")});
  ASSERT_FALSE(plan.has_value());
  const Diagnostic& d = plan.error().items.front();
  EXPECT_EQ(d.location.line, 11u);
  EXPECT_EQ(d.message, "data type af::Reading.i: field 'samples' is an array of data subcomponents, which bulkhead "
                       "does not encode (give the field an array type with Data_Model::Dimension)");
}

TEST(BuildPlanChecks, DispatchProtocolBulkheadDoesNotRun) {
  expectError("model_unsupported_dispatch_protocol.aadl", fixture("model_unsupported_dispatch_protocol.aadl"), 11,
              "thread 'a.t' has Dispatch_Protocol Aperiodic, which bulkhead does not run (Periodic or Sporadic)");
}

TEST(BuildPlanChecks, DataPortToEventDataPortIsNotRun) {
  expectError("model_mixed_port_connection.aadl", fixture("model_mixed_port_connection.aadl"), 35,
              "connection a.t.output -> b.t.input joins data port 'a.t.output' and event data port 'b.t.input'; "
              "bulkhead runs connections between ports of one category only");
}

TEST(BuildPlanChecks, FanIn) {
  expectError("model_fan_in.aadl", fixture("model_fan_in.aadl"), 33,
              "port 'consumer.consumer.read_port' receives from more than one source port (left.producer.write_port and "
              "right.producer.write_port); fan-in is not supported");
}

TEST(BuildPlanChecks, ReceiversOfOneChannelDisagreeOnOverflow) {
  expectError("model_overflow_mismatch.aadl", fixture("model_overflow_mismatch.aadl"), 67,
              "port 'second.consumer.read_port' has Overflow_Handling_Protocol Error but another receiver of channel "
              "producer.producer.write_port has DropOldest; the receivers of one source port must agree");
}

TEST(BuildPlanChecks, QueueSizeZero) {
  expectError("model_queue_size_zero.aadl", fixture("model_queue_size_zero.aadl"), 36,
              "port 'consumer.consumer.read_port' has Queue_Size 0; it must be from 1 to 1048576");
}

TEST(BuildPlanChecks, DataSizeSmallerThanTheRecord) {
  expectError("model_data_size_too_small.aadl", fixture("model_data_size_too_small.aadl"), 16,
              "a payload of model_data_size_too_small::Pair.impl needs up to 32 bits but channel "
              "producer.producer.write_port holds at most 16 bits (Data_Size of model_data_size_too_small::Pair.impl)");
}

TEST(BuildPlanChecks, PayloadBeyondAnySlot) {
  expectError("model_payload_beyond_slot.aadl", fixture("model_payload_beyond_slot.aadl"), 15,
              "channel producer.producer.write_port: channel geometry: maximum of 2400000029 bits exceeds the per-slot "
              "limit of 2147483648 bits");
}

// Data types that cannot be encoded: the error at the type, a note at the port.
void expectTypeError(const std::string& name, std::uint32_t line, const std::string& message, std::uint32_t portLine) {
  auto plan = loadPlan({fixture(name)});
  ASSERT_FALSE(plan.has_value()) << name;
  ASSERT_EQ(plan.error().items.size(), 1u) << model::render(plan.error());
  const Diagnostic& d = plan.error().items[0];
  EXPECT_EQ(d.location.file, fixture(name));
  EXPECT_EQ(d.location.line, line) << model::render(d);
  EXPECT_EQ(d.message, message);
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_EQ(d.notes[0].location.line, portLine);
  EXPECT_EQ(d.notes[0].message, "port 'producer.producer.write_port' carries it");
}

TEST(BuildPlanChecks, IntegerWiderThan64Bits) {
  expectTypeError("model_integer_too_wide.aadl", 10,
                  "data type model_integer_too_wide::Big: an integer of 128 bits is not supported (1 to 64)", 15);
}

TEST(BuildPlanChecks, TypeWithoutRepresentation) {
  expectTypeError("model_opaque_type.aadl", 8,
                  "data type model_opaque_type::Opaque has no Data_Model::Data_Representation, so its values cannot be "
                  "encoded",
                  13);
}

TEST(BuildPlanChecks, ArrayWithoutDimension) {
  expectTypeError("model_array_without_dimension.aadl", 9,
                  "data type model_array_without_dimension::Samples: an array needs Data_Model::Dimension (or the "
                  "system's HAMR::Default_Max_Sequence_Size)",
                  17);
}

TEST(BuildPlanChecks, EnumerationWithoutEnumerators) {
  expectTypeError("model_enum_without_enumerators.aadl", 9,
                  "data type model_enum_without_enumerators::Mode: an enumeration needs Data_Model::Enumerators", 16);
}

TEST(BuildPlanChecks, RestartForAVirtualMachine) {
  expectError("model_restart_vm.aadl", fixture("model_restart_vm.aadl"), 27,
              "process 'producer' is a virtual machine: Bulkhead::Health_Policy => Restart is for native partitions "
              "(use Stop_Partition, Stop_System or Report)");
}

TEST(BuildPlanChecks, RestartLimitOutOfRange) {
  expectError("model_restart_limit.aadl", fixture("model_restart_limit.aadl"), 53,
              "process 'consumer' has a Bulkhead::Restart_Limit that is not a number of restarts from 0 to 1000");
}

TEST(BuildPlan, HealthPolicyPerPartitionWithReportByDefault) {
  Plan plan = loadOk(testing::sourceFile("examples/both_vm/both_vm.aadl"));
  for (const auto& p : plan.partitions) {
    EXPECT_EQ(p.health.action, HealthAction::Report) << p.name;
    EXPECT_EQ(p.health.restartLimit, 3u) << p.name;
  }
}

}  // namespace
}  // namespace bulkhead::plan
