// The build manifest: paths relative to the manifest resolve, so a project
// copied or moved with its build is found by walking up from its model;
// --build looks only there; the manifests next to the executable come
// first; a manifest that does not parse is skipped, one that is wrong is
// reported.
#include "plan/build_manifest.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace bulkhead::plan {
namespace {

namespace fs = std::filesystem;

class BuildManifestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "bulkhead-manifest-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    root = fs::canonical(tmpl);
  }
  void TearDown() override { fs::remove_all(root); }

  static void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  // <dir>/model.aadl and <dir>/build/bulkhead-manifests/<name>.json as the CMake function writes them.
  static void project(const fs::path& dir, const std::string& name) {
    write(dir / "model.aadl", "package model public end model;\n");
    write(dir / "build/partitions/producer", "program");
    write(dir / "build/bulkhead-manifests" / (name + ".json"),
          "{\"name\": \"" + name + "\", \"models\": [\"../../model.aadl\"], "
          "\"partitions\": {\"producer\": \"../partitions/producer\"}}\n");
  }

  fs::path root;
};

TEST_F(BuildManifestTest, RelativePathsResolveFromTheManifestsDirectory) {
  project(root / "p", "demo");
  auto manifest = readBuildManifest(root / "p/build/bulkhead-manifests/demo.json");
  ASSERT_TRUE(manifest) << manifest.error();
  EXPECT_EQ(manifest->name, "demo");
  EXPECT_EQ(manifest->models, std::vector<fs::path>{root / "p/model.aadl"});
  EXPECT_EQ(manifest->partitions.at("producer"), root / "p/build/partitions/producer");
  EXPECT_EQ(manifest->buildDirectory(), root / "p/build");
}

TEST_F(BuildManifestTest, WalkingUpFromTheModelFindsTheProjectsBuildWhereverItWasCopied) {
  project(root / "p", "demo");
  fs::create_directories(root / "elsewhere");
  fs::copy(root / "p", root / "elsewhere/q", fs::copy_options::recursive);
  fs::create_directories(root / "elsewhere/q/models");
  fs::rename(root / "elsewhere/q/model.aadl", root / "elsewhere/q/models/model.aadl");
  write(root / "elsewhere/q/build/bulkhead-manifests/demo.json",
        "{\"name\": \"demo\", \"models\": [\"../../models/model.aadl\"], "
        "\"partitions\": {\"producer\": \"../partitions/producer\"}}\n");
  fs::remove_all(root / "p");

  auto search = findBuildManifest({root / "elsewhere/q/models/model.aadl"}, {}, root / "bin");
  ASSERT_TRUE(search.found) << describeSearch(search);
  EXPECT_EQ(search.found->partitions.at("producer"), root / "elsewhere/q/build/partitions/producer");
  EXPECT_EQ(search.searched, (std::vector<fs::path>{root / "bin/bulkhead-manifests",
                                                     root / "elsewhere/q/models/build/bulkhead-manifests",
                                                     root / "elsewhere/q/build/bulkhead-manifests"}));
}

TEST_F(BuildManifestTest, ANamedBuildIsTheOnlyPlaceLookedIn) {
  project(root / "p", "demo");
  project(root / "p/other", "other");
  write(root / "p/other/build/bulkhead-manifests/other.json",
        "{\"name\": \"other\", \"models\": [\"../../../model.aadl\"], \"partitions\": {}}\n");
  auto named = findBuildManifest({root / "p/model.aadl"}, root / "p/other/build", {});
  ASSERT_TRUE(named.found);
  EXPECT_EQ(named.found->name, "other");
  auto missing = findBuildManifest({root / "p/model.aadl"}, root / "nowhere", {});
  EXPECT_FALSE(missing.found);
  EXPECT_EQ(describeSearch(missing), (root / "nowhere/bulkhead-manifests").string());
}

TEST_F(BuildManifestTest, TheExecutablesOwnBuildComesFirst) {
  project(root / "p", "demo");
  write(root / "exe/bulkhead-manifests/mine.json",
        "{\"name\": \"mine\", \"models\": [\"" + (root / "p/model.aadl").string() + "\"], \"partitions\": {}}\n");
  auto search = findBuildManifest({root / "p/model.aadl"}, {}, root / "exe");
  ASSERT_TRUE(search.found);
  EXPECT_EQ(search.found->name, "mine");  // an absolute model path is taken as it is
}

TEST_F(BuildManifestTest, ManifestsThatDoNotParseAreSkippedAndWrongOnesReported) {
  project(root / "p", "demo");
  write(root / "p/build/bulkhead-manifests/aaa.json", "{ not json");
  auto search = findBuildManifest({root / "p/model.aadl"}, {}, {});
  ASSERT_TRUE(search.found);
  EXPECT_EQ(search.found->name, "demo");
  write(root / "bad.json", "{\"name\": \"x\", \"models\": [], \"partitions\": {\"producer\": 3}}");
  auto bad = readBuildManifest(root / "bad.json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), (root / "bad.json").string() + ": the program of partition producer is not a string");
  EXPECT_EQ(readBuildManifest(root / "absent.json").error(), (root / "absent.json").string() + ": cannot open");
}

TEST_F(BuildManifestTest, NoManifestNamesWhereItLooked) {
  write(root / "a/b/model.aadl", "");
  auto search = findBuildManifest({root / "a/b/model.aadl"}, {}, {});
  EXPECT_FALSE(search.found);
  ASSERT_GE(search.searched.size(), 3u);
  EXPECT_EQ(search.searched[0], root / "a/b/build/bulkhead-manifests");
  EXPECT_EQ(search.searched[1], root / "a/build/bulkhead-manifests");
  EXPECT_EQ(search.searched.back(), fs::path("/build/bulkhead-manifests"));
}

}  // namespace
}  // namespace bulkhead::plan
