#pragma once
// Where the partition programs of a model are: a directory given with
// `--partitions DIR` (one program per partition, named after it), or the
// build manifest (plan/build_manifest.hpp) that cmake/Bulkhead.cmake's
// bulkhead_add_partitions writes to <build>/bulkhead-manifests/<name>.json.
#include "plan/build_manifest.hpp"
#include "plan/plan.hpp"

#include <expected>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

class PartitionPrograms {
 public:
  static PartitionPrograms fromDirectory(const std::filesystem::path& directory);
  // The manifest of the build that lists one of `models`, searched as
  // plan::findBuildManifest does (`buildDirectory`: `--build DIR`, or empty);
  // an error naming where it looked if none does.
  static std::expected<PartitionPrograms, std::string> fromBuild(const std::vector<std::filesystem::path>& models,
                                                                 const std::filesystem::path& buildDirectory,
                                                                 const std::filesystem::path& executableDirectory);

  std::expected<std::filesystem::path, std::string> programFor(const plan::Partition& partition) const;

 private:
  std::filesystem::path directory_;                       // --partitions
  std::map<std::string, std::filesystem::path> manifest_;  // partition name -> program
  std::filesystem::path manifestFile_;
};

}  // namespace bulkhead::supervisor
