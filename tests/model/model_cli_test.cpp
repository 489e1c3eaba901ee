// End-to-end: the real `bulkhead check` and `bulkhead instance`.
#include "tests/support/command_output.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace {

using bulkhead::testing::CommandOutput;
using bulkhead::testing::SeparatedOutput;

// What a user sees: stdout and stderr together.
CommandOutput runBulkhead(const std::string& args) {
  return bulkhead::testing::runCommand(std::string(BULKHEAD_BINARY) + " " + args);
}

// Standard output alone, for output that is parsed.
SeparatedOutput runBulkheadSeparated(const std::string& args) {
  return bulkhead::testing::runCommandSeparated(std::string(BULKHEAD_BINARY) + " " + args);
}

const std::string bothVm = std::string(BOTH_VM_DIR) + "/both_vm.aadl";

TEST(CheckCommand, GoodModelIsSilentAndExitsZero) {
  CommandOutput o = runBulkhead("check " + bothVm);
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.text, "");
}

TEST(CheckCommand, ErrorsAreLocatedWithCaretAndExitOne) {
  CommandOutput o = runBulkhead("check " + std::string(MODEL_FIXTURES_DIR) + "/shared_domain.aadl");
  EXPECT_EQ(o.status, 1);
  std::string file = std::string(MODEL_FIXTURES_DIR) + "/shared_domain.aadl";
  EXPECT_EQ(o.text,
            file + ":42:7: error: processes 'top_i_Instance.a' and 'top_i_Instance.b' share domain 2: virtual machine "
                   "partition 'top_i_Instance.b' needs a domain of its own\n"
                   "      CASE_Scheduling::Domain => 2;\n"
                   "      ^\n" +
                file + ":28:7: note: domain of 'top_i_Instance.a' is set here\n" +
                "      CASE_Scheduling::Domain => 2;\n"
                "      ^\n");
}

TEST(CheckCommand, NonAadlFileIsAClearError) {
  CommandOutput o = runBulkhead("check " + std::string(BOTH_VM_DIR) + "/domain_schedule.c");
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.text, std::string(BOTH_VM_DIR) + "/domain_schedule.c: error: not an AADL file (expected a .aadl file)\n");
}

TEST(CheckCommand, MissingFileIsAClearError) {
  CommandOutput o = runBulkhead("check no_such_model.aadl");
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.text, "no_such_model.aadl: error: cannot read file\n");
}

TEST(CheckCommand, WarningsDoNotFail) {
  CommandOutput o = runBulkhead("check --no-plan " + std::string(MODEL_FIXTURES_DIR) + "/modes_ignored.aadl");
  EXPECT_EQ(o.status, 0);
  EXPECT_NE(o.text.find(": warning: modes are not supported"), std::string::npos) << o.text;
}

// Modes are instantiated without their logic: what would run is not the
// model's system, so check (as run and sim) refuses it, after the warning.
TEST(CheckCommand, RefusesToRunAModalSystem) {
  const std::string file = std::string(MODEL_FIXTURES_DIR) + "/modes_ignored.aadl";
  CommandOutput o = runBulkhead("check " + file);
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.text.find(file + ":58:5: error: the system fx::top.i has modes: bulkhead does not run modal systems "
                               "(check and instance accept them, with every mode-specific element applied; run and "
                               "sim would run a different system)\n"),
            std::string::npos)
      << o.text;
}

TEST(CheckCommand, RefusesWhatRunWouldRefuseSuchAsAMissingScheduleFile) {
  const std::string file = std::string(MODEL_FIXTURES_DIR) + "/schedule_file_missing.aadl";
  CommandOutput o = runBulkhead("check " + file);
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.text, file + ":56:7: error: cannot read the domain schedule file '" + std::string(MODEL_FIXTURES_DIR) +
                        "/no_such_schedule.c'\n"
                        "      CASE_Scheduling::Schedule_Source_Text => \"no_such_schedule.c\";\n"
                        "      ^\n");
}

TEST(CheckCommand, NoPlanChecksTheAadlAlone) {
  CommandOutput o = runBulkhead("check --no-plan " + std::string(MODEL_FIXTURES_DIR) + "/schedule_file_missing.aadl");
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.text, "");
}

TEST(InstanceCommand, JsonShowsTheFlagshipFacts) {
  SeparatedOutput o = runBulkheadSeparated("instance " + bothVm + " --json");
  ASSERT_EQ(o.status, 0);
  nlohmann::json j = nlohmann::json::parse(o.out);
  std::vector<nlohmann::json> threads, processes, processors;
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& c) {
    if (c["category"] == "thread") threads.push_back(c);
    if (c["category"] == "process") processes.push_back(c);
    if (c["category"] == "processor") processors.push_back(c);
    for (const auto& s : c["subcomponents"]) walk(s);
  };
  walk(j["root"]);
  ASSERT_EQ(threads.size(), 2u);
  for (const auto& t : threads) {
    EXPECT_EQ(t["properties"]["Timing_Properties::Period"]["value"], 1000000000);
    EXPECT_EQ(t["properties"]["Timing_Properties::Period"]["unit"], "ns");
    EXPECT_EQ(t["properties"]["Thread_Properties::Dispatch_Protocol"]["value"], "Periodic");
  }
  ASSERT_EQ(processes.size(), 2u);
  EXPECT_EQ(processes[0]["properties"]["CASE_Scheduling::Domain"]["value"], 2);
  EXPECT_EQ(processes[1]["properties"]["CASE_Scheduling::Domain"]["value"], 3);
  for (const auto& p : processes) EXPECT_EQ(p["properties"]["HAMR::Component_Type"]["value"], "VIRTUAL_MACHINE");
  ASSERT_EQ(processors.size(), 1u);
  EXPECT_EQ(processors[0]["properties"]["Timing_Properties::Frame_Period"]["value"], 1000000000);
  EXPECT_EQ(processors[0]["properties"]["Timing_Properties::Clock_Period"]["value"], 2000000);
  EXPECT_EQ(processors[0]["properties"]["CASE_Scheduling::Max_Domain"]["value"], 4);
  ASSERT_EQ(j["connections"].size(), 1u);
  EXPECT_EQ(j["connections"][0]["name"], "producer.producer.write_port -> consumer.consumer.read_port");
  EXPECT_EQ(j["connections"][0]["category"], "event data port");
  EXPECT_EQ(j["connections"][0]["dataClassifier"], "Base_Types::Integer_8");
}

TEST(InstanceCommand, TextListsTreeAndConnections) {
  SeparatedOutput o = runBulkheadSeparated("instance " + bothVm);
  ASSERT_EQ(o.status, 0);
  EXPECT_NE(o.out.find("thread top_impl_Instance.producer.producer : "
                       "test_event_data_port_periodic_domains::producer_t.i\n"),
            std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("Timing_Properties::Period => 1000000000 ns"), std::string::npos);
  EXPECT_NE(o.out.find("semantic connections:\n  producer.producer.write_port -> consumer.consumer.read_port "
                       "(event data port Base_Types::Integer_8)\n"),
            std::string::npos)
      << o.out;
}

TEST(InstanceCommand, RootOptionSelectsAndRejects) {
  EXPECT_EQ(runBulkhead("instance " + bothVm + " --root top.impl").status, 0);
  EXPECT_EQ(runBulkhead("instance " + bothVm + " --root test_event_data_port_periodic_domains::top.impl").status, 0);
  CommandOutput bad = runBulkhead("instance " + bothVm + " --root top.nope");
  EXPECT_EQ(bad.status, 1);
  EXPECT_EQ(bad.text, bothVm + ": error: no system implementation 'top.nope' (found: "
                              "test_event_data_port_periodic_domains::top.impl)\n");
}

}  // namespace
