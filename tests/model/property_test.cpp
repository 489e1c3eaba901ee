// Property evaluation: units, ranges, lists, records, constants, references,
// classifiers, defaults, inheritance, `applies to` precedence, `extends`.
#include "tests/model/test_support.hpp"

#include <gtest/gtest.h>

namespace bulkhead::model::test {
namespace {

// A small system whose pieces the tests vary.
std::string model(const std::string& threadProperties, const std::string& rootProperties = "",
                  const std::string& extra = "") {
  return "package p\npublic\n  with Base_Types, Data_Model, CASE_Scheduling, HAMR;\n"
         "  thread w\n    features\n      input: in event data port Base_Types::Integer_8;\n"
         "      output: out event data port Base_Types::Integer_8 {Queue_Size => 5;};\n"
         "    properties\n      Dispatch_Protocol => Sporadic;\n" +
         threadProperties +
         "  end w;\n"
         "  process q\n    properties\n      CASE_Scheduling::Domain => 2;\n      Period => 500 ms;\n  end q;\n"
         "  process implementation q.i\n    subcomponents\n      t: thread w;\n  end q.i;\n" +
         extra +
         "  system top\n  end top;\n"
         "  system implementation top.i\n    subcomponents\n      cpu: processor cpu;\n      a: process q.i;\n"
         "    properties\n      Actual_Processor_Binding => (reference (cpu)) applies to a;\n" +
         rootProperties + "  end top.i;\n  processor cpu\n  end cpu;\nend p;\n";
}

const ComponentInstance& thread(const InstanceModel& m) { return *m.findComponent("top_i_Instance.a.t"); }

TEST(Properties, TimesAreNanosecondsAndSizesBits) {
  auto r = loadTexts({{"m.aadl", model("      Compute_Execution_Time => 1 us .. 2 sec;\n"
                                       "      Stack_Size => 4 KByte;\n      Deadline => 250000 ps;\n")}});
  ASSERT_TRUE(r) << renderedOf(r);
  const ComponentInstance& t = thread(*r);
  const PropertyValue* cet = t.lookup("Timing_Properties", "Compute_Execution_Time");
  ASSERT_NE(cet, nullptr);
  ASSERT_EQ(cet->kind, PropertyValue::Kind::Range);
  EXPECT_EQ(cet->rangeMinimum()->integer, 1000);
  EXPECT_EQ(cet->rangeMaximum()->integer, 2'000'000'000);
  EXPECT_EQ(cet->rangeMaximum()->unit, "ns");
  EXPECT_EQ(t.lookup("memory_properties", "STACK_SIZE")->integer, 32000);
  EXPECT_EQ(t.lookup("Memory_Properties", "Stack_Size")->unit, "bits");
  EXPECT_EQ(t.lookup("Timing_Properties", "Deadline")->integer, 250);
}

TEST(Properties, InheritedFromTheEnclosingProcess) {
  auto r = loadTexts({{"m.aadl", model("")}});
  ASSERT_TRUE(r) << renderedOf(r);
  const PropertyValue* period = thread(*r).lookup("Timing_Properties", "Period");
  ASSERT_NE(period, nullptr);
  EXPECT_EQ(period->integer, 500'000'000);
  // Domain is not an inherit property: the thread does not get it.
  EXPECT_EQ(thread(*r).lookup("CASE_Scheduling", "Domain"), nullptr);
}

TEST(Properties, DefaultsAndFeatureValues) {
  auto r = loadTexts({{"m.aadl", model("")}});
  ASSERT_TRUE(r) << renderedOf(r);
  const FeatureInstance* in = thread(*r).feature("input");
  const FeatureInstance* out = thread(*r).feature("output");
  ASSERT_TRUE(in && out);
  const PropertyAssociation* queue = in->properties.find("Communication_Properties", "Queue_Size");
  ASSERT_NE(queue, nullptr);
  EXPECT_TRUE(queue->isDefault);
  EXPECT_EQ(queue->value.integer, 1);
  EXPECT_EQ(*in->properties.lookup("Communication_Properties", "Overflow_Handling_Protocol")->asEnumeration(),
            "DropOldest");
  EXPECT_EQ(out->properties.lookup("Communication_Properties", "Queue_Size")->integer, 5);
  EXPECT_FALSE(out->properties.find("Communication_Properties", "Queue_Size")->isDefault);
}

TEST(Properties, OutermostContainedAssociationWins) {
  auto r = loadTexts({{"m.aadl", model("      Priority => 1;\n",
                                       "      CASE_Scheduling::Domain => 3 applies to a;\n"
                                       "      Priority => 9 applies to a.t;\n"
                                       "      Queue_Size => 4 applies to a.t.input;\n")}});
  ASSERT_TRUE(r) << renderedOf(r);
  EXPECT_EQ(r->findComponent("top_i_Instance.a")->lookup("CASE_Scheduling", "Domain")->integer, 3);
  EXPECT_EQ(thread(*r).lookup("Thread_Properties", "Priority")->integer, 9);
  EXPECT_EQ(thread(*r).feature("input")->properties.lookup("Communication_Properties", "Queue_Size")->integer, 4);
}

TEST(Properties, ReferencesAreQualifiedInstanceNames) {
  auto r = loadTexts({{"m.aadl", model("")}});
  ASSERT_TRUE(r) << renderedOf(r);
  const PropertyValue* binding =
      r->findComponent("top_i_Instance.a")->lookup("Deployment_Properties", "Actual_Processor_Binding");
  ASSERT_NE(binding, nullptr);
  ASSERT_EQ(binding->elements.size(), 1u);
  EXPECT_EQ(binding->elements[0].kind, PropertyValue::Kind::Reference);
  EXPECT_EQ(binding->elements[0].text, "top_i_Instance.cpu");
}

TEST(Properties, ReferencesInSubcomponentDeclarationsAreRelativeToTheContainer) {
  std::string text = model("");
  std::string plain = "      a: process q.i;\n";
  text.replace(text.find(plain), plain.size(),
               "      a: process q.i {Actual_Processor_Binding => (reference (cpu)) applies to t;};\n");
  auto r = loadTexts({{"m.aadl", text}});
  ASSERT_TRUE(r) << renderedOf(r);
  const PropertyAssociation* binding = thread(*r).properties.find("Deployment_Properties", "Actual_Processor_Binding");
  ASSERT_NE(binding, nullptr);
  EXPECT_EQ(binding->value.elements.at(0).text, "top_i_Instance.cpu");
  EXPECT_EQ(binding->location.line, 25u);  // written on the subcomponent, not inherited from the process
}

TEST(Properties, ListsRecordsConstantsStringsBooleansClassifiers) {
  auto r = loadTexts({{"m.aadl", model("      Source_Text => (\"a.c\", \"b.c\");\n",
                                       "      HAMR::Platform => (seL4, Linux);\n"
                                       "      HAMR::Bit_Codec_Raw_Connections => true;\n"
                                       "      HAMR::Default_Max_Sequence_Size => AADL_Project::Max_Thread_Limit;\n",
                                       "  data d\n    properties\n"
                                       "      Data_Model::Base_Type => (classifier (Base_Types::Integer_8));\n"
                                       "      Access_Time => [First => 1 ms .. 2 ms; Last => 3 ms .. 4 ms;];\n"
                                       "  end d;\n")}});
  ASSERT_TRUE(r) << renderedOf(r);
  const PropertyValue* sources = thread(*r).lookup("Programming_Properties", "Source_Text");
  ASSERT_NE(sources, nullptr);
  EXPECT_EQ(sources->toString(), "(\"a.c\", \"b.c\")");
  const ComponentInstance& root = *r->root;
  EXPECT_EQ(root.lookup("HAMR", "Platform")->toString(), "(seL4, Linux)");
  EXPECT_EQ(root.lookup("HAMR", "Bit_Codec_Raw_Connections")->asBoolean(), true);
  EXPECT_EQ(root.lookup("HAMR", "Default_Max_Sequence_Size")->integer, 1024);
}

TEST(Properties, RecordAndClassifierValuesOnDataClassifiers) {
  std::string extra =
      "  data d\n    properties\n"
      "      Data_Model::Base_Type => (classifier (Base_Types::Float_64));\n"
      "      Access_Time => [First => 1 ms .. 2 ms; Last => 3 ms .. 4 ms;];\n"
      "  end d;\n"
      "  data implementation d.r\n    subcomponents\n      x: data Base_Types::Integer_16;\n"
      "      y: data Base_Types::Boolean;\n    properties\n"
      "      Data_Model::Data_Representation => Struct;\n  end d.r;\n"
      "  thread v\n    features\n      rec: in event data port d.r;\n    properties\n"
      "      Dispatch_Protocol => Sporadic;\n  end v;\n";
  std::string text = model("", "", extra);
  text.replace(text.find("      t: thread w;\n"), 19, "      t: thread w;\n      u: thread v;\n");
  auto r = loadTexts({{"m.aadl", text}});
  ASSERT_TRUE(r) << renderedOf(r);
  const FeatureInstance* rec = r->findComponent("top_i_Instance.a.u")->feature("rec");
  ASSERT_NE(rec, nullptr);
  EXPECT_EQ(rec->dataClassifierName, "p::d.r");
  const DataClassifier* d = rec->dataClassifier;
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d, r->dataClassifier("p::d.r"));
  EXPECT_EQ(*d->properties.lookup("Data_Model", "Data_Representation")->asEnumeration(), "Struct");
  const PropertyValue* base = d->properties.lookup("Data_Model", "Base_Type");
  ASSERT_NE(base, nullptr);
  EXPECT_EQ(base->elements.at(0).kind, PropertyValue::Kind::Classifier);
  EXPECT_EQ(base->elements.at(0).text, "Base_Types::Float_64");
  // Named only by the property (no port carries it), the base type is still in the model's table.
  ASSERT_NE(r->dataClassifier("Base_Types::Float_64"), nullptr);
  EXPECT_EQ(r->dataClassifier("Base_Types::Float_64")->properties.lookup("Memory_Properties", "Data_Size")->integer, 64);
  const PropertyValue* access = d->properties.lookup("Memory_Properties", "Access_Time");
  ASSERT_NE(access, nullptr);
  EXPECT_EQ(access->field("last")->rangeMaximum()->integer, 4'000'000);
  ASSERT_EQ(d->fields.size(), 2u);
  EXPECT_EQ(d->fields[0].name, "x");
  ASSERT_NE(d->fields[0].type, nullptr);
  EXPECT_EQ(d->fields[0].type->qualifiedName, "Base_Types::Integer_16");
  EXPECT_EQ(d->fields[0].type->properties.lookup("Memory_Properties", "Data_Size")->integer, 16);
}

TEST(Properties, ExtendsInheritsFeaturesAndPropertiesAndMayOverride) {
  std::string extra =
      "  thread w2 extends w\n    properties\n      Priority => 7;\n  end w2;\n"
      "  thread implementation w2.i\n  end w2.i;\n";
  std::string text = model("      Priority => 1;\n      Stack_Size => 1 KByte;\n", "", extra);
  text.replace(text.find("      t: thread w;\n"), 19, "      t: thread w2.i;\n");
  auto r = loadTexts({{"m.aadl", text}});
  ASSERT_TRUE(r) << renderedOf(r);
  const ComponentInstance& t = thread(*r);
  EXPECT_EQ(t.classifierName, "p::w2.i");
  EXPECT_NE(t.feature("input"), nullptr);
  EXPECT_EQ(t.lookup("Thread_Properties", "Priority")->integer, 7);
  EXPECT_EQ(t.lookup("Memory_Properties", "Stack_Size")->integer, 8000);
}

TEST(Properties, ModelingPropertiesAreAcceptedWithoutWarnings) {
  auto r = loadTexts({{"m.aadl", model("      Classifier_Substitution_Rule => Type_Extension;\n")}});
  ASSERT_TRUE(r) << renderedOf(r);
  EXPECT_TRUE(r->warnings.items.empty()) << renderedOf(r);
  EXPECT_EQ(*thread(*r).lookup("Modeling_Properties", "Classifier_Substitution_Rule")->asEnumeration(),
            "Type_Extension");
}

TEST(Properties, TypeErrorsAreReportedWithTheProperty) {
  auto r = loadTexts({{"m.aadl", model("      Priority => \"high\";\n")}});
  ASSERT_FALSE(r);
  EXPECT_EQ(firstLine(r),
            "m.aadl:10:19: error: expected aadlinteger for Thread_Properties::Priority, found the string \"high\"");
  // An enumeration names its literals; what was written is quoted as written.
  auto e = loadTexts({{"m.aadl", model("      Dispatch_Protocol => \"Periodic\";\n")}});
  ASSERT_FALSE(e);
  EXPECT_EQ(firstLine(e),
            "m.aadl:10:28: error: expected an enumeration literal (Periodic, Sporadic, Aperiodic, Timed, Hybrid, "
            "Background) for Thread_Properties::Dispatch_Protocol, found the string \"Periodic\"");
  auto n = loadTexts({{"m.aadl", model("      Priority => (1, 2);\n")}});
  ASSERT_FALSE(n);
  EXPECT_EQ(firstLine(n), "m.aadl:10:19: error: expected aadlinteger for Thread_Properties::Priority, found a list");
}

TEST(Properties, CheckedEvenWhenTheClassifierIsNotInstantiated) {
  std::string extra = "  thread unused\n    properties\n      Period => 5 parsecs;\n  end unused;\n";
  auto r = loadTexts({{"m.aadl", model("", "", extra)}});
  ASSERT_FALSE(r);
  EXPECT_NE(firstLine(r).find("unknown unit 'parsecs' for Timing_Properties::Period"), std::string::npos)
      << firstLine(r);
}

// The category a property does not apply to is named with its article ("an event data port").
TEST(Properties, DoesNotApplyNamesTheCategoryWithItsArticle) {
  std::string text = model("");
  text.replace(text.find("{Queue_Size => 5;}"), 18, "{Period => 5 ms;}");
  auto r = loadTexts({{"m.aadl", text}});
  ASSERT_TRUE(r) << renderedOf(r);
  EXPECT_EQ(firstLine(r), "m.aadl:7:58: warning: property 'Timing_Properties::Period' does not apply to an event "
                          "data port");
}

// HAMR's and CASE's current properties resolve and keep their values.
TEST(Properties, HamrAndCaseSchedulingSets) {
  auto r = loadTexts({{"m.aadl", model("      HAMR::Microkit_Language => Rust;\n",
                                       "      HAMR::HW => (amd64, QEMU);\n"
                                       "      CASE_Scheduling::Domain_Mapping => ([component => reference (a); domain => 4;]) "
                                       "applies to cpu;\n",
                                       "  data arr\n    properties\n      HAMR::Array_Size_Kind => Fixed;\n"
                                       "      HAMR::Bit_Codec_Spec => \"data/Mission.sc\";\n"
                                       "      HAMR::Bit_Codec_Max_Size => 288 bits;\n  end arr;\n")}});
  ASSERT_TRUE(r) << renderedOf(r);
  EXPECT_EQ(renderedOf(r), "");
  EXPECT_EQ(*thread(*r).lookup("HAMR", "Microkit_Language")->asEnumeration(), "Rust");
  const PropertyValue* mapping = r->findComponent("top_i_Instance.cpu")->lookup("CASE_Scheduling", "Domain_Mapping");
  ASSERT_NE(mapping, nullptr);
  ASSERT_EQ(mapping->kind, PropertyValue::Kind::List);
  ASSERT_EQ(mapping->elements.size(), 1u);
  EXPECT_EQ(mapping->elements[0].kind, PropertyValue::Kind::Record);
}

}  // namespace
}  // namespace bulkhead::model::test
