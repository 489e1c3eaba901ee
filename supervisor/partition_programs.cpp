#include "supervisor/partition_programs.hpp"

namespace bulkhead::supervisor {

PartitionPrograms PartitionPrograms::fromDirectory(const std::filesystem::path& directory) {
  PartitionPrograms programs;
  programs.directory_ = directory;
  return programs;
}

std::expected<PartitionPrograms, std::string> PartitionPrograms::fromBuild(
    const std::vector<std::filesystem::path>& models, const std::filesystem::path& buildDirectory,
    const std::filesystem::path& executableDirectory) {
  plan::ManifestSearch search = plan::findBuildManifest(models, buildDirectory, executableDirectory);
  if (!search.found)
    return std::unexpected(
        "no partition programs found for " + (models.empty() ? std::string("the model") : models.front().string()) +
        ": no build manifest in " + plan::describeSearch(search) +
        " names it (build the project's partitions with bulkhead_add_partitions, name its build with --build DIR, "
        "or give --partitions DIR)");
  PartitionPrograms programs;
  programs.manifestFile_ = search.found->file;
  programs.manifest_ = search.found->partitions;
  return programs;
}

std::expected<std::filesystem::path, std::string> PartitionPrograms::programFor(const plan::Partition& partition) const {
  if (!directory_.empty()) return directory_ / partition.name;
  auto it = manifest_.find(partition.name);
  if (it == manifest_.end())
    return std::unexpected("partition " + partition.name + " has no program in " + manifestFile_.string());
  return it->second;
}

}  // namespace bulkhead::supervisor
