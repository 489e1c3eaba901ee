#pragma once
// Where the partition programs of a model are: a directory given with
// `--partitions DIR` (one program per partition, named after it), or the
// manifests that cmake/Bulkhead.cmake's bulkhead_add_partitions writes to
// <build>/bulkhead-manifests/<name>.json next to the bulkhead executable:
//   {"name": ..., "models": ["/abs/model.aadl"], "partitions": {"producer": "/abs/path", ...}}
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
  // The manifest in `manifestDirectory` whose models include one of
  // `models`; an error naming what was searched if none does.
  static std::expected<PartitionPrograms, std::string> fromManifests(const std::filesystem::path& manifestDirectory,
                                                                     const std::vector<std::filesystem::path>& models);

  std::expected<std::filesystem::path, std::string> programFor(const plan::Partition& partition) const;

 private:
  std::filesystem::path directory_;                       // --partitions
  std::map<std::string, std::filesystem::path> manifest_;  // partition name -> program
  std::filesystem::path manifestFile_;
};

}  // namespace bulkhead::supervisor
