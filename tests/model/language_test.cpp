// The AADL language breadth OSATE accepts, one fixture of ours per construct
// (tests/model/fixtures), asserting the instance `instance --json` keeps.
#include "model/instance_json.hpp"
#include "tests/model/test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>

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
                  c["kind"].get<std::string>() + ")");
  return out;
}

// Elements named as OSATE names them; connections paired by Connection_Pattern, or by
// OSATE's default (One_To_One; All_To_One to a single component); a property constant as size.
TEST(Language, ArraysAndConnectionPatterns) {
  nlohmann::json m = instanceOf("arrays");
  EXPECT_EQ(subcomponentsOf(m["root"]),
            (std::vector<std::string>{
                "s[1] : arr::sender_p.i (process)", "s[2] : arr::sender_p.i (process)", "s[3] : arr::sender_p.i (process)",
                "r[1] : arr::receiver_p.i (process)", "r[2] : arr::receiver_p.i (process)",
                "r[3] : arr::receiver_p.i (process)", "all[1] : arr::receiver_p.i (process)",
                "all[2] : arr::receiver_p.i (process)", "one : arr::receiver_p.i (process)",
                "buttons[1] : arr::panel (device)", "buttons[2] : arr::panel (device)",
                "grid[1][1] : arr::receiver_p.i (process)", "grid[1][2] : arr::receiver_p.i (process)",
                "grid[2][1] : arr::receiver_p.i (process)", "grid[2][2] : arr::receiver_p.i (process)"}));
  std::vector<std::string> features;
  for (const auto& f : m["root"]["subcomponents"][8]["features"]) features.push_back(f["name"]);
  EXPECT_EQ(features, (std::vector<std::string>{"input", "alarms[1]", "alarms[2]"}));
  std::vector<std::string> connections = connectionsOf(m);
  std::sort(connections.begin(), connections.end());
  std::vector<std::string> expected;
  for (int i = 1; i <= 3; ++i) {
    std::string s = "top_i_Instance.s[" + std::to_string(i) + "].t.output -> top_i_Instance.";
    expected.push_back(s + "r[" + std::to_string(i) + "].t.input (port)");
    expected.push_back(s + "all[1].t.input (port)");
    expected.push_back(s + "all[2].t.input (port)");
    expected.push_back(s + "one.t.input (port)");
  }
  expected.push_back("top_i_Instance.buttons[1].alarm -> top_i_Instance.one.t.alarms[2] (port)");
  expected.push_back("top_i_Instance.s[1].t.output -> top_i_Instance.grid[1][2].t.input (port)");
  expected.push_back("top_i_Instance.s[3].t.output -> top_i_Instance.grid[2][1].t.input (port)");
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(connections, expected);
}

TEST(Language, ConnectionSetNamingAnElementOutsideTheArray) {
  auto result = loadFixture("connection_set_outside");
  ASSERT_FALSE(result);
  EXPECT_EQ(firstLine(result), "connection_set_outside.aadl:31:7: error: connection 'wired' in 'top_i_Instance': "
                               "Connection_Set names destination element (3, 1), which the destination does not have");
}

// An end that is no array is its single element, (1) in Connection_Set, as OSATE's examples write it.
TEST(Language, ConnectionSetToAnEndThatIsNoArray) {
  auto result = loadTexts({{"m.aadl",
                            "package cs_single\npublic\n  with Base_Types;\n"
                            "  thread sender\n    features\n      output: out event data port Base_Types::Integer_8;\n"
                            "    properties\n      Dispatch_Protocol => Periodic;\n      Period => 1000 ms;\n"
                            "  end sender;\n"
                            "  thread receiver\n    features\n      input: in event data port Base_Types::Integer_8;\n"
                            "    properties\n      Dispatch_Protocol => Periodic;\n      Period => 1000 ms;\n"
                            "  end receiver;\n"
                            "  system top\n  end top;\n"
                            "  system implementation top.i\n    subcomponents\n      s: thread sender [3];\n"
                            "      r: thread receiver;\n    connections\n"
                            "      c: port s.output -> r.input {Connection_Set => ([src => (2); dst => (1);]);};\n"
                            "  end top.i;\nend cs_single;\n"}});
  ASSERT_TRUE(result) << renderedOf(result);
  EXPECT_EQ(connectionsOf(toJson(*result)),
            (std::vector<std::string>{"top_i_Instance.s[2].output -> top_i_Instance.r.input (port)"}));
}

// `q.items`: a data component inside a data subcomponent, reached by an access connection.
TEST(Language, AccessToADataComponentInsideADataSubcomponent) {
  nlohmann::json m = instanceOf("nested_data_access");
  EXPECT_EQ(connectionsOf(m), (std::vector<std::string>{
                                  "top_i_Instance.a.q.items -> top_i_Instance.a.t.slot (data access)",
                              }));
}

// Call sequences are kept by name, so Compute_Entrypoint_Call_Sequence resolves; their
// calls are not run (a warning says so).
TEST(Language, CallSequencesAreReferenced) {
  auto result = loadFixture("call_sequences");
  ASSERT_TRUE(result) << renderedOf(result);
  EXPECT_EQ(firstLine(result), "call_sequences.aadl:11:5: warning: subprogram calls are ignored: thread behaviour "
                               "comes from its entry points");
  nlohmann::json m = toJson(*result);
  const nlohmann::json& t = m["root"]["subcomponents"][0]["subcomponents"][0];
  EXPECT_EQ(t["callSequences"], nlohmann::json::parse(R"(["main_seq"])"));
  EXPECT_EQ(t["properties"]["Programming_Properties::Compute_Entrypoint_Call_Sequence"],
            nlohmann::json::parse(R"({"kind":"reference","value":"top_i_Instance.a.t.main_seq"})"));
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
                                      "c : shared_types::Temp (data)", "d : renaming::Sub.local (system)",
                                      "e : unnamed_alias::wrapper.i (system)"}));
  // `renames system shared_types::Sub;` names the alias after the classifier.
  EXPECT_EQ(subcomponentsOf(m["root"]["subcomponents"][4]),
            (std::vector<std::string>{"s : shared_types::Sub.i (system)"}));
}

TEST(Language, RenamesOfAnUnknownClassifier) {
  auto result = loadFixture("renames_unresolved");
  ASSERT_FALSE(result);
  EXPECT_EQ(firstLine(result), "renames_unresolved.aadl:11:20: error: unresolved classifier 'shared_types::Subb' in renames");
}

TEST(Language, AccessConnections) {
  nlohmann::json m = instanceOf("access_connections");
  EXPECT_EQ(connectionsOf(m), (std::vector<std::string>{
                                  "top_i_Instance.d -> top_i_Instance.a.t.store (data access)",
                                  "top_i_Instance.d -> top_i_Instance.b.t.store (data access)",
                                  "top_i_Instance.w -> top_i_Instance.s.bus_in (bus access)",
                                  "top_i_Instance.s.bus_in -> top_i_Instance.w (bus access)",
                                  "top_i_Instance.a.t.output -> top_i_Instance.b.t.input (port)",
                              }));
  EXPECT_EQ(m["connections"][0]["declaredConnections"],
            nlohmann::json::parse(R"(["top_i_Instance.c2", "top_i_Instance.a.a1"])"));
  const nlohmann::json& store = m["root"]["subcomponents"][4]["features"][1];
  EXPECT_EQ(store["name"], "store");
  EXPECT_EQ(store["category"], "data access");
  EXPECT_EQ(store["direction"], "in");  // requires access, as in OSATE's instance
}

// OSATE names an unnamed connection by its ends; a data component may end a
// port connection; properties of flows are accepted (flows are not instantiated).
TEST(Language, UnnamedConnectionsDataComponentEndsAndFlowProperties) {
  nlohmann::json m = instanceOf("connections_osate_forms");
  EXPECT_EQ(connectionsOf(m), (std::vector<std::string>{
                                  "top_i_Instance.a.s.output -> top_i_Instance.a.r.input (port)",
                                  "top_i_Instance.a.s.output -> top_i_Instance.a.store (port)",
                                  "top_i_Instance.a.store -> top_i_Instance.a.r.input (port)",
                              }));
  EXPECT_EQ(m["connections"][0]["declaredConnections"],
            nlohmann::json::parse(R"(["top_i_Instance.a.s.output -> r.input"])"));
  EXPECT_EQ(m["connections"][2]["declaredConnections"],
            nlohmann::json::parse(R"(["top_i_Instance.a.store -> r.input"])"));
}

// A prototype takes the classifier bound to it for each instance (subcomponent,
// extends clause; an actual may name the enclosing classifier's prototype),
// else its constraining classifier, as OSATE's instance does.
TEST(Language, PrototypesTakeTheirBindings) {
  auto result = loadFixture("prototypes");
  ASSERT_TRUE(result) << renderedOf(result);
  EXPECT_TRUE(result->warnings.items.empty()) << renderedOf(result);
  nlohmann::json m = toJson(*result);
  const nlohmann::json& a = m["root"]["subcomponents"][0];
  ASSERT_EQ(a["name"], "a");
  EXPECT_EQ(a["subcomponents"][0]["features"][0]["dataClassifier"], "Base_Types::Integer_8");
  const nlohmann::json& s = m["root"]["subcomponents"][1];
  const nlohmann::json& d = m["root"]["subcomponents"][2];
  ASSERT_EQ(s["name"], "s");
  ASSERT_EQ(d["name"], "d");
  EXPECT_EQ(s["features"][0]["dataClassifier"], "proto_fx::cable.fast");
  EXPECT_EQ(d["features"][0]["dataClassifier"], "proto_fx::cable");
  ASSERT_EQ(s["features"][1]["features"].size(), 1u);
  EXPECT_EQ(s["features"][1]["features"][0]["name"], "value");
  EXPECT_FALSE(d["features"][1].contains("features") && !d["features"][1]["features"].empty());
  EXPECT_EQ(connectionsOf(m), (std::vector<std::string>{
                                  "top_i_Instance.a.t.output -> top_i_Instance.a.r.input (port)",
                                  "top_i_Instance.c -> top_i_Instance.s.wire (bus access)",
                              }));
}

// Connections may name a subprogram call's features; calls are not instantiated.
TEST(Language, ConnectionsToSubprogramCalls) {
  auto result = loadFixture("call_connections");
  ASSERT_TRUE(result) << renderedOf(result);
  EXPECT_EQ(firstLine(result), "call_connections.aadl:28:5: warning: subprogram calls are ignored: thread behaviour "
                               "comes from its entry points");
  EXPECT_TRUE(result->connections.empty());
}

// OSATE's AIR for CASE's MissionComputer has both instances of such a connection.
TEST(Language, BidirectionalAccessAtTheRootEndsThereToo) {
  nlohmann::json m = instanceOf("root_access");
  EXPECT_EQ(connectionsOf(m), (std::vector<std::string>{
                                  "top_i_Instance.link -> top_i_Instance.r.link (bus access)",
                                  "top_i_Instance.r.link -> top_i_Instance.link (bus access)",
                              }));
}

TEST(Language, FeatureGroupsAndTheirConnections) {
  nlohmann::json m = instanceOf("feature_groups");
  EXPECT_EQ(connectionsOf(m), (std::vector<std::string>{
                                  "top_i_Instance.a.t.output -> top_i_Instance.b.t.input (port)",
                                  "top_i_Instance.a.t.output -> top_i_Instance.w.m.input (port)",
                                  "top_i_Instance.b.t.ack_out -> top_i_Instance.a.t.ack_in (port)",
                              }));
  EXPECT_EQ(m["connections"][0]["declaredConnections"],
            nlohmann::json::parse(R"(["top_i_Instance.a.c1", "top_i_Instance.c1", "top_i_Instance.b.c1"])"));
  // `inverse of` on the feature flips its members' directions.
  const nlohmann::json& bundle = m["root"]["subcomponents"][1]["features"][0];
  EXPECT_EQ(bundle["category"], "feature group");
  EXPECT_EQ(bundle["features"][0]["qualifiedName"], "top_i_Instance.b.bundle.value");
  EXPECT_EQ(bundle["features"][0]["direction"], "in");
  EXPECT_EQ(bundle["features"][0]["dataClassifier"], "Base_Types::Integer_8");
  EXPECT_EQ(bundle["features"][1]["direction"], "out");
  // So does `inverse of` on the feature group type.
  const nlohmann::json& watch = m["root"]["subcomponents"][2]["features"][0];
  EXPECT_EQ(watch["features"][0]["direction"], "in");
}

TEST(Language, FeatureGroupConnectionToAPort) {
  auto result = loadFixture("feature_group_connection_to_port");
  ASSERT_FALSE(result);
  EXPECT_EQ(firstLine(result),
            "feature_group_connection_to_port.aadl:74:37: error: 'b.input' is an event data port, not a feature group: "
            "feature group connection 'c2' joins feature groups");
}

TEST(Language, RefinedFeaturesSubcomponentsAndConnections) {
  nlohmann::json m = instanceOf("refinements");
  const nlohmann::json& s = m["root"]["subcomponents"][0]["subcomponents"][0];
  EXPECT_EQ(s["classifier"], "refine_fx::sender_8");
  EXPECT_EQ(s["features"][0]["dataClassifier"], "Base_Types::Integer_8");
  ASSERT_EQ(m["connections"].size(), 1u);
  EXPECT_EQ(m["connections"][0]["name"], "p.s.output -> p.r.input");
  EXPECT_EQ(m["connections"][0]["properties"]["Communication_Properties::Timing"],
            nlohmann::json::parse(R"({"kind":"enumeration","value":"delayed"})"));
}

TEST(Language, ConnectionRefinedWithoutEndsNeedsAnAncestor) {
  auto result = loadFixture("refined_connection_without_ancestor");
  ASSERT_FALSE(result);
  EXPECT_EQ(firstLine(result),
            "refined_connection_without_ancestor.aadl:12:7: error: connection 'c1' is refined without its ends, but no "
            "ancestor of 'pair.i' declares a connection 'c1'");
}

TEST(Language, AbstractComponentsAndFeatures) {
  nlohmann::json m = instanceOf("abstract_features");
  EXPECT_EQ(subcomponentsOf(m["root"]),
            (std::vector<std::string>{"c : abstract_fx::controller (system)", "spare : abstract_fx::controller (abstract)",
                                      "act : abstract_fx::actuator (device)"}));
  EXPECT_EQ(connectionsOf(m), (std::vector<std::string>{
                                  "top_i_Instance.c.command -> top_i_Instance.act.command (feature)",
                                  "top_i_Instance.c.level -> top_i_Instance.act.level (port)",
                              }));
  EXPECT_EQ(m["root"]["subcomponents"][0]["features"][1]["dataClassifier"], "abstract_fx::reading");
}

}  // namespace
}  // namespace bulkhead::model::test
