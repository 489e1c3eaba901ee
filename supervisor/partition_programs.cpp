#include "supervisor/partition_programs.hpp"

#include <nlohmann/json.hpp>

#include <fstream>

namespace bulkhead::supervisor {
namespace {

std::filesystem::path canonicalModel(const std::filesystem::path& p) {
  std::error_code ec;
  auto c = std::filesystem::weakly_canonical(std::filesystem::absolute(p, ec), ec);
  return ec ? p : c;
}

}  // namespace

PartitionPrograms PartitionPrograms::fromDirectory(const std::filesystem::path& directory) {
  PartitionPrograms programs;
  programs.directory_ = directory;
  return programs;
}

std::expected<PartitionPrograms, std::string> PartitionPrograms::fromManifests(
    const std::filesystem::path& manifestDirectory, const std::vector<std::filesystem::path>& models) {
  std::vector<std::filesystem::path> wanted;
  for (const auto& m : models) wanted.push_back(canonicalModel(m));
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(manifestDirectory, ec)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    auto json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object() || !json["models"].is_array() || !json["partitions"].is_object())
      continue;
    bool matches = false;
    for (const auto& m : json["models"])
      if (m.is_string())
        for (const auto& w : wanted) matches = matches || canonicalModel(m.get<std::string>()) == w;
    if (!matches) continue;
    PartitionPrograms programs;
    programs.manifestFile_ = entry.path();
    for (const auto& [name, path] : json["partitions"].items())
      if (path.is_string()) programs.manifest_[name] = path.get<std::string>();
    return programs;
  }
  return std::unexpected("no partition programs found for " + (models.empty() ? std::string("the model") : models.front().string()) +
                         ": no manifest in " + manifestDirectory.string() +
                         " names it (build its partitions with bulkhead_add_partitions) and no --partitions DIR was given");
}

std::expected<std::filesystem::path, std::string> PartitionPrograms::programFor(const plan::Partition& partition) const {
  if (!directory_.empty()) return directory_ / partition.name;
  auto it = manifest_.find(partition.name);
  if (it == manifest_.end())
    return std::unexpected("partition " + partition.name + " has no program in " + manifestFile_.string());
  return it->second;
}

}  // namespace bulkhead::supervisor
