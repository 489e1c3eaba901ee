// `bulkhead gen` through the real binary: skeletons on first run, never
// overwritten after, and the build's mode failing on a thread without
// behaviour with a message naming it.
#include "tests/support/command_output.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

using bulkhead::testing::CommandOutput;

CommandOutput runBulkhead(const std::string& args) {
  return bulkhead::testing::runCommand(std::string(BULKHEAD_BINARY) + " " + args);
}

class GenCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "bulkhead-gen-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

const std::string kModel = BOTH_VM_MODEL;

TEST_F(GenCli, WritesSkeletonsOnceAndNeverOverwritesThem) {
  const std::string args = kModel + " -o " + (dir_ / "gen").string() + " --behaviour-dir " + (dir_ / "b").string();
  CommandOutput first = runBulkhead("gen " + args);
  ASSERT_EQ(first.status, 0) << first.text;
  EXPECT_NE(first.text.find("wrote skeleton " + (dir_ / "b/producer_t_i.cpp").string()), std::string::npos);
  { std::ofstream(dir_ / "b/producer_t_i.cpp") << "// mine\n"; }
  CommandOutput second = runBulkhead("gen " + args);
  ASSERT_EQ(second.status, 0) << second.text;
  EXPECT_EQ(second.text.find("wrote skeleton"), std::string::npos) << second.text;
  std::ifstream in(dir_ / "b/producer_t_i.cpp");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "// mine\n");
}

TEST_F(GenCli, BuildModeFailsOnAThreadWithoutBehaviourNamingIt) {
  fs::create_directories(dir_ / "b");
  CommandOutput outcome = runBulkhead("gen " + kModel + " -o " + (dir_ / "gen").string() + " --behaviour-dir " +
                                      (dir_ / "b").string() + " --require-behaviour --partitions producer,consumer");
  EXPECT_EQ(outcome.status, 1);
  const std::string b = (dir_ / "b").string();
  EXPECT_EQ(outcome.text,
            "error: thread top_impl_Instance.producer.producer (producer_t.i) has no behaviour: expected producer_t_i.hpp "
            "and producer_t_i.cpp defining class Producer_t_i in " + b + " (`bulkhead gen --behaviour-dir " + b +
            "` writes skeletons)\n"
            "error: thread top_impl_Instance.consumer.consumer (consumer_t.i) has no behaviour: expected consumer_t_i.hpp "
            "and consumer_t_i.cpp defining class Consumer_t_i in " + b + " (`bulkhead gen --behaviour-dir " + b +
            "` writes skeletons)\n");
}

TEST_F(GenCli, ModelErrorsAreReportedLikeTheCompiler) {
  { std::ofstream(dir_ / "bad.aadl") << "package p\npublic\n  thread t\n  end u;\nend p;\n"; }
  CommandOutput outcome = runBulkhead("gen " + (dir_ / "bad.aadl").string() + " -o " + (dir_ / "gen").string());
  EXPECT_EQ(outcome.status, 1);
  EXPECT_NE(outcome.text.find((dir_ / "bad.aadl").string() + ":4:"), std::string::npos) << outcome.text;
  EXPECT_FALSE(fs::exists(dir_ / "gen"));
}

TEST_F(GenCli, NeedsAModelOrAPlan) {
  CommandOutput outcome = runBulkhead("gen -o " + (dir_ / "gen").string());
  EXPECT_EQ(outcome.status, 1);
  EXPECT_EQ(outcome.text, "error: give either MODEL files or --plan FILE.json\n");
}

}  // namespace
