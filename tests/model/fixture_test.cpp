// One failing fixture per check (tests/model/fixtures/), each asserting the
// exact first diagnostic line the check reports.
#include "tests/model/test_support.hpp"

#include <gtest/gtest.h>

namespace bulkhead::model::test {
namespace {

struct FixtureCase {
  const char* fixture;
  const char* firstLine;
};

std::expected<InstanceModel, Diagnostics> loadFixture(const std::string& name) {
  return loadTexts({{name + ".aadl", readFile(std::string(MODEL_FIXTURES_DIR) + "/" + name + ".aadl")}});
}

class FailingFixture : public ::testing::TestWithParam<FixtureCase> {};

TEST_P(FailingFixture, ReportsExactlyThisError) {
  const FixtureCase& c = GetParam();
  auto result = loadFixture(c.fixture);
  ASSERT_FALSE(result) << c.fixture << " unexpectedly loaded";
  EXPECT_EQ(firstLine(result), c.firstLine);
}

const FixtureCase failingCases[] = {
    {"syntax_missing_semicolon",
     "syntax_missing_semicolon.aadl:13:3: error: expected ';' after the property association, found 'end'"},
    {"syntax_unknown_keyword",
     "syntax_unknown_keyword.aadl:23:3: error: expected a declaration (a category such as 'system', 'process', "
     "'thread' or 'data'), 'with', 'private' or 'end', found 'proces'"},
    {"unresolved_classifier",
     "unresolved_classifier.aadl:63:18: error: unresolved classifier 'sender_px.i': package 'fx' declares no "
     "classifier 'sender_px.i'"},
    {"unresolved_data_classifier",
     "unresolved_data_classifier.aadl:9:35: error: unresolved classifier 'Base_Types::Int8': package 'Base_Types' "
     "declares no classifier 'Int8'"},
    {"unresolved_feature",
     "unresolved_feature.aadl:66:30: error: unresolved connection end 'b.inputs' of port connection 'c1': "
     "'receiver_p.i', the classifier of subcomponent 'b', has no feature 'inputs' (looked in receiver_p.i, "
     "receiver_p)"},
    {"unresolved_connection_end",
     "unresolved_connection_end.aadl:23:28: error: unresolved connection end 'eth0' of bus access connection "
     "'cpu0_eth': 'top.i' has no feature or subcomponent 'eth0' (looked in top.i, top.base, top)"},
    {"feature_group_member_missing",
     "feature_group_member_missing.aadl:30:23: error: unresolved connection end 'c.pipe.ask' of port connection 'k1': "
     "feature group type 'fx::answers', the type of feature group 'pipe', has no feature 'ask' (it declares its own "
     "features, so 'inverse of' adds none)"},
    {"access_feature_as_group",
     "access_feature_as_group.aadl:21:29: error: unresolved connection end 'b.link.core' of bus access connection "
     "'k1': 'link' is a bus access feature, not a feature group, so it has no feature 'core'"},
    {"unresolved_package",
     "unresolved_package.aadl:7:25: error: unresolved package 'shared::devices' in classifier reference "
     "'shared::devices::sensor': none of the model's files declares a package of that name"},
    {"array_index_zero",
     "array_index_zero.aadl:16:71: error: array index 0 in 'runtimes[0]': AADL array indices start at 1 (the first "
     "element is 'runtimes[1]')"},
    {"unresolved_property", "unresolved_property.aadl:12:7: error: unresolved property 'Perod'"},
    {"unresolved_reference",
     "unresolved_reference.aadl:68:7: error: reference 'top_i_Instance.cpux' in "
     "Deployment_Properties::Actual_Processor_Binding names no component"},
    {"unresolved_applies_to",
     "unresolved_applies_to.aadl:68:64: error: 'applies to' names 'c', which is no subcomponent, feature or "
     "connection of 'top_i_Instance'"},
    {"missing_with",
     "missing_with.aadl:26:7: error: property set 'CASE_Scheduling' is not named in a 'with' clause of package 'fx'"},
    {"duplicate_name", "duplicate_name.aadl:33:7: error: duplicate name 't' in 'sender_p.i'"},
    {"duplicate_classifier", "duplicate_classifier.aadl:60:10: error: duplicate classifier 'top'"},
    {"direction_mismatch",
     "direction_mismatch.aadl:48:16: error: port direction mismatch in connection 'c1': source 'input' is 'out', "
     "expected 'in' or 'in out'"},
    {"category_mismatch",
     "category_mismatch.aadl:48:7: error: port category mismatch in connection 'c1': 'input' is an event port but "
     "'t.input' is an event data port"},
    {"data_type_mismatch",
     "data_type_mismatch.aadl:48:7: error: data type mismatch in connection 'c1': 'input' carries "
     "Base_Types::Integer_16 but 't.input' carries Base_Types::Integer_8"},
    {"domain_out_of_range",
     "domain_out_of_range.aadl:41:7: error: domain 7 of process 'top_i_Instance.b' is outside 1..4"},
    {"shared_domain",
     "shared_domain.aadl:42:7: error: processes 'top_i_Instance.a' and 'top_i_Instance.b' share domain 2: virtual "
     "machine partition 'top_i_Instance.b' needs a domain of its own"},
    {"unknown_unit",
     "unknown_unit.aadl:53:28: error: unknown unit 'msec' for Timing_Properties::Frame_Period (expected one of ps, "
     "ns, us, ms, sec, min, hr)"},
    {"missing_unit",
     "missing_unit.aadl:53:23: error: missing unit for Timing_Properties::Frame_Period (expected one of ps, ns, us, "
     "ms, sec, min, hr)"},
    {"bad_enumeration",
     "bad_enumeration.aadl:11:28: error: 'Periodical' is not a value of Thread_Properties::Dispatch_Protocol "
     "(expected one of Periodic, Sporadic, Aperiodic, Timed, Hybrid, Background)"},
    {"access_to_a_port",
     "access_to_a_port.aadl:72:28: error: 'a.output' is an event data port, not an access feature: data access "
     "connection 'c2' joins access features and the components they access"},
    {"array_size_mismatch",
     "array_size_mismatch.aadl:24:7: error: connection 'lanes' in 'top_i_Instance': array size mismatch "
     "(One_To_One): 3 at the source and 2 at the destination"},
    {"array_without_size",
     "array_without_size.aadl:12:25: error: array 'w' has no size ('[]'): give it here or in a refinement"},
    {"unresolved_component_type",
     "unresolved_component_type.aadl:44:26: error: unresolved component type 'receiver_q' for implementation "
     "'receiver_q.i'"},
    {"implementation_category_mismatch",
     "implementation_category_mismatch.aadl:44:25: error: implementation 'receiver_p.i' is a system but type "
     "'receiver_p' is a process"},
    {"subcomponent_category_mismatch",
     "subcomponent_category_mismatch.aadl:64:17: error: subcomponent 'b' is a thread but 'receiver_p.i' is a "
     "process"},
    {"port_carries_non_data",
     "port_carries_non_data.aadl:9:35: error: port 'output' carries 'receiver', which is a thread, not a data "
     "classifier"},
    {"connection_to_subcomponent",
     "connection_to_subcomponent.aadl:66:28: error: 'b' is a subcomponent, not a port: name one of its ports "
     "('b.<port>')"},
    {"data_component_to_event_port",
     "data_component_to_event_port.aadl:23:25: error: 'r.tick' is an event port, not a data or event data port: port "
     "connection 'c1' joins a data component with a data port"},
    {"internal_feature_access",
     "internal_feature_access.aadl:22:23: error: 'pending' is an internal event data feature, which data access "
     "connection 'a1' cannot join"},
    {"prototype_binding_unknown",
     "prototype_binding_unknown.aadl:54:27: error: prototype binding names 'paylod', which is no prototype of "
     "'proto_fx::producer'"},
    {"unresolved_subcomponent",
     "unresolved_subcomponent.aadl:66:28: error: unresolved connection end 'x.input' of port connection 'c1': 'top.i' "
     "has no subcomponent or feature group 'x' (looked in top.i, top)"},
    {"extends_cycle", "extends_cycle.aadl:57:25: error: 'loop_a' extends itself"},
    {"contains_itself", "contains_itself.aadl:63:21: error: 'top.i' contains itself through subcomponent 'again'"},
    {"unresolved_with",
     "unresolved_with.aadl:6:8: error: unresolved package or property set 'Missing_Package': none of the model's "
     "files declares it, and it is not one bulkhead ships (AADL's and OSATE's, and those of HAMR, BriefCASE, CASE's "
     "trusted build, Ocarina and FACE; README.md lists them): add the file that declares it to the model"},
    {"value_type_mismatch",
     "value_type_mismatch.aadl:27:34: error: expected aadlinteger for CASE_Scheduling::Domain, found the string "
     "\"two\""},
    {"integer_expected",
     "integer_expected.aadl:27:34: error: expected an integer for CASE_Scheduling::Domain, found '2.5'"},
    {"unresolved_property_set", "unresolved_property_set.aadl:27:7: error: unresolved property set 'CASE_Schedule'"},
    {"unexpected_unit", "unexpected_unit.aadl:27:36: error: CASE_Scheduling::Domain takes no unit, found 'ms'"},
    {"several_roots",
     "several_roots.aadl:63:3: error: more than one system implementation (fx::top.other, fx::top.i): choose the "
     "root with --root"},
    {"syntax_unexpected_character", "syntax_unexpected_character.aadl:5:12: error: unexpected character '$'"},
    {"syntax_empty", "syntax_empty.aadl:1:1: error: empty file: expected 'package' or 'property set'"},
};

INSTANTIATE_TEST_SUITE_P(Checks, FailingFixture, ::testing::ValuesIn(failingCases),
                         [](const ::testing::TestParamInfo<FixtureCase>& info) { return std::string(info.param.fixture); });

TEST(Fixtures, GoodModelLoadsWithoutDiagnostics) {
  auto result = loadFixture("good");
  ASSERT_TRUE(result) << renderedOf(result);
  EXPECT_TRUE(result->warnings.items.empty()) << renderedOf(result);
}

TEST(Fixtures, ModesAreIgnoredWithAWarning) {
  auto result = loadFixture("modes_ignored");
  ASSERT_TRUE(result) << renderedOf(result);
  EXPECT_EQ(firstLine(result),
            "modes_ignored.aadl:58:5: warning: modes are not supported: mode transitions are ignored and all "
            "mode-specific elements always apply");
}

TEST(Fixtures, SporadicThreadWithoutTriggerIsNeverDispatched) {
  auto result = loadFixture("sporadic_never_dispatched");
  ASSERT_TRUE(result) << renderedOf(result);
  EXPECT_EQ(firstLine(result),
            "sporadic_never_dispatched.aadl:11:7: note: sporadic thread 'top_i_Instance.a.t' has no in event port or "
            "in event data port: it is never dispatched");
}

// OSATE instantiates it; the plan refuses it (tests/plan: BuildPlanChecks.PeriodicThreadWithoutPeriod).
TEST(Fixtures, PeriodicThreadWithoutPeriodIsAWarning) {
  auto result = loadFixture("periodic_without_period");
  ASSERT_TRUE(result) << renderedOf(result);
  EXPECT_EQ(firstLine(result),
            "periodic_without_period.aadl:19:7: warning: periodic thread 'top_i_Instance.b.t' has no Period: bulkhead "
            "cannot dispatch it, so plan, run and sim refuse it");
}

// AS5506C asks the name after `end` to repeat the declared one; OSATE only warns
// (Aadl2Validator.checkEndId), and so does bulkhead, for classifiers, packages and property sets.
TEST(Fixtures, MismatchedEndNameIsAWarningAsInOsate) {
  auto result = loadFixture("end_name_mismatch");
  ASSERT_TRUE(result) << renderedOf(result);
  ASSERT_EQ(result->warnings.items.size(), 2u) << renderedOf(result);
  EXPECT_EQ(firstLine(result), "end_name_mismatch.aadl:50:3: warning: 'end receiver_q.i' does not match "
                               "'receiver_p.i'");
  EXPECT_EQ(result->warnings.items[1].message, "'end fx_old' does not match 'package fx'");
  EXPECT_EQ(result->warnings.items[1].location.line, 69u);
  EXPECT_NE(result->findComponent("top_i_Instance.b"), nullptr);
  LoadOptions library;
  library.requireRoot = false;
  auto set = loadTexts({{"s.aadl", "property set S is\n  Level: aadlinteger applies to (system);\nend T;\n"}},
                       library);
  ASSERT_TRUE(set) << renderedOf(set);
  EXPECT_EQ(firstLine(set), "s.aadl:3:5: warning: 'end T' does not match 'property set S'");
}

TEST(Fixtures, PropertyOnTheWrongCategoryIsAWarning) {
  auto result = loadFixture("property_does_not_apply");
  ASSERT_TRUE(result) << renderedOf(result);
  EXPECT_EQ(firstLine(result),
            "property_does_not_apply.aadl:21:24: warning: property 'CASE_Scheduling::Max_Domain' does not apply to a "
            "thread");
}

// `reference (cores[2].runtimes[1])` names that element (the index was once dropped,
// leaving 'cores.runtimes', which names no component).
TEST(Fixtures, ReferenceToAnArrayElementKeepsItsIndex) {
  auto result = loadFixture("array_index_reference");
  ASSERT_TRUE(result) << renderedOf(result);
  const ComponentInstance* w = result->findComponent("top_i_Instance.w");
  ASSERT_NE(w, nullptr);
  const PropertyValue* binding = w->lookup("Deployment_Properties", "Actual_Processor_Binding");
  ASSERT_NE(binding, nullptr);
  ASSERT_EQ(binding->elements.size(), 1u);
  EXPECT_EQ(binding->elements[0].text, "top_i_Instance.cores[2].runtimes[1]");
}

TEST(Fixtures, DuplicatePackageAcrossFiles) {
  std::string dir = std::string(MODEL_FIXTURES_DIR) + "/";
  auto result = loadTexts({{"duplicate_package_a.aadl", readFile(dir + "duplicate_package_a.aadl")},
                           {"duplicate_package_b.aadl", readFile(dir + "duplicate_package_b.aadl")}},
                          {.root = "", .requireRoot = false});
  ASSERT_FALSE(result);
  EXPECT_EQ(firstLine(result), "duplicate_package_b.aadl:2:9: error: duplicate package 'shared_pkg'");
  EXPECT_EQ(result.error().items.front().notes.at(0).location.file, "duplicate_package_a.aadl");
}

TEST(Fixtures, DiagnosticShowsSourceLineAndCaret) {
  auto result = loadFixture("unresolved_classifier");
  ASSERT_FALSE(result);
  EXPECT_EQ(render(result.error().items.front()),
            "unresolved_classifier.aadl:63:18: error: unresolved classifier 'sender_px.i': package 'fx' declares no "
            "classifier 'sender_px.i'\n"
            "      a: process sender_px.i;\n"
            "                 ^\n");
}

TEST(Fixtures, DuplicatePointsToThePreviousDeclaration) {
  auto result = loadFixture("duplicate_name");
  ASSERT_FALSE(result);
  const Diagnostic& d = result.error().items.front();
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_EQ(d.notes[0].severity, Severity::Note);
  EXPECT_EQ(d.notes[0].location.line, 32u);
  EXPECT_EQ(d.notes[0].message, "previous declaration is here");
}

}  // namespace
}  // namespace bulkhead::model::test
