// End-to-end: the real bulkhead binary's top-level behaviour.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace {

struct Outcome {
  int status;
  std::string output;
};

Outcome runBulkhead(const std::string& args) {
  std::string command = std::string(BULKHEAD_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  std::array<char, 4096> buffer{};
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  int raw = pclose(pipe);
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, output};
}

TEST(Cli, VersionPrintsNameAndVersion) {
  Outcome o = runBulkhead("--version");
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.output.rfind("bulkhead ", 0), 0u) << o.output;
}

TEST(Cli, HelpListsEveryVerb) {
  Outcome o = runBulkhead("--help");
  EXPECT_EQ(o.status, 0);
  for (const char* verb : {"check", "instance", "plan", "gen", "run", "sim", "graph"})
    EXPECT_NE(o.output.find(verb), std::string::npos) << verb;
}

TEST(Cli, NoVerbIsAnError) {
  EXPECT_NE(runBulkhead("").status, 0);
}

}  // namespace
