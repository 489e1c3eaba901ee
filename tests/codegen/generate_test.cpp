// `bulkhead gen`'s outputs: the generated files, the behaviour binding
// checks with their exact messages, and skeletons that are never
// overwritten.
#include "codegen/generate.hpp"
#include "codegen/names.hpp"
#include "codegen/partition_slice.hpp"
#include "plan/plan_json.hpp"
#include "sample_plans.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace bulkhead::codegen {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "bulkhead-codegen-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Names, FollowTheClassifier) {
  EXPECT_EQ(localClassifier("test_event_data_port_periodic_domains::producer_t.i"), "producer_t.i");
  EXPECT_EQ(behaviourFileStem("pkg::Producer_T.i"), "producer_t_i");
  EXPECT_EQ(behaviourClassName("pkg::producer_t.i"), "Producer_t_i");
  EXPECT_EQ(baseClassName("pkg::producer_t.i"), "Producer_t_i_Base");
}

TEST(PartitionSlice, HandOverOrderIsConnectedPortsThenPeriodQueue) {
  const plan::Plan plan = testing::mixedPortsPlan();
  runtime::PartitionSpec sender = partitionSlice(plan, 0, 0x1234);
  ASSERT_EQ(sender.threads.size(), 1u);
  const auto& ports = sender.threads[0].ports;
  EXPECT_EQ(ports[0].handover, 0);
  EXPECT_EQ(ports[1].handover, 1);
  EXPECT_EQ(ports[2].handover, 2);
  EXPECT_EQ(ports[3].handover, 3);
  EXPECT_EQ(ports[4].handover, -1);  // "spare" is unconnected: skipped
  EXPECT_EQ(ports[5].handover, 4);
  EXPECT_EQ(sender.periodQueue, 5);
  EXPECT_EQ(sender.planFingerprint, 0x1234u);

  runtime::PartitionSpec receiver = partitionSlice(plan, 1, 0);
  EXPECT_EQ(receiver.threads[0].ports[2].handover, 2);
  EXPECT_EQ(receiver.threads[1].ports[1].handover, 4);  // threads in order, ports in order
  EXPECT_EQ(receiver.threads[0].ports[0].queueSize, 3u);
  EXPECT_EQ(receiver.threads[0].ports[0].channel.maxBits, 8u);
  EXPECT_EQ(receiver.periodQueue, 5);
  EXPECT_EQ(receiver.threads[0].periodTicks, 1u);
  EXPECT_EQ(runtime::handoverCount(receiver), 6);
}

TEST(Generate, WritesApisPartitionsRegistryAndSkeletons) {
  TempDir dir;
  GenerateOptions options{.outputDir = dir.path() / "gen", .behaviourDir = dir.path() / "behaviour"};
  auto report = generate(testing::bothVmPlan(), 0xabc, options);
  ASSERT_TRUE(report) << report.error().front();
  for (const char* file : {"gen/include/bulkhead_gen/producer_t_i_base.hpp", "gen/include/bulkhead_gen/consumer_t_i_base.hpp",
                           "gen/include/bulkhead_gen/partition_producer.hpp", "gen/partitions/producer/partition.cpp",
                           "gen/partitions/producer/main.cpp", "gen/partitions/consumer/main.cpp",
                           "gen/model_registry.cpp", "gen/gen.stamp", "behaviour/producer_t_i.hpp",
                           "behaviour/producer_t_i.cpp", "behaviour/consumer_t_i.hpp", "behaviour/consumer_t_i.cpp"})
    EXPECT_TRUE(fs::exists(dir.path() / file)) << file;
  EXPECT_EQ(report->skeletons.size(), 4u);

  const std::string base = read(dir.path() / "gen/include/bulkhead_gen/producer_t_i_base.hpp");
  EXPECT_NE(base.find("class Producer_t_i_Base : public bulkhead::runtime::Component {"), std::string::npos);
  EXPECT_NE(base.find("void put_write_port(std::int8_t value)"), std::string::npos);
  EXPECT_NE(base.find("void timeTriggered() override = 0;"), std::string::npos);
  const std::string consumer = read(dir.path() / "gen/include/bulkhead_gen/consumer_t_i_base.hpp");
  EXPECT_NE(consumer.find("std::optional<std::int8_t> get_read_port()"), std::string::npos);
  const std::string partition = read(dir.path() / "gen/partitions/producer/partition.cpp");
  EXPECT_NE(partition.find(".planFingerprint = 0x0000000000000abcull"), std::string::npos);
  EXPECT_NE(partition.find("#include \"producer_t_i.hpp\""), std::string::npos);
  // both_vm's partitions are VMs: their programs offer the guest transport.
  const std::string main = read(dir.path() / "gen/partitions/producer/main.cpp");
  EXPECT_NE(main.find("const bulkhead::runtime::TransportChoice transports[] = {{\"uio\", &bulkhead::runtime::openUioTransport}};"),
            std::string::npos)
      << main;
}

TEST(Generate, NativePartitionProgramsOfferOnlyTheFdTransport) {
  TempDir dir;
  ASSERT_TRUE(generate(testing::mixedPortsPlan(), 1, GenerateOptions{.outputDir = dir.path() / "gen"}));
  const std::string main = read(dir.path() / "gen/partitions/sender/main.cpp");
  EXPECT_EQ(main.find("uio"), std::string::npos) << main;
  EXPECT_NE(main.find("runPartitionProgram(bulkhead_gen::partition_sender::spec(), components)"), std::string::npos);
}

// The compile test builds from the committed JSON; it must be this plan.
TEST(Generate, CompileTestFixtureIsTheSamplePlan) {
  std::ifstream in(MIXED_PLAN_JSON);
  auto fixture = plan::planFromJson(nlohmann::json::parse(in));
  ASSERT_TRUE(fixture) << fixture.error();
  EXPECT_EQ(plan::canonicalJson(*fixture), plan::canonicalJson(testing::mixedPortsPlan()));
}

TEST(Generate, SkeletonsAreNeverOverwritten) {
  TempDir dir;
  GenerateOptions options{.outputDir = dir.path() / "gen", .behaviourDir = dir.path() / "behaviour"};
  ASSERT_TRUE(generate(testing::bothVmPlan(), 1, options));
  const fs::path mine = dir.path() / "behaviour/producer_t_i.cpp";
  { std::ofstream(mine) << "// my behaviour\n"; }
  fs::remove(dir.path() / "behaviour/consumer_t_i.hpp");
  auto again = generate(testing::bothVmPlan(), 1, options);
  ASSERT_TRUE(again);
  EXPECT_EQ(read(mine), "// my behaviour\n");
  // Only the missing file is written again.
  ASSERT_EQ(again->skeletons.size(), 1u);
  EXPECT_EQ(again->skeletons[0], dir.path() / "behaviour/consumer_t_i.hpp");
  // Unchanged generated files are left alone (builds stay incremental).
  EXPECT_TRUE(again->written.empty());
}

TEST(Generate, AThreadWithoutBehaviourIsAnErrorNamingIt) {
  TempDir dir;
  fs::create_directories(dir.path() / "behaviour");
  { std::ofstream(dir.path() / "behaviour/consumer_t_i.hpp") << "\n"; }
  { std::ofstream(dir.path() / "behaviour/consumer_t_i.cpp") << "\n"; }
  GenerateOptions options{.outputDir = dir.path() / "gen", .behaviourDir = dir.path() / "behaviour",
                          .writeSkeletons = false};
  auto report = generate(testing::bothVmPlan(), 1, options);
  ASSERT_FALSE(report);
  const std::string where = (dir.path() / "behaviour").string();
  EXPECT_EQ(report.error(), (std::vector<std::string>{
                                "thread top_impl_Instance.producer.producer (producer_t.i) has no behaviour: expected "
                                "producer_t_i.hpp and producer_t_i.cpp defining class Producer_t_i in " +
                                where + " (`bulkhead gen --behaviour-dir " + where + "` writes skeletons)"}));
  EXPECT_FALSE(fs::exists(dir.path() / "gen"));  // nothing written on error
  EXPECT_FALSE(fs::exists(dir.path() / "behaviour/producer_t_i.cpp"));
}

TEST(Generate, PartitionsListedByTheBuildMustBeTheModels) {
  TempDir dir;
  GenerateOptions options{.outputDir = dir.path() / "gen", .behaviourDir = dir.path() / "behaviour",
                          .expectedPartitions = {"producer", "consumr"}};
  auto report = generate(testing::bothVmPlan(), 1, options);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error(),
            (std::vector<std::string>{
                "partition 'consumr' is listed in PARTITIONS but top.impl has no process 'consumr' (it has: producer, consumer)",
                "process 'consumer' of top.impl is not listed in PARTITIONS (producer, consumr): add it so its program is built"}));
}

TEST(Generate, UnsupportedDataTypeIsAnErrorNamingThePort) {
  TempDir dir;
  plan::Plan plan = testing::bothVmPlan();
  plan.partitions[0].threads[0].ports[0].dataType =
      testing::scalarType(wire::DataType::Kind::Float, "sample::Half", 16);
  auto report = generate(plan, 1, GenerateOptions{.outputDir = dir.path() / "gen"});
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().front(),
            "port top_impl_Instance.producer.producer.write_port: data type sample::Half (Float, 16 bits) is not "
            "supported by the generated API: floats are 32 or 64 bits");
}

TEST(Generate, RecordsBecomeStructsWithTheirWireDescription) {
  TempDir dir;
  auto report = generate(testing::mixedPortsPlan(), 1, GenerateOptions{.outputDir = dir.path() / "gen"});
  ASSERT_TRUE(report) << report.error().front();
  const std::string types = read(dir.path() / "gen/include/bulkhead_gen/data_types.hpp");
  EXPECT_NE(types.find("struct Pose_i {\n  float x{};\n  std::uint8_t mode{};\n  std::array<std::int16_t, 3> samples{};\n"),
            std::string::npos)
      << types;
  const std::string base = read(dir.path() / "gen/include/bulkhead_gen/sender_t_i_base.hpp");
  EXPECT_NE(base.find("void put_pose(const bulkhead_gen::Pose_i& value)"), std::string::npos) << base;
}

TEST(Generate, InstancesOfOneClassifierMustHaveTheSamePorts) {
  TempDir dir;
  plan::Plan plan = testing::bothVmPlan();
  plan.partitions[1].threads[0].classifier = plan.partitions[0].threads[0].classifier;
  auto report = generate(plan, 1, GenerateOptions{.outputDir = dir.path() / "gen"});
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().front(),
            "thread classifier sample::producer_t.i has instances with different ports: "
            "top_impl_Instance.producer.producer and top_impl_Instance.consumer.consumer");
}

}  // namespace
}  // namespace bulkhead::codegen
