// The predeclared property sets and packages: complete enough for the sets
// models name, a model's own copy of a set winning over ours, the error-model
// library, and the loading rules around them (several top-level systems,
// duplicates reported once, unresolved property types).
#include "model/predeclared.hpp"
#include "tests/model/test_support.hpp"

#include <gtest/gtest.h>

namespace bulkhead::model::test {
namespace {

// One periodic thread in one process under `top.i`; `withs`, `rootProperties`
// and `extra` declarations vary.
std::string model(const std::string& withs, const std::string& rootProperties = "", const std::string& extra = "") {
  return "package m\npublic\n  with Base_Types" + withs +
         ";\n"
         "  thread w\n    properties\n      Dispatch_Protocol => Periodic;\n      Period => 1000 ms;\n  end w;\n"
         "  process p\n  end p;\n"
         "  process implementation p.i\n    subcomponents\n      t: thread w;\n  end p.i;\n" +
         extra +
         "  system top\n  end top;\n"
         "  system implementation top.i\n    subcomponents\n      a: process p.i;\n" +
         (rootProperties.empty() ? "" : "    properties\n" + rootProperties) + "  end top.i;\nend m;\n";
}

TEST(Predeclared, StandardSetsAreCompleteForWhatModelsName) {
  auto r = loadTexts({{"m.aadl", model("",
                                       "      Transmission_Time => [Fixed => 1 ms .. 2 ms; PerByte => 0 ns .. 1 ns;] "
                                       "applies to a;\n"
                                       "      Initialize_Entrypoint_Source_Text => \"init\" applies to a.t;\n"
                                       "      Scheduling_Protocol => (RMS);\n",
                                       "  memory ram\n    properties\n      Byte_Count => 80000;\n  end ram;\n")},
                      {"extra.aadl", "property set extra is\n  Limit: AADL_Project::Time applies to (system);\n"
                                     "  Volume: Data_Volume applies to (bus);\nend extra;\n"}});
  // Transmission_Time applies to buses: a warning, but resolved and typed.
  ASSERT_TRUE(r) << renderedOf(r);
  EXPECT_EQ(firstLine(r), "m.aadl:25:7: warning: property 'Communication_Properties::Transmission_Time' does not "
                          "apply to a process");
  EXPECT_EQ(r->findComponent("top_i_Instance.a")->lookup("Communication_Properties", "Transmission_Time")->kind,
            PropertyValue::Kind::Record);
}

TEST(Predeclared, SetsOsateShipsResolve) {
  auto r = loadTexts({{"m.aadl", model(", ARINC653, SEI, Physical, Code_Generation_Properties, Data_Model",
                                       "      ARINC653::Module_Major_Frame => 20 ms;\n"
                                       "      SEI::GrossWeight => 1.5 kg;\n      SEI::MIPSBudget => 2.0 MIPS;\n"
                                       "      SEI::InstructionsPerDispatch => 1.24 KIPD .. 1.25 MIPD applies to a.t;\n")}});
  ASSERT_TRUE(r) << renderedOf(r);
  EXPECT_EQ(renderedOf(r), "");
  EXPECT_EQ(r->root->lookup("ARINC653", "Module_Major_Frame")->integer, 20'000'000);
  // OSATE's SEI: a range of instruction volumes (IPD, KIPD, MIPD), and Is_Partition defaults to false.
  const PropertyValue* ipd = r->findComponent("top_i_Instance.a.t")->lookup("SEI", "InstructionsPerDispatch");
  ASSERT_NE(ipd, nullptr);
  EXPECT_EQ(ipd->kind, PropertyValue::Kind::Range);
  EXPECT_EQ(r->root->lookup("SEI", "Is_Partition")->kind, PropertyValue::Kind::Boolean);
}

// OSATE's ARINC653::Memory_Kind enumerators (Memory_Code), and its ARINC429 set.
TEST(Predeclared, ArincSetsAsOsateShipsThem) {
  auto r = loadTexts({{"m.aadl", model(", ARINC653, ARINC429", "",
                                       "  memory rom\n    properties\n      ARINC653::Memory_Kind => (Memory_Code);\n"
                                       "  end rom;\n"
                                       "  device bus_if\n    features\n      word: out data port {ARINC429::WordID => 8;};\n"
                                       "  end bus_if;\n")}});
  ASSERT_TRUE(r) << renderedOf(r);
  EXPECT_EQ(renderedOf(r), "");
}

TEST(Predeclared, ErrorModelAnnexesResolve) {
  auto r = loadTexts({{"m.aadl", model(", EMV2, ErrorLibrary", "",
                                       "  device sensor\n    annex EMV2 {**\n      use types ErrorLibrary;\n"
                                       "      error propagations\n        outgoing propagation: {ItemOmission};\n"
                                       "      end propagations;\n    **};\n  end sensor;\n")}});
  ASSERT_TRUE(r) << renderedOf(r);
  EXPECT_EQ(renderedOf(r), "");
}

// OSATE's hazard sets: their labels are constants of EMV2's types.
TEST(Predeclared, HazardSetsOsateShipsResolve) {
  auto r = loadTexts({{"m.aadl", model(", EMV2, ARP4761, MILSTD882",
                                       "      EMV2::Severity => ARP4761::Hazardous;\n"
                                       "      EMV2::Likelihood => MILSTD882::Remote;\n")}});
  ASSERT_TRUE(r) << renderedOf(r);
  EXPECT_EQ(renderedOf(r), "");
  EXPECT_EQ(r->root->lookup("EMV2", "Severity")->integer, 2);
  EXPECT_EQ(r->root->lookup("EMV2", "Likelihood")->text, "D");
}

// What BriefCASE (with HAMR) ships: CASE_Properties, CASE_Model_Transformations'
// message types, AGREE_PLTL for `renames AGREE_PLTL::all`; and HAMR_Microkit.
TEST(Predeclared, SetsBriefCaseAndHamrShipResolve) {
  auto r = loadTexts({{"m.aadl", model(", CASE_Properties, CASE_Model_Transformations, AGREE_PLTL, HAMR_Microkit",
                                       "      HAMR_Microkit::SMC => true applies to a;\n"
                                       "      CASE_Properties::Trust_Level => 90 applies to a;\n",
                                       "  renames AGREE_PLTL::all;\n"
                                       "  bus radio\n    properties\n      CASE_Properties::Comm_Modality => RF;\n"
                                       "  end radio;\n"
                                       "  process q\n    features\n"
                                       "      rx: in event data port CASE_Model_Transformations::CASE_RF_Msg.Impl;\n"
                                       "  end q;\n")}});
  ASSERT_TRUE(r) << renderedOf(r);
  EXPECT_EQ(renderedOf(r), "");
  const ComponentInstance* a = r->findComponent("top_i_Instance.a");
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->lookup("HAMR_Microkit", "SMC")->boolean);
  EXPECT_EQ(a->lookup("CASE_Properties", "Trust_Level")->integer, 90);
}

// The sets the seL4 family's other tools install into OSATE: the CASE trusted build's TB_SYS,
// Sireum's SB_SYS and CASE_Properties_Sireum, the pre-BriefCASE Model_Transformations
// package; Ocarina's Deployment and POK; the FACE translator's FACE.
TEST(Predeclared, SetsOfTheFamilysOtherToolsResolve) {
  auto r = loadTexts({{"m.aadl",
                       model(", TB_SYS, SB_SYS, CASE_Properties_Sireum, Model_Transformations, Deployment, POK, FACE",
                             "      TB_SYS::Compute_Entrypoint_Source_Text => (\"run\") applies to a.t;\n"
                             "      TB_SYS::Sends_Events_To => \"{{1 out}}\" applies to a.t;\n"
                             "      SB_SYS::Compute_Entrypoint_Source_Text => (\"run\") applies to a.t;\n"
                             "      CASE_Properties_Sireum::Component_Language => CakeML applies to a;\n"
                             "      Deployment::Priority => 12 applies to a.t;\n"
                             "      POK::Needed_Memory_Size => 16 KByte applies to a;\n"
                             "      FACE::Segment => PCS applies to a;\n",
                             "  processor cpu\n    properties\n      TB_SYS::OS => CAmkES;\n"
                             "      CASE_Properties_Sireum::OS => seL4;\n      Deployment::Execution_Platform => LINUX64;\n"
                             "      POK::Scheduler => STATIC;\n  end cpu;\n")}});
  ASSERT_TRUE(r) << renderedOf(r);
  EXPECT_EQ(renderedOf(r), "");
  const ComponentInstance* t = r->findComponent("top_i_Instance.a.t");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->lookup("TB_SYS", "Compute_Entrypoint_Source_Text")->elements.at(0).text, "run");
  EXPECT_EQ(t->lookup("Deployment", "Priority")->integer, 12);
  // TB_SYS's declared defaults are instantiated as any set's.
  EXPECT_EQ(*t->lookup("TB_SYS", "Thread_Type")->asEnumeration(), "Active");
  const ComponentInstance* a = r->findComponent("top_i_Instance.a");
  EXPECT_EQ(*a->lookup("CASE_Properties_Sireum", "Component_Language")->asEnumeration(), "CakeML");
  EXPECT_EQ(a->lookup("POK", "Needed_Memory_Size")->integer, 16 * 1000 * 8);  // bits (AADL_Project: KByte = 1000 Byte)
  EXPECT_EQ(*a->lookup("FACE", "Segment")->asEnumeration(), "PCS");
  // Ocarina's Deployment is not the standard Deployment_Properties: a name only one has stays unresolved.
  auto other = loadTexts({{"m.aadl", model(", Deployment", "      Deployment::Actual_Processor_Binding => "
                                                           "(reference (a));\n")}});
  ASSERT_FALSE(other);
  EXPECT_EQ(firstLine(other), "m.aadl:21:19: error: unresolved property 'Deployment::Actual_Processor_Binding': the "
                              "published Deployment that bulkhead ships declares no property 'Actual_Processor_Binding'");
}

// A name no release of a shipped set has: the note says the model brings its own copy.
TEST(Predeclared, NameFromAnotherVersionOfAShippedSetSaysSo) {
  auto r = loadTexts({{"m.aadl", model(", CASE_Properties", "      CASE_Properties::Comp_Kind => FILTER;\n")}});
  ASSERT_FALSE(r);
  EXPECT_EQ(firstLine(r), "m.aadl:21:24: error: unresolved property 'CASE_Properties::Comp_Kind': the published "
                          "CASE_Properties that bulkhead ships declares no property 'Comp_Kind'");
  ASSERT_EQ(r.error().items.front().notes.size(), 1u) << renderedOf(r);
  EXPECT_EQ(r.error().items.front().notes[0].message,
            "'CASE_Properties' is bulkhead's copy of the published set; a model written for another version of it "
            "brings that version's CASE_Properties.aadl among its files");
  EXPECT_EQ(r.error().items.front().notes[0].location.file, "predeclared/CASE_Properties.aadl");
  // A value of the wrong type for a shipped set's property gets the same note.
  auto typed = loadTexts({{"m.aadl", model(", CASE_Properties",
                                           "      CASE_Properties::Cache_Size => \"six\" applies to a;\n")}});
  ASSERT_FALSE(typed);
  EXPECT_EQ(typed.error().items.front().notes.size(), 1u) << renderedOf(typed);
}

// BriefCASE 0.1 to 0.3 published CASE_Properties with other names and types
// (COMP_TYPE, BOUNDARY, CONFIDENTIALITY, OS a string, CACHE_TIMEOUT a number):
// a model written for it, which the current release rejects, is checked against
// that release alone and instantiated with its values.
std::string caseModel(const std::string& threadProperties, const std::string& rootProperties,
                      const std::string& cpuProperties = "      CASE_Properties::OS => \"Linux\";\n") {
  return "package m\npublic\n  with CASE_Properties;\n"
         "  thread w\n    properties\n      Dispatch_Protocol => Periodic;\n      Period => 1000 ms;\n" +
         threadProperties +
         "  end w;\n"
         "  processor cpu\n    properties\n" + cpuProperties + "  end cpu;\n"
         "  process p\n  end p;\n"
         "  process implementation p.i\n    subcomponents\n      t: thread w;\n  end p.i;\n"
         "  system top\n  end top;\n"
         "  system implementation top.i\n    subcomponents\n      a: process p.i;\n      c: processor cpu;\n"
         "    properties\n      Actual_Processor_Binding => (reference (c)) applies to a;\n" +
         rootProperties + "  end top.i;\nend m;\n";
}

TEST(Predeclared, ModelWrittenForBriefCase03IsCheckedAgainstThatRelease) {
  auto r = loadTexts({{"m.aadl", caseModel("      CASE_Properties::COMP_TYPE => FILTER;\n"
                                           "      CASE_Properties::COMP_SPEC => (\"Req001\");\n",
                                           "      CASE_Properties::CACHE_TIMEOUT => 30 applies to a;\n"
                                           "      CASE_Properties::BOUNDARY => (TRUSTED, PHYSICAL);\n")}});
  ASSERT_TRUE(r) << renderedOf(r);
  EXPECT_EQ(renderedOf(r),
            "predeclared/BriefCASE-0.3/CASE_Properties.aadl: note: the model is written for BriefCASE 0.3's "
            "CASE_Properties and checked against it (the current release, which bulkhead also ships, rejects it: "
            "m.aadl:8:24: unresolved property 'CASE_Properties::COMP_TYPE': the published CASE_Properties that "
            "bulkhead ships declares no property 'COMP_TYPE')\n");
  const ComponentInstance* t = r->findComponent("top_i_Instance.a.t");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(*t->lookup("CASE_Properties", "COMP_TYPE")->asEnumeration(), "FILTER");
  EXPECT_EQ(t->lookup("CASE_Properties", "COMP_SPEC")->elements.at(0).text, "Req001");
  EXPECT_EQ(r->findComponent("top_i_Instance.c")->lookup("CASE_Properties", "OS")->text, "Linux");
  EXPECT_EQ(r->findComponent("top_i_Instance.a")->lookup("CASE_Properties", "CACHE_TIMEOUT")->integer, 30);
  const PropertyValue* boundary = r->root->lookup("CASE_Properties", "BOUNDARY");
  ASSERT_NE(boundary, nullptr);
  ASSERT_EQ(boundary->elements.size(), 2u);
  EXPECT_EQ(*boundary->elements[1].asEnumeration(), "PHYSICAL");
}

// Never a mix: a model naming a property of each release is rejected, with the
// error of the current release and a note with the earlier one's.
TEST(Predeclared, AModelMixingTwoReleasesOfASetIsRejected) {
  auto r = loadTexts({{"m.aadl", caseModel("      CASE_Properties::COMP_TYPE => FILTER;\n",
                                           "      CASE_Properties::Trust_Level => 90 applies to a;\n",
                                           "      CASE_Properties::Comm_Modality => RF;\n")}});
  ASSERT_FALSE(r);
  EXPECT_EQ(firstLine(r), "m.aadl:8:24: error: unresolved property 'CASE_Properties::COMP_TYPE': the published "
                          "CASE_Properties that bulkhead ships declares no property 'COMP_TYPE'");
  const auto& notes = r.error().items.front().notes;
  ASSERT_EQ(notes.size(), 2u) << renderedOf(r);
  EXPECT_EQ(notes[1].message, "nor does the model check against BriefCASE 0.3's CASE_Properties, which bulkhead also "
                              "ships: unresolved property 'CASE_Properties::Trust_Level': BriefCASE 0.3's "
                              "published CASE_Properties that bulkhead ships declares no property 'Trust_Level'");
  EXPECT_EQ(notes[1].location.line, 28u);
  // A value of the wrong type for the earlier release is no better: COMP_TYPE is an enumeration there.
  auto typed = loadTexts({{"m.aadl", caseModel("      CASE_Properties::COMP_TYPE => \"FILTER\";\n", "", "")}});
  ASSERT_FALSE(typed);
  ASSERT_EQ(typed.error().items.front().notes.size(), 2u) << renderedOf(typed);
  EXPECT_EQ(typed.error().items.front().notes[1].message,
            "nor does the model check against BriefCASE 0.3's CASE_Properties, which bulkhead also ships: expected an "
            "enumeration literal (FILTER, ATTESTATION, MONITOR, VIRTUAL_MACHINE, COMM_DRIVER, SEL4, SWITCH, "
            "SAFETY_CONTROLLER) for CASE_Properties::COMP_TYPE, found the string \"FILTER\"");
}

// A model written for the earlier release with an error of its own elsewhere:
// that error is the one shown (the release leaving fewest errors), with a note.
TEST(Predeclared, TheReleaseLeavingFewestErrorsIsTheOneShown) {
  auto r = loadTexts({{"m.aadl", caseModel("      CASE_Properties::COMP_TYPE => FILTER;\n"
                                           "      CASE_Properties::CONFIDENTIALITY => HIGH;\n",
                                           "      Missing_Set::Level => 3;\n")}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().errorCount(), 1u) << renderedOf(r);
  EXPECT_EQ(firstLine(r), "m.aadl:29:7: error: unresolved property set 'Missing_Set'");
  const auto& notes = r.error().items.front().notes;
  ASSERT_EQ(notes.size(), 1u) << renderedOf(r);
  EXPECT_EQ(notes[0].message, "checked against BriefCASE 0.3's CASE_Properties, which bulkhead also ships, as it "
                              "leaves the fewest errors; the current release rejects the model with: unresolved "
                              "property 'CASE_Properties::COMP_TYPE': the published CASE_Properties that bulkhead "
                              "ships declares no property 'COMP_TYPE'");
}

// An error against the earlier release names that release.
TEST(Predeclared, AnErrorAgainstTheEarlierReleaseNamesIt) {
  auto r = loadTexts({{"m.aadl", caseModel("      CASE_Properties::COMP_TYPE => FILTER;\n"
                                           "      CASE_Properties::CONFIDENTIALITY => HIGH;\n",
                                           "      CASE_Properties::Comm_Driver => true applies to a;\n")}});
  ASSERT_FALSE(r);
  EXPECT_EQ(firstLine(r), "m.aadl:29:24: error: unresolved property 'CASE_Properties::Comm_Driver': BriefCASE 0.3's "
                          "published CASE_Properties that bulkhead ships declares no property 'Comm_Driver'");
  const auto& notes = r.error().items.front().notes;
  ASSERT_EQ(notes.size(), 2u) << renderedOf(r);
  EXPECT_EQ(notes[0].message, "'CASE_Properties' is bulkhead's copy of BriefCASE 0.3's published set; a model "
                              "written for another version of it brings that version's CASE_Properties.aadl among "
                              "its files");
  EXPECT_EQ(notes[0].location.file, "predeclared/BriefCASE-0.3/CASE_Properties.aadl");
}

// Many HAMR projects ship HAMR.aadl, Base_Types.aadl: their copy is the one used.
TEST(Predeclared, TheModelsOwnCopyOfASetWins) {
  const std::string ownHamr =
      "property set HAMR is\n  Platform: list of enumeration (seL4, Linux) applies to (system);\n"
      "  Local_Only: aadlinteger applies to (system);\nend HAMR;\n";
  auto own = loadTexts({{"HAMR.aadl", ownHamr}, {"m.aadl", model(", HAMR", "      HAMR::Local_Only => 3;\n")}});
  ASSERT_TRUE(own) << renderedOf(own);
  EXPECT_EQ(renderedOf(own), "");
  EXPECT_EQ(own->root->lookup("HAMR", "Local_Only")->integer, 3);
  // Ours is not loaded beside it: a property only ours declares does not resolve.
  auto mixed = loadTexts({{"HAMR.aadl", ownHamr}, {"m.aadl", model(", HAMR", "      HAMR::HW => (QEMU);\n")}});
  ASSERT_FALSE(mixed);
  EXPECT_EQ(firstLine(mixed), "m.aadl:21:13: error: unresolved property 'HAMR::HW': property set 'HAMR' declares "
                                "no property 'HW'");
}

TEST(Predeclared, SetsAModelDoesNotNameAreNotParsed) {
  auto chosen = predeclaredSourcesFor({"package m public with HAMR; end m;"}, {});
  std::vector<std::string> names;
  for (const PredeclaredSource* s : chosen) names.emplace_back(s->declared());
  EXPECT_NE(std::find(names.begin(), names.end(), "HAMR"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "Memory_Properties"), names.end());  // standard: always
  EXPECT_EQ(std::find(names.begin(), names.end(), "ARINC653"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "ErrorLibrary"), names.end());
  // Base_Types brings Data_Model, which it names.
  chosen = predeclaredSourcesFor({"with base_types;"}, {});
  names.clear();
  for (const PredeclaredSource* s : chosen) names.emplace_back(s->declared());
  EXPECT_NE(std::find(names.begin(), names.end(), "Data_Model"), names.end());
  // Only the current release of a set is offered, unless an earlier one is asked for in its place.
  chosen = predeclaredSourcesFor({"with CASE_Properties;"}, {});
  std::vector<std::string_view> cases;
  for (const PredeclaredSource* s : chosen)
    if (s->declared() == "CASE_Properties") cases.push_back(s->name);
  EXPECT_EQ(cases, std::vector<std::string_view>{"predeclared/CASE_Properties.aadl"});
  ASSERT_EQ(earlierReleases().size(), 1u);
  chosen = predeclaredSourcesFor({"with CASE_Properties;"}, {}, {}, earlierReleases().front());
  cases.clear();
  for (const PredeclaredSource* s : chosen)
    if (s->declared() == "CASE_Properties") cases.push_back(s->name);
  EXPECT_EQ(cases, std::vector<std::string_view>{"predeclared/BriefCASE-0.3/CASE_Properties.aadl"});
  // The model declares HAMR itself: ours is left out.
  chosen = predeclaredSourcesFor({"with HAMR;"}, {"hamr"});
  for (const PredeclaredSource* s : chosen) EXPECT_NE(s->declared(), "HAMR");
}

TEST(Predeclared, UnresolvedListElementTypeIsReported) {
  auto r = loadTexts({{"m.aadl", model(", extra")},
                      {"extra.aadl", "property set extra is\n  Names: list of Missing_Names applies to (system);\nend extra;\n"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(firstLine(r), "extra.aadl:2:18: error: unresolved property type 'Missing_Names'");
}

// check (no root required) with two top-level systems checks both, without --root.
TEST(Predeclared, CheckWithSeveralTopLevelSystemsChecksEach) {
  std::string two = model("", "", "  system other\n  end other;\n  system implementation other.i\n"
                                  "    subcomponents\n      b: process p.i;\n  end other.i;\n");
  auto checked = loadTexts({{"m.aadl", two}}, {.root = "", .requireRoot = false});
  ASSERT_TRUE(checked) << renderedOf(checked);
  auto instance = loadTexts({{"m.aadl", two}});
  ASSERT_FALSE(instance);
  EXPECT_EQ(firstLine(instance),
            "m.aadl:23:3: error: more than one system implementation (m::other.i, m::top.i): choose the root "
            "with --root");
  // A warning on a declaration both roots instantiate is printed once.
  std::string warned = two;
  warned.replace(warned.find("      Period => 1000 ms;\n"), 25, "      Period => 1000 ms;\n      Frame_Period => 10 ms;\n");
  auto once = loadTexts({{"m.aadl", warned}}, {.root = "", .requireRoot = false});
  ASSERT_TRUE(once) << renderedOf(once);
  std::string text = renderedOf(once);
  EXPECT_EQ(firstLine(once), "m.aadl:8:7: warning: property 'Timing_Properties::Frame_Period' does not apply to a thread");
  std::size_t count = 0;
  for (std::size_t at = text.find("does not apply"); at != std::string::npos; at = text.find("does not apply", at + 1))
    ++count;
  EXPECT_EQ(count, 1u) << text;
}

}  // namespace
}  // namespace bulkhead::model::test
