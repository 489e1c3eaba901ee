// End-to-end: the real bulkhead binary's top-level behaviour.
#include "tests/support/command_output.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using bulkhead::testing::CommandOutput;

CommandOutput runBulkhead(const std::string& args) {
  return bulkhead::testing::runCommand(std::string(BULKHEAD_BINARY) + " " + args);
}

TEST(Cli, VersionPrintsNameAndVersion) {
  CommandOutput o = runBulkhead("--version");
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.text.rfind("bulkhead ", 0), 0u) << o.text;
}

TEST(Cli, HelpListsEveryVerb) {
  CommandOutput o = runBulkhead("--help");
  EXPECT_EQ(o.status, 0);
  for (const char* verb : {"check", "instance", "plan", "gen", "run", "sim", "graph"})
    EXPECT_NE(o.text.find(verb), std::string::npos) << verb;
}

TEST(Cli, NoVerbIsAnError) {
  EXPECT_NE(runBulkhead("").status, 0);
}

// Every numeric option is range-checked while the command line is parsed:
// one line naming the option and its range, status 2, nothing started.
struct RejectedOption {
  const char* args;
  const char* message;
};

class CliRejectsOutOfRange : public ::testing::TestWithParam<RejectedOption> {};

TEST_P(CliRejectsOutOfRange, WithOneLineAndStatusTwo) {
  const RejectedOption& c = GetParam();
  CommandOutput o = runBulkhead(std::string(c.args) + " 2>&1");
  EXPECT_EQ(o.status, 2) << o.text;
  EXPECT_EQ(o.text, std::string(c.message) + "\n");
}

INSTANTIATE_TEST_SUITE_P(
    NumericOptions, CliRejectsOutOfRange,
    ::testing::Values(
        RejectedOption{"run x.aadl --frames -1",
                       "bulkhead: --frames: '-1' is not a whole number in 1..4294967296"},
        RejectedOption{"run x.aadl --frames 18446744073709551616",
                       "bulkhead: --frames: '18446744073709551616' is not a whole number in 1..4294967296"},
        RejectedOption{"run x.aadl --frames 4294967297",
                       "bulkhead: --frames: '4294967297' is not a whole number in 1..4294967296"},
        RejectedOption{"run x.aadl --frames 0", "bulkhead: --frames: '0' is not a whole number in 1..4294967296"},
        RejectedOption{"run x.aadl --frames 12abc",
                       "bulkhead: --frames: '12abc' is not a whole number in 1..4294967296"},
        RejectedOption{"run x.aadl --frames +3", "bulkhead: --frames: '+3' is not a whole number in 1..4294967296"},
        RejectedOption{"run x.aadl --time-scale 1e9", "bulkhead: --time-scale: '1e9' is not a number in 0.001..100"},
        RejectedOption{"run x.aadl --time-scale 0", "bulkhead: --time-scale: '0' is not a number in 0.001..100"},
        RejectedOption{"run x.aadl --time-scale -1", "bulkhead: --time-scale: '-1' is not a number in 0.001..100"},
        RejectedOption{"run x.aadl --time-scale inf", "bulkhead: --time-scale: 'inf' is not a number in 0.001..100"},
        RejectedOption{"run x.aadl --time-scale nan", "bulkhead: --time-scale: 'nan' is not a number in 0.001..100"},
        RejectedOption{"run x.aadl --time-scale 0x1p-3",
                       "bulkhead: --time-scale: '0x1p-3' is not a number in 0.001..100"},
        RejectedOption{"sim x.aadl --frames -1", "bulkhead: --frames: '-1' is not a whole number in 1..4294967296"},
        RejectedOption{"sim x.aadl --frames 99999999999999999999999",
                       "bulkhead: --frames: '99999999999999999999999' is not a whole number in 1..4294967296"}));

// The range is checked before the model is read: a missing model file is
// not what the user hears about first.
TEST(Cli, RangeIsCheckedBeforeTheModelIsRead) {
  CommandOutput o = runBulkhead("run no-such-model.aadl --frames -1 2>&1");
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.text.find("no-such-model"), std::string::npos) << o.text;
}

// A long hostile argument is quoted cut, with no control characters.
TEST(Cli, AHostileValueIsQuotedCutAndPrintable) {
  CommandOutput o = runBulkhead("run x.aadl --frames \"$(printf '1\\033[2J%.0s' $(seq 1 50))\" 2>&1");
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.text.find('\033'), std::string::npos) << o.text;
  EXPECT_NE(o.text.find("...'"), std::string::npos) << o.text;
}

// The bounds themselves pass the option check: the run goes on to read the
// model, which does not exist here, and fails on that instead.
TEST(Cli, TheBoundsPassTheOptionCheck) {
  for (const char* options : {"--frames 1 --time-scale 0.001", "--frames 4294967296 --time-scale 100"}) {
    CommandOutput o = runBulkhead(std::string("run no-such-model.aadl ") + options + " 2>&1");
    EXPECT_EQ(o.status, 1) << options << "\n" << o.text;
    EXPECT_NE(o.text.find("no-such-model.aadl"), std::string::npos) << o.text;
  }
}

TEST(Cli, AnUnknownOptionIsAUsageError) {
  CommandOutput o = runBulkhead("check --no-such-option 2>&1");
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.text.rfind("bulkhead: ", 0), 0u) << o.text;
  EXPECT_EQ(o.text.find('\n'), o.text.size() - 1) << o.text;
}

}  // namespace
