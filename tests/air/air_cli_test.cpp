// End to end through the real binary: `instance --air` writes the HAMR-style
// example as an OSATE/HAMR instance file, and check, instance, plan, graph,
// sim and run read that file in place of the AADL text with the same results.
#include "tests/support/command_output.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;
using bulkhead::testing::SeparatedOutput;

SeparatedOutput bulkhead(const std::string& args) {
  return bulkhead::testing::runCommandSeparated(fmt::format("'{}' {}", BULKHEAD_BINARY, args));
}

std::string model() { return std::string(BULKHEAD_SOURCE_DIR) + "/examples/hamr_microkit/hamr_microkit.aadl"; }

class AirCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "bulkhead-air-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    air_ = (dir_ / "hamr_microkit_top_impl_Instance.json").string();
    SeparatedOutput written = bulkhead(fmt::format("instance '{}' --air", model()));
    ASSERT_EQ(written.status, 0) << written.err;
    std::ofstream(air_) << written.out;
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  std::string air_;
};

TEST_F(AirCli, CheckInstancePlanAndGraphGiveWhatTheTextGives) {
  EXPECT_EQ(bulkhead(fmt::format("check '{}'", air_)).status, 0);
  for (const char* verb : {"instance {} --json", "plan {}", "plan {} --json", "graph {}"}) {
    SeparatedOutput fromText = bulkhead(fmt::format(fmt::runtime(verb), "'" + model() + "'"));
    SeparatedOutput fromAir = bulkhead(fmt::format(fmt::runtime(verb), "'" + air_ + "'"));
    ASSERT_EQ(fromText.status, 0) << verb << fromText.err;
    ASSERT_EQ(fromAir.status, 0) << verb << fromAir.err;
    EXPECT_EQ(fromAir.out, fromText.out) << verb;
  }
}

TEST_F(AirCli, SimAndRunExecuteTheInstanceFile) {
  SeparatedOutput fromText = bulkhead(fmt::format("sim '{}' --frames 3", model()));
  SeparatedOutput fromAir = bulkhead(fmt::format("sim '{}' --frames 3 --module '{}/models/hamr_microkit.sim.so'", air_,
                                                 std::string(BULKHEAD_BINARY_DIR)));
  ASSERT_EQ(fromText.status, 0) << fromText.err;
  ASSERT_EQ(fromAir.status, 0) << fromAir.err;
  EXPECT_EQ(fromAir.out, fromText.out);
  SeparatedOutput run = bulkhead(fmt::format("run '{}' --frames 3 --time-scale 0.05 --partitions '{}'", air_,
                                             std::string(BULKHEAD_BINARY_DIR) + "/examples/hamr_microkit/partitions"));
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.out.find("consumer: received 3 (dropped 1)"), std::string::npos) << run.out;
}

TEST_F(AirCli, AMalformedFileIsALocatedError) {
  std::ofstream(dir_ / "bad.json") << "{\"type\": \"Aadl\", \"components\": [{\"type\": \"Component\"}]}";
  SeparatedOutput o = bulkhead(fmt::format("plan '{}'", (dir_ / "bad.json").string()));
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.err.find("bad.json: error: /components/0: missing key 'category'"), std::string::npos) << o.err;
}

}  // namespace
