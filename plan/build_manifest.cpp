#include "plan/build_manifest.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

namespace bulkhead::plan {

namespace fs = std::filesystem;

namespace {

fs::path canonicalOrAbsolute(const fs::path& p) {
  std::error_code ec;
  auto absolute = fs::absolute(p, ec);
  if (ec) return p;
  auto c = fs::weakly_canonical(absolute, ec);
  return ec ? absolute : c;
}

fs::path resolve(const fs::path& manifestDirectory, const std::string& listed) {
  fs::path p(listed);
  return canonicalOrAbsolute(p.is_absolute() ? p : manifestDirectory / p);
}

}  // namespace

std::expected<BuildManifest, std::string> readBuildManifest(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return std::unexpected(file.string() + ": cannot open");
  auto json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return std::unexpected(file.string() + ": not a JSON object");
  if (!json.contains("name") || !json["name"].is_string())
    return std::unexpected(file.string() + ": no \"name\" string");
  if (!json.contains("models") || !json["models"].is_array())
    return std::unexpected(file.string() + ": no \"models\" array");
  if (!json.contains("partitions") || !json["partitions"].is_object())
    return std::unexpected(file.string() + ": no \"partitions\" object");
  BuildManifest manifest;
  manifest.file = file;
  manifest.name = json["name"].get<std::string>();
  const fs::path directory = file.parent_path();
  for (const auto& model : json["models"]) {
    if (!model.is_string()) return std::unexpected(file.string() + ": a model that is not a string");
    manifest.models.push_back(resolve(directory, model.get<std::string>()));
  }
  for (const auto& [partition, program] : json["partitions"].items()) {
    if (!program.is_string())
      return std::unexpected(file.string() + ": the program of partition " + partition + " is not a string");
    manifest.partitions[partition] = resolve(directory, program.get<std::string>());
  }
  return manifest;
}

std::optional<BuildManifest> findManifestIn(const fs::path& manifestDirectory, const std::vector<fs::path>& models) {
  std::vector<fs::path> wanted;
  for (const auto& m : models) wanted.push_back(canonicalOrAbsolute(m));
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(manifestDirectory, ec))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());  // the same answer whatever the directory order
  for (const auto& file : files) {
    auto manifest = readBuildManifest(file);
    if (!manifest) continue;
    for (const auto& listed : manifest->models)
      if (std::find(wanted.begin(), wanted.end(), listed) != wanted.end()) return *manifest;
  }
  return std::nullopt;
}

ManifestSearch findBuildManifest(const std::vector<fs::path>& models, const fs::path& buildDirectory,
                                 const fs::path& executableDirectory) {
  ManifestSearch search;
  auto look = [&](const fs::path& manifestDirectory) {
    if (std::find(search.searched.begin(), search.searched.end(), manifestDirectory) != search.searched.end())
      return false;
    search.searched.push_back(manifestDirectory);
    search.found = findManifestIn(manifestDirectory, models);
    return search.found.has_value();
  };
  if (!buildDirectory.empty()) {
    look(canonicalOrAbsolute(buildDirectory) / "bulkhead-manifests");
    return search;
  }
  if (!executableDirectory.empty() && look(canonicalOrAbsolute(executableDirectory) / "bulkhead-manifests")) return search;
  for (const auto& model : models)
    for (fs::path dir = canonicalOrAbsolute(model).parent_path(); !dir.empty(); dir = dir.parent_path()) {
      if (look(dir / "build" / "bulkhead-manifests")) return search;
      if (dir == dir.root_path()) break;
    }
  return search;
}

std::string describeSearch(const ManifestSearch& search) {
  std::string text;
  for (std::size_t i = 0; i < search.searched.size(); ++i) {
    if (i > 0) text += i + 1 == search.searched.size() ? " or " : ", ";
    text += search.searched[i].string();
  }
  return text.empty() ? std::string("nowhere") : text;
}

}  // namespace bulkhead::plan
