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

}  // namespace
