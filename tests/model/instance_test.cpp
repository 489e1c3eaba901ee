// Instantiation: the both_vm flagship, packages across files, visibility,
// root selection, semantic connections through boundaries with fan-out.
#include "model/instance_json.hpp"
#include "tests/model/test_support.hpp"

#include <gtest/gtest.h>

namespace bulkhead::model::test {
namespace {

TEST(BothVm, InstanceModelHasWhatTheFlagshipNeeds) {
  auto r = loadModel(std::vector<std::filesystem::path>{BOTH_VM_MODEL});
  ASSERT_TRUE(r) << renderedOf(r);
  EXPECT_TRUE(r->warnings.items.empty()) << renderedOf(r);
  const InstanceModel& m = *r;
  EXPECT_EQ(m.root->qualifiedName, "top_impl_Instance");
  EXPECT_EQ(m.root->classifierName, "test_event_data_port_periodic_domains::top.impl");
  auto threads = m.components(ComponentCategory::Thread);
  ASSERT_EQ(threads.size(), 2u);
  EXPECT_EQ(threads[0]->qualifiedName, "top_impl_Instance.producer.producer");
  EXPECT_EQ(threads[1]->qualifiedName, "top_impl_Instance.consumer.consumer");
  for (const ComponentInstance* t : threads) {
    EXPECT_EQ(t->lookup("Timing_Properties", "Period")->integer, 1'000'000'000);
    EXPECT_EQ(t->lookup("Timing_Properties", "Period")->unit, "ns");
    EXPECT_EQ(*t->lookup("Thread_Properties", "Dispatch_Protocol")->asEnumeration(), "Periodic");
    EXPECT_EQ(t->lookup("Timing_Properties", "Compute_Execution_Time")->rangeMaximum()->integer, 10'000'000);
  }
  auto processes = m.components(ComponentCategory::Process);
  ASSERT_EQ(processes.size(), 2u);
  EXPECT_EQ(processes[0]->lookup("CASE_Scheduling", "Domain")->integer, 2);
  EXPECT_EQ(processes[1]->lookup("CASE_Scheduling", "Domain")->integer, 3);
  for (const ComponentInstance* p : processes)
    EXPECT_EQ(*p->lookup("HAMR", "Component_Type")->asEnumeration(), "VIRTUAL_MACHINE");
  const ComponentInstance* proc = m.findComponent("top_impl_Instance.proc");
  ASSERT_NE(proc, nullptr);
  EXPECT_EQ(proc->category, ComponentCategory::Processor);
  EXPECT_EQ(proc->lookup("Timing_Properties", "Frame_Period")->integer, 1'000'000'000);
  EXPECT_EQ(proc->lookup("Timing_Properties", "Clock_Period")->integer, 2'000'000);
  EXPECT_EQ(proc->lookup("CASE_Scheduling", "Max_Domain")->integer, 4);
  EXPECT_EQ(*proc->lookup("CASE_Scheduling", "Schedule_Source_Text")->asString(), "domain_schedule.c");
  for (const ComponentInstance* p : processes) EXPECT_EQ(boundProcessor(m, *p), proc);
  EXPECT_EQ(boundProcessor(m, *threads[0]), proc);  // inherited binding
  // Resolved next to the model by plan/: the association knows its file.
  EXPECT_EQ(proc->properties.find("CASE_Scheduling", "Schedule_Source_Text")->location.file, BOTH_VM_MODEL);

  ASSERT_EQ(m.connections.size(), 1u);
  const SemanticConnection& c = m.connections[0];
  EXPECT_EQ(c.name(), "producer.producer.write_port -> consumer.consumer.read_port");
  EXPECT_EQ(c.category, FeatureCategory::EventDataPort);
  EXPECT_EQ(c.source->dataClassifierName, "Base_Types::Integer_8");
  EXPECT_EQ(c.destination->dataClassifierName, "Base_Types::Integer_8");
  ASSERT_NE(c.source->dataClassifier, nullptr);
  EXPECT_EQ(c.source->dataClassifier->properties.lookup("Memory_Properties", "Data_Size")->integer, 8);
  EXPECT_EQ(c.declaredConnections,
            (std::vector<std::string>{"top_impl_Instance.producer.c1", "top_impl_Instance.c1",
                                      "top_impl_Instance.consumer.c1"}));
  EXPECT_EQ(*m.root->lookup("HAMR", "Bit_Codec_Raw_Connections")->asBoolean(), true);
}

TEST(BothVm, JsonCarriesTheSameFacts) {
  auto r = loadModel(std::vector<std::filesystem::path>{BOTH_VM_MODEL});
  ASSERT_TRUE(r) << renderedOf(r);
  nlohmann::json j = toJson(*r);
  const auto& producer = j["root"]["subcomponents"][1];
  EXPECT_EQ(producer["qualifiedName"], "top_impl_Instance.producer");
  EXPECT_EQ(producer["properties"]["HAMR::Component_Type"]["value"], "VIRTUAL_MACHINE");
  const auto& thread = producer["subcomponents"][0];
  EXPECT_EQ(thread["properties"]["Timing_Properties::Period"]["value"], 1'000'000'000);
  EXPECT_EQ(thread["properties"]["Timing_Properties::Period"]["unit"], "ns");
  ASSERT_EQ(j["connections"].size(), 1u);
  EXPECT_EQ(j["connections"][0]["name"], "producer.producer.write_port -> consumer.consumer.read_port");
  EXPECT_EQ(j["connections"][0]["category"], "event data port");
  EXPECT_EQ(j["connections"][0]["dataClassifier"], "Base_Types::Integer_8");
}

const char* kLibrary =
    "package lib\npublic\n  with Base_Types;\n"
    "  thread producer\n    features\n      out_port: out event data port Base_Types::Integer_32;\n"
    "    properties\n      Dispatch_Protocol => Periodic;\n      Period => 100 ms;\n  end producer;\n"
    "  thread consumer\n    features\n      in_port: in event data port Base_Types::Integer_32;\n"
    "    properties\n      Dispatch_Protocol => Sporadic;\n  end consumer;\n"
    "private\n  thread hidden\n  end hidden;\nend lib;\n";

std::string app(const std::string& body) {
  return "package app\npublic\n  with lib, Base_Types;\n" + body + "end app;\n";
}

const char* kFanOutBody =
    "  process sender\n    features\n      o: out event data port Base_Types::Integer_32;\n  end sender;\n"
    "  process implementation sender.i\n    subcomponents\n      p: thread lib::producer;\n"
    "    connections\n      c: port p.out_port -> o;\n  end sender.i;\n"
    "  process receivers\n    features\n      i: in event data port Base_Types::Integer_32;\n  end receivers;\n"
    "  process implementation receivers.i\n    subcomponents\n      r1: thread lib::consumer;\n"
    "      r2: thread lib::consumer;\n    connections\n      c1: port i -> r1.in_port;\n"
    "      c2: port i -> r2.in_port;\n  end receivers.i;\n"
    "  system inner\n    features\n      i: in event data port Base_Types::Integer_32;\n  end inner;\n"
    "  system implementation inner.i\n    subcomponents\n      rx: process receivers.i;\n"
    "    connections\n      c: port i -> rx.i;\n  end inner.i;\n"
    "  system top\n  end top;\n"
    "  system implementation top.i\n    subcomponents\n      tx: process sender.i;\n      sub: system inner.i;\n"
    "      local: process receivers.i;\n"
    "    connections\n      c1: port tx.o -> sub.i;\n      c2: port tx.o -> local.i;\n  end top.i;\n";

TEST(Instance, FanOutThroughNestedSystemsAcrossFiles) {
  auto r = loadTexts({{"lib.aadl", kLibrary}, {"app.aadl", app(kFanOutBody)}});
  ASSERT_TRUE(r) << renderedOf(r);
  std::vector<std::string> names;
  for (const SemanticConnection& c : r->connections) names.push_back(c.name());
  EXPECT_EQ(names, (std::vector<std::string>{"tx.p.out_port -> sub.rx.r1.in_port", "tx.p.out_port -> sub.rx.r2.in_port",
                                             "tx.p.out_port -> local.r1.in_port",
                                             "tx.p.out_port -> local.r2.in_port"}));
  EXPECT_EQ(r->connections[0].source->qualifiedName, "top_i_Instance.tx.p.out_port");
  EXPECT_EQ(r->connections[0].declaredConnections.size(), 4u);
}

TEST(Instance, PrivateClassifiersAreNotVisibleFromOtherPackages) {
  std::string body = "  thread t extends lib::hidden\n  end t;\n";
  auto r = loadTexts({{"lib.aadl", kLibrary}, {"app.aadl", app(body)}}, {.root = "", .requireRoot = false});
  ASSERT_FALSE(r);
  EXPECT_EQ(firstLine(r), "app.aadl:4:20: error: classifier 'lib::hidden' is private to package 'lib'");
}

TEST(Instance, PackageMustBeWithed) {
  std::string text = "package app\npublic\n  thread t extends lib::producer\n  end t;\nend app;\n";
  auto r = loadTexts({{"lib.aadl", kLibrary}, {"app.aadl", text}}, {.root = "", .requireRoot = false});
  ASSERT_FALSE(r);
  EXPECT_EQ(firstLine(r), "app.aadl:3:20: error: package 'lib' is not named in a 'with' clause of package 'app'");
}

TEST(Instance, RootIsChosenByNameWhenThereAreSeveral) {
  std::string body = std::string(kFanOutBody) + "  system implementation top.other\n  end top.other;\n";
  auto several = loadTexts({{"lib.aadl", kLibrary}, {"app.aadl", app(body)}});
  ASSERT_FALSE(several);
  EXPECT_NE(firstLine(several).find("more than one system implementation"), std::string::npos);
  auto chosen = loadTexts({{"lib.aadl", kLibrary}, {"app.aadl", app(body)}}, {.root = "app::top.other"});
  ASSERT_TRUE(chosen) << renderedOf(chosen);
  EXPECT_EQ(chosen->root->qualifiedName, "top_other_Instance");
  auto unqualified = loadTexts({{"lib.aadl", kLibrary}, {"app.aadl", app(body)}}, {.root = "top.i"});
  ASSERT_TRUE(unqualified) << renderedOf(unqualified);
  EXPECT_EQ(unqualified->connections.size(), 4u);
  auto missing = loadTexts({{"lib.aadl", kLibrary}, {"app.aadl", app(body)}}, {.root = "nope.i"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(firstLine(missing),
            "app.aadl: error: no system implementation 'nope.i' (found: app::inner.i, app::top.i, app::top.other)");
}

TEST(Instance, VirtualProcessorBindingLeadsToTheHostProcessor) {
  std::string body =
      "  thread w\n    properties\n      Dispatch_Protocol => Periodic;\n      Period => 300 ms;\n  end w;\n"
      "  process p\n  end p;\n  process implementation p.i\n    subcomponents\n      t: thread w;\n  end p.i;\n"
      "  virtual processor vm\n  end vm;\n"
      "  processor cpu\n    properties\n      Frame_Period => 200 ms;\n  end cpu;\n"
      "  processor implementation cpu.i\n    subcomponents\n      v: virtual processor vm;\n  end cpu.i;\n"
      "  system top\n  end top;\n  system implementation top.i\n    subcomponents\n      cpu: processor cpu.i;\n"
      "      other: processor cpu.i;\n      a: process p.i;\n    properties\n"
      "      Actual_Processor_Binding => (reference (cpu.v)) applies to a;\n  end top.i;\n";
  auto r = loadTexts({{"lib.aadl", kLibrary}, {"app.aadl", app(body)}});
  // OSATE accepts a Period that is no multiple of the frame; the plan refuses it
  // (tests/plan: BuildPlanChecks.PeriodNotAMultipleOfTheFrame).
  ASSERT_TRUE(r) << renderedOf(r);
  const ComponentInstance* thread = r->findComponent("top_i_Instance.a.t");
  ASSERT_NE(thread, nullptr);
  const ComponentInstance* processor = boundProcessor(*r, *thread);
  ASSERT_NE(processor, nullptr);
  EXPECT_EQ(processor->qualifiedName, "top_i_Instance.cpu");
}

TEST(Instance, ASporadicThreadsMinimumInterArrivalNeedNotBeAMultipleOfTheFrame) {
  std::string body =
      "  thread w\n    features\n      i: in event port;\n    properties\n      Dispatch_Protocol => Sporadic;\n"
      "      Period => 300 ms;\n  end w;\n"
      "  process p\n  end p;\n  process implementation p.i\n    subcomponents\n      t: thread w;\n  end p.i;\n"
      "  processor cpu\n    properties\n      Frame_Period => 200 ms;\n  end cpu;\n"
      "  system top\n  end top;\n  system implementation top.i\n    subcomponents\n      cpu: processor cpu;\n"
      "      a: process p.i;\n  end top.i;\n";
  auto r = loadTexts({{"lib.aadl", kLibrary}, {"app.aadl", app(body)}});
  EXPECT_TRUE(r) << (r ? "" : firstLine(r));
}

TEST(Instance, NativePartitionsMayShareADomain) {
  std::string body =
      "  process p\n  end p;\n  process implementation p.i\n    subcomponents\n      t: thread lib::producer;\n"
      "  end p.i;\n"
      "  processor cpu\n    properties\n      Frame_Period => 100 ms;\n      CASE_Scheduling::Max_Domain => 4;\n"
      "  end cpu;\n"
      "  system top\n  end top;\n  system implementation top.i\n    subcomponents\n      cpu: processor cpu;\n"
      "      a: process p.i;\n      b: process p.i;\n    properties\n"
      "      CASE_Scheduling::Domain => 2 applies to a;\n      CASE_Scheduling::Domain => 2 applies to b;\n"
      "  end top.i;\n";
  auto r = loadTexts({{"lib.aadl", kLibrary}, {"app.aadl", "package app\npublic\n  with lib, Base_Types, CASE_Scheduling;\n" + body + "end app;\n"}});
  EXPECT_TRUE(r) << (r ? "" : firstLine(r));
}

TEST(Instance, LibraryWithoutSystemChecksWhenRootIsNotRequired) {
  auto r = loadTexts({{"lib.aadl", kLibrary}}, {.root = "", .requireRoot = false});
  ASSERT_TRUE(r) << renderedOf(r);
  EXPECT_EQ(r->root, nullptr);
  auto required = loadTexts({{"lib.aadl", kLibrary}});
  ASSERT_FALSE(required);
  EXPECT_EQ(firstLine(required), "lib.aadl: error: no system implementation to instantiate");
}

// As in OSATE, the connection instance ends where no declared connection goes on.
TEST(Instance, ConnectionToAProcessPortWithoutThreadEndsThere) {
  std::string body =
      "  process sender\n    features\n      o: out event data port Base_Types::Integer_32;\n  end sender;\n"
      "  process implementation sender.i\n    subcomponents\n      p: thread lib::producer;\n"
      "    connections\n      c: port p.out_port -> o;\n  end sender.i;\n"
      "  process sink\n    features\n      i: in event data port Base_Types::Integer_32;\n  end sink;\n"
      "  system top\n  end top;\n  system implementation top.i\n    subcomponents\n      tx: process sender.i;\n"
      "      rx: process sink;\n    connections\n      c1: port tx.o -> rx.i;\n  end top.i;\n";
  auto r = loadTexts({{"lib.aadl", kLibrary}, {"app.aadl", app(body)}});
  ASSERT_TRUE(r) << renderedOf(r);
  EXPECT_TRUE(r->warnings.items.empty()) << renderedOf(r);
  ASSERT_EQ(r->connections.size(), 1u);
  EXPECT_EQ(r->connections[0].name(), "tx.p.out_port -> rx.i");
  EXPECT_EQ(r->connections[0].declaredConnections,
            (std::vector<std::string>{"top_i_Instance.tx.c", "top_i_Instance.c1"}));
}

}  // namespace
}  // namespace bulkhead::model::test
