// AIR JSON in and out: the round trip over every example of ours (instance
// and Plan equal to those of the AADL text), and one malformed file per
// kind of problem with its exact, JSON-pointer-located message.
#include "model/air_reader.hpp"
#include "model/air_writer.hpp"
#include "model/instance_json.hpp"
#include "model/load.hpp"
#include "plan/build_plan.hpp"
#include "plan/plan_json.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

namespace bulkhead::model {
namespace {

namespace fs = std::filesystem;

std::string fixture(const std::string& name) { return std::string(AIR_FIXTURES) + "/" + name; }

std::vector<fs::path> exampleModels() {
  std::vector<fs::path> models;
  for (const auto& dir : fs::directory_iterator(fs::path(BULKHEAD_SOURCE_DIR) / "examples"))
    if (dir.is_directory())
      for (const auto& file : fs::directory_iterator(dir.path()))
        if (file.path().extension() == ".aadl") models.push_back(file.path());
  std::sort(models.begin(), models.end());
  return models;
}

TEST(Air, EveryExampleReadsBackAsTheSameInstanceAndPlan) {
  auto models = exampleModels();
  ASSERT_GE(models.size(), 5u);
  for (const fs::path& model : models) {
    SCOPED_TRACE(model.string());
    auto fromText = loadModel(std::vector<fs::path>{model});
    ASSERT_TRUE(fromText.has_value()) << render(fromText.error());
    const std::string air = toAir(*fromText).dump(2);
    auto fromAir = readAirInstance(air, "example.json");
    ASSERT_TRUE(fromAir.has_value()) << render(fromAir.error());
    EXPECT_EQ(toJson(*fromAir).dump(1), toJson(*fromText).dump(1));
    // Written again, the same file.
    EXPECT_EQ(toAir(*fromAir).dump(2), air);
    auto planFromText = plan::buildPlan(*fromText);
    auto planFromAir = plan::buildPlan(*fromAir);
    ASSERT_TRUE(planFromText.has_value());
    ASSERT_TRUE(planFromAir.has_value()) << render(planFromAir.error());
    EXPECT_EQ(plan::toJson(*planFromAir).dump(1), plan::toJson(*planFromText).dump(1));
    EXPECT_EQ(plan::fingerprint(*planFromAir), plan::fingerprint(*planFromText));
  }
}

void expectError(const std::string& name, const std::string& message) {
  auto read = loadAirFile(fixture(name));
  ASSERT_FALSE(read.has_value()) << name;
  ASSERT_EQ(read.error().items.size(), 1u);
  EXPECT_EQ(read.error().items[0].location.file, fixture(name));
  EXPECT_EQ(read.error().items[0].message, message);
}

TEST(Air, NotJson) {
  auto read = loadAirFile(fixture("not_json.json"));
  ASSERT_FALSE(read.has_value());
  const Diagnostic& d = read.error().items.at(0);
  EXPECT_EQ(d.location.line, 3u);
  EXPECT_TRUE(d.message.starts_with("not JSON: ")) << d.message;
}
// nlohmann reports a number beyond a double's range as out_of_range, not as
// a parse error; it is bad input all the same (found by the air_reader fuzzer).
TEST(Air, NumberTooLargeForADouble) {
  auto read = loadAirFile(fixture("number_too_large.json"));
  ASSERT_FALSE(read.has_value());
  ASSERT_EQ(read.error().items.size(), 1u);
  const Diagnostic& d = read.error().items[0];
  EXPECT_EQ(d.message, "not JSON: a number is too large");
  EXPECT_EQ(d.location.line, 3u);
  EXPECT_EQ(d.location.column, 18u);
}
TEST(Air, NotAnAadlDocument) { expectError("not_aadl.json", "/type: expected \"Aadl\", found \"Plan\""); }
TEST(Air, NoRoot) {
  expectError("no_root.json", "/components: no root system instance");
}
TEST(Air, UnknownCategory) {
  expectError("unknown_category.json", "/components/0/subComponents/0/category/value: unknown component category 'Gizmo'");
}
TEST(Air, SubcomponentOfAnotherComponent) {
  expectError("foreign_subcomponent.json",
              "/components/0/subComponents/0/identifier/name: 'other_Instance.p' is not a subcomponent of 'top_impl_Instance'");
}
TEST(Air, MissingKey) { expectError("missing_features.json", "/components/0/subComponents/0/features/0: missing key 'category'"); }
TEST(Air, ConnectionToAnUnknownFeature) {
  expectError("unknown_feature.json",
              "/components/0/connectionInstances/0/dst/feature/value/name: no feature 'top_impl_Instance.p.t.nope' in the instance");
}
TEST(Air, ValueThatDoesNotFitItsProperty) {
  expectError("bad_value.json",
              "/components/0/subComponents/0/properties/0/propertyValues: the value of Thread_Properties::Dispatch_Protocol "
              "is not valid: 'Whenever' is not a value of Thread_Properties::Dispatch_Protocol (expected one of Periodic, "
              "Sporadic, Aperiodic, Timed, Hybrid, Background)");
}
TEST(Air, NumberThatIsNotOne) {
  expectError("bad_number.json", "/components/0/subComponents/0/properties/0/propertyValues/0/value: '12 ms' is not a number");
}

TEST(Air, RandomMutationsEndInAValueNeverACrash) {
  auto both = loadModel(std::vector<fs::path>{fs::path(BULKHEAD_SOURCE_DIR) / "examples/both_vm/both_vm.aadl"});
  ASSERT_TRUE(both.has_value());
  const std::string air = toAir(*both).dump();
  std::mt19937 random(11);
  for (int i = 0; i < 300; ++i) {
    std::string text = air;
    for (int k = 0; k < 3; ++k) text[random() % text.size()] = "{}[]\",:0aZ"[random() % 10];
    (void)readAirInstance(text, "mutated.json");
  }
  // Deep nesting: an error, not a stack overflow.
  std::string deep = "{\"type\":\"Aadl\",\"components\":[";
  std::string close;
  for (int i = 0; i < 2000; ++i) {
    deep += "{\"type\":\"Component\",\"identifier\":{\"type\":\"Name\",\"name\":[\"a\"]},\"category\":{\"type\":"
            "\"ComponentCategory\",\"value\":\"System\"},\"classifier\":{\"type\":\"None\"},\"subComponents\":[";
    close += "]}";
  }
  auto nested = readAirInstance(deep + close + "]}", "deep.json");
  EXPECT_FALSE(nested.has_value());
}

}  // namespace
}  // namespace bulkhead::model
