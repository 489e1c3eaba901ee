// The AADL language breadth OSATE accepts, one fixture of ours per construct
// (tests/model/fixtures), asserting the instance `instance --json` keeps.
#include "model/instance_json.hpp"
#include "tests/model/test_support.hpp"

#include <gtest/gtest.h>

namespace bulkhead::model::test {
namespace {

std::expected<InstanceModel, Diagnostics> loadFixture(const std::string& name) {
  return loadTexts({{name + ".aadl", readFile(std::string(MODEL_FIXTURES_DIR) + "/" + name + ".aadl")}});
}

nlohmann::json instanceOf(const std::string& name) {
  auto result = loadFixture(name);
  EXPECT_TRUE(result) << renderedOf(result);
  if (!result) return nlohmann::json();
  EXPECT_TRUE(result->warnings.items.empty()) << renderedOf(result);
  return toJson(*result);
}

// The subcomponents of a component as "name : classifier (category)".
std::vector<std::string> subcomponentsOf(const nlohmann::json& component) {
  std::vector<std::string> out;
  for (const auto& s : component["subcomponents"])
    out.push_back(s["name"].get<std::string>() + " : " + s["classifier"].get<std::string>() + " (" +
                  s["category"].get<std::string>() + ")");
  return out;
}

// Connection instances as "source -> destination (category)".
std::vector<std::string> connectionsOf(const nlohmann::json& instance) {
  std::vector<std::string> out;
  for (const auto& c : instance["connections"])
    out.push_back(c["source"].get<std::string>() + " -> " + c["destination"].get<std::string>() + " (" +
                  c["category"].get<std::string>() + ")");
  return out;
}

TEST(Language, BasedLiteralsAndExponents) {
  nlohmann::json m = instanceOf("based_literals");
  const nlohmann::json& p = m["root"]["properties"];
  EXPECT_EQ(p["Lit::Rate"], nlohmann::json::parse(R"({"kind":"integer","value":4294967296,"unit":"Hz"})"));
  EXPECT_EQ(p["Lit::Mask"], nlohmann::json::parse(R"({"kind":"integer","value":255})"));
  EXPECT_EQ(p["Lit::Gain"], nlohmann::json::parse(R"({"kind":"real","value":0.0015})"));
  EXPECT_EQ(p["Lit::Big"], nlohmann::json::parse(R"({"kind":"integer","value":4294967295})"));
  EXPECT_EQ(p["Lit::Span"], nlohmann::json::parse(
                                R"({"kind":"range","min":{"kind":"real","value":250.0},"max":{"kind":"real","value":1000.0}})"));
}

TEST(Language, RenamesForms) {
  nlohmann::json m = instanceOf("renames");
  EXPECT_EQ(subcomponentsOf(m["root"]),
            (std::vector<std::string>{"a : shared_types::Sub.i (system)", "b : shared_types::Sub (system)",
                                      "c : shared_types::Temp (data)"}));
}

TEST(Language, RenamesOfAnUnknownClassifier) {
  auto result = loadFixture("renames_unresolved");
  ASSERT_FALSE(result);
  EXPECT_EQ(firstLine(result), "renames_unresolved.aadl:11:20: error: unresolved classifier 'shared_types::Subb' in renames");
}

}  // namespace
}  // namespace bulkhead::model::test
