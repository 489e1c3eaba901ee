// `gen --lang c`: HAMR's names and signatures in the generated C headers
// (design section 7a), from a Plan built by hand.
#include "codegen/c_emitters.hpp"
#include "codegen/c_names.hpp"
#include "sample_plans.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace bulkhead::codegen {
namespace {

using namespace testing;
using Kind = wire::DataType::Kind;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

wire::DataType int32() { return scalarType(Kind::Integer, "Base_Types::Integer_32", 32); }

// pkg::struct.i { size: Integer_32; elements: ArrayOfInts (10 x Integer_32) }, an enumeration, a String.
wire::DataType recordType() {
  wire::DataType array;
  array.kind = Kind::Array;
  array.name = "pkg::ArrayOfInts";
  array.maxLength = 10;
  array.element = std::make_shared<const wire::DataType>(int32());
  wire::DataType mode = scalarType(Kind::Unsigned, "pkg::Mode", 1);
  mode.enumerators = {"On", "Off"};
  wire::DataType text;
  text.kind = Kind::String;
  text.name = "Base_Types::String";
  text.maxLength = 42;
  wire::DataType record;
  record.kind = Kind::Record;
  record.name = "pkg::struct.i";
  record.fields = {{"size", std::make_shared<const wire::DataType>(int32())},
                   {"elements", std::make_shared<const wire::DataType>(array)},
                   {"mode", std::make_shared<const wire::DataType>(mode)},
                   {"label", std::make_shared<const wire::DataType>(text)}};
  return record;
}

plan::Plan samplePlan() {
  plan::Plan plan;
  plan.system = "pkg::top.impl";
  plan::Partition producer;
  producer.name = "producer_p_p";
  producer.instanceName = "top_impl_Instance.producer_p_p";
  producer.threads.push_back(thread("producer_p_p", "producer", "producer_t.i", plan::DispatchProtocol::Periodic,
                                    {port("write_port", plan::Direction::Out, plan::PortCategory::EventData,
                                          recordType(), 0),
                                     port("ping", plan::Direction::Out, plan::PortCategory::Event, std::nullopt, -1),
                                     port("level", plan::Direction::Out, plan::PortCategory::Data,
                                          scalarType(Kind::Integer, "Base_Types::Integer_8", 8), -1)}));
  plan::Partition consumer;
  consumer.name = "consumer_p_s";
  consumer.instanceName = "top_impl_Instance.consumer_p_s";
  consumer.threads.push_back(thread("consumer_p_s", "consumer", "consumer_t.i", plan::DispatchProtocol::Sporadic,
                                    {port("read_port", plan::Direction::In, plan::PortCategory::EventData,
                                          recordType(), 0, 3),
                                     port("alarm", plan::Direction::In, plan::PortCategory::Event, std::nullopt, -1),
                                     port("level", plan::Direction::In, plan::PortCategory::Data,
                                          scalarType(Kind::Integer, "Base_Types::Integer_8", 8), -1)}));
  plan.partitions = {producer, consumer};
  return plan;
}

TEST(CGenerate, TypesHeaderHasHamrsNamesInDependencyOrder) {
  auto types = emitCAadlTypes(samplePlan());
  ASSERT_TRUE(types) << types.error();
  EXPECT_TRUE(contains(*types, "#define pkg_ArrayOfInts_DIM_0 10\n")) << *types;
  EXPECT_TRUE(contains(*types, "typedef int32_t pkg_ArrayOfInts [pkg_ArrayOfInts_DIM_0];")) << *types;
  EXPECT_TRUE(contains(*types, "typedef\n  enum {On, Off} pkg_Mode;")) << *types;
  EXPECT_TRUE(contains(*types, "#define Base_Types_String_DIM_0 43\n")) << *types;
  EXPECT_TRUE(contains(*types, "typedef char Base_Types_String [Base_Types_String_DIM_0];")) << *types;
  EXPECT_TRUE(contains(*types, "typedef struct pkg_struct_i {\n  int32_t size;\n  pkg_ArrayOfInts elements;\n"
                               "  pkg_Mode mode;\n  Base_Types_String label;\n} pkg_struct_i;"))
      << *types;
  // Declared once, and before the record that uses it.
  EXPECT_LT(types->find("pkg_ArrayOfInts ["), types->find("typedef struct pkg_struct_i"));
  EXPECT_EQ(types->find("typedef int32_t pkg_ArrayOfInts"), types->rfind("typedef int32_t pkg_ArrayOfInts"));
}

TEST(CGenerate, ThreadHeadersDeclareHamrsApi) {
  const plan::Plan plan = samplePlan();
  const std::string producer = emitCThreadHeader(plan.partitions[0], plan.partitions[0].threads[0]);
  EXPECT_TRUE(contains(producer, "bool put_write_port(const pkg_struct_i *data);")) << producer;
  EXPECT_TRUE(contains(producer, "bool put_ping(void);")) << producer;
  EXPECT_TRUE(contains(producer, "bool put_level(const int8_t *data);")) << producer;
  EXPECT_TRUE(contains(producer, "void producer_p_p_producer_initialize(void);")) << producer;
  EXPECT_TRUE(contains(producer, "void producer_p_p_producer_timeTriggered(void);")) << producer;
  EXPECT_TRUE(contains(producer, "void producer_p_p_producer_notify(microkit_channel channel);")) << producer;
  const std::string consumer = emitCThreadHeader(plan.partitions[1], plan.partitions[1].threads[0]);
  EXPECT_TRUE(contains(consumer, "bool read_port_is_empty(void);\n"
                                 "bool get_read_port_poll(sb_event_counter_t *numDropped, pkg_struct_i *data);\n"
                                 "bool get_read_port(pkg_struct_i *data);"))
      << consumer;
  EXPECT_TRUE(contains(consumer, "bool alarm_is_empty(void);\nbool get_alarm_poll(sb_event_counter_t *numDropped);\n"
                                 "bool get_alarm(void);"))
      << consumer;
  // A data port: HAMR offers only get (true when new).
  EXPECT_TRUE(contains(consumer, "bool get_level(int8_t *data);")) << consumer;
  EXPECT_FALSE(contains(consumer, "level_is_empty")) << consumer;
  EXPECT_TRUE(contains(consumer, "void handle_read_port(void);\nvoid handle_alarm(void);")) << consumer;
  EXPECT_FALSE(contains(consumer, "handle_level")) << consumer;
  // Only the standard headers and ours: nothing like <sys/socket.h>.
  for (const std::string& header : {producer, consumer}) {
    EXPECT_TRUE(contains(header, "#include <stdbool.h>\n#include <stdint.h>\n\n#include \"printf.h\"\n"
                                 "#include \"microkit.h\"\n#include \"sb_types.h\""))
        << header;
    EXPECT_FALSE(contains(header, "<sys/")) << header;
  }
}

TEST(CGenerate, GlueExportsOneDescriptorAndNamesThePd) {
  const plan::Plan plan = samplePlan();
  const std::string glue = emitCThreadGlue(plan.partitions[1], plan.partitions[1].threads[0]);
  EXPECT_TRUE(contains(glue, "char microkit_name[] = \"consumer_p_s_consumer\";")) << glue;
  EXPECT_TRUE(contains(glue, "const struct bulkhead_mk_thread_code bulkhead_mk_thread_consumer_p_s_consumer = {"))
      << glue;
  EXPECT_TRUE(contains(glue, "static const bulkhead_mk_entry bulkhead_handlers[] = {\n  handle_read_port,\n"
                             "  handle_alarm,\n  NULL,\n};"))
      << glue;
  EXPECT_EQ(microkitName(plan.partitions[1], plan.partitions[1].threads[0]), "consumer_p_s_consumer");
  EXPECT_EQ(microkitUserFile("consumer_p_s_consumer"),
            "components/consumer_p_s_consumer/src/consumer_p_s_consumer_user.c");
}

TEST(CGenerate, ThePartitionDescribesLayoutsByTheCompiler) {
  plan::Plan plan = samplePlan();
  runtime::PartitionSpec slice;
  slice.name = "consumer_p_s";
  slice.instanceName = "top_impl_Instance.consumer_p_s";
  runtime::ThreadSpec thread;
  thread.name = "consumer";
  for (const char* name : {"read_port", "alarm", "level"}) {
    runtime::PortSpec port;
    port.name = name;
    thread.ports.push_back(port);
  }
  slice.threads.push_back(thread);
  const std::string text = emitCPartition(plan.partitions[1], slice);
  EXPECT_TRUE(contains(text, "offsetof(pkg_struct_i, elements)")) << text;
  EXPECT_TRUE(contains(text, "{BULKHEAD_MK_ENUM, 1, 0, sizeof(pkg_Mode), offsetof(pkg_struct_i, mode), NULL}")) << text;
  EXPECT_TRUE(contains(text, "{BULKHEAD_MK_STRING, 0, 42, sizeof(Base_Types_String), offsetof(pkg_struct_i, label), NULL}"))
      << text;
  EXPECT_TRUE(contains(text, "int main(void) {\n  return bulkhead_mk_partition_main(&bulkhead_mk_partition_consumer_p_s);"))
      << text;
}

}  // namespace
}  // namespace bulkhead::codegen
