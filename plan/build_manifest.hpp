#pragma once
// The build manifest: what cmake/Bulkhead.cmake's bulkhead_add_partitions
// records about a model's partition programs, in
// <build>/bulkhead-manifests/<name>.json:
//   {"name": "both_vm", "models": ["../../examples/both_vm/both_vm.aadl"],
//    "partitions": {"producer": "../examples/both_vm/partitions/producer", ...}}
// Paths are relative to the manifest's directory (absolute ones are taken
// as they are), so a build moved or copied with its project still works.
// `bulkhead run` takes the programs from it, `bulkhead sim` the name of the
// model's simulation module (<build>/models/<name>.sim.so).
#include <expected>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::plan {

struct BuildManifest {
  std::filesystem::path file;
  std::string name;
  std::vector<std::filesystem::path> models;                      // resolved
  std::map<std::string, std::filesystem::path> partitions;        // partition name -> program, resolved
  std::filesystem::path buildDirectory() const { return file.parent_path().parent_path(); }
};

std::expected<BuildManifest, std::string> readBuildManifest(const std::filesystem::path& file);

// The first manifest (in name order) in `manifestDirectory` that lists one
// of `models`; manifests that do not parse are skipped (they belong to the
// build, not to the user).
std::optional<BuildManifest> findManifestIn(const std::filesystem::path& manifestDirectory,
                                            const std::vector<std::filesystem::path>& models);

struct ManifestSearch {
  std::optional<BuildManifest> found;
  std::vector<std::filesystem::path> searched;  // the manifest directories looked in, in order
};

// Where a model's build is: only <buildDirectory>/bulkhead-manifests when
// one is named (`--build DIR`); else the manifests next to the bulkhead
// executable (an in-tree build runs its own programs), then
// <dir>/build/bulkhead-manifests for the model's directory and each of its
// ancestors (a project's build/, wherever the project was moved or copied).
ManifestSearch findBuildManifest(const std::vector<std::filesystem::path>& models,
                                 const std::filesystem::path& buildDirectory,
                                 const std::filesystem::path& executableDirectory);

// "no manifest in A, B or C names MODEL": for the callers' error messages.
std::string describeSearch(const ManifestSearch& search);

}  // namespace bulkhead::plan
