#include "sim/module_loader.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <optional>
#include <utility>

#include <dlfcn.h>

namespace bulkhead::sim {

std::expected<SimModule, SimError> SimModule::load(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return std::unexpected(SimError{fmt::format("simulation module {} does not exist", path.string())});
  // An explicit path: dlopen must not search the library path instead.
  std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  void* handle = dlopen(absolute.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr)
    return std::unexpected(SimError{fmt::format("cannot load simulation module {}: {}", path.string(), dlerror())});
  using Entry = const runtime::PartitionRegistry* (*)();
  auto entry = reinterpret_cast<Entry>(dlsym(handle, "bulkhead_partition_registry"));
  if (entry == nullptr) {
    dlclose(handle);
    return std::unexpected(SimError{fmt::format(
        "{} is not a simulation module: it does not export bulkhead_partition_registry", path.string())});
  }
  const runtime::PartitionRegistry* registry = entry();
  if (registry == nullptr) {
    dlclose(handle);
    return std::unexpected(SimError{fmt::format("simulation module {} returned no registry", path.string())});
  }
  return SimModule(handle, registry, path);
}

SimModule::SimModule(SimModule&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)),
      registry_(std::exchange(other.registry_, nullptr)),
      path_(std::move(other.path_)) {}

SimModule& SimModule::operator=(SimModule&& other) noexcept {
  if (this != &other) {
    if (handle_) dlclose(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
    registry_ = std::exchange(other.registry_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

SimModule::~SimModule() {
  if (handle_) dlclose(handle_);
}

namespace {

// The name of the manifest that lists `model`, if any. Manifests that do
// not parse are skipped: they belong to the build, not to the user.
std::optional<std::string> manifestNameOf(const std::filesystem::path& executableDir,
                                          const std::filesystem::path& model) {
  std::error_code ec;
  const std::filesystem::path wanted = std::filesystem::weakly_canonical(model, ec);
  if (ec) return std::nullopt;
  std::vector<std::filesystem::path> manifests;
  for (const auto& entry : std::filesystem::directory_iterator(executableDir / "bulkhead-manifests", ec))
    if (entry.path().extension() == ".json") manifests.push_back(entry.path());
  std::sort(manifests.begin(), manifests.end());  // the same answer whatever the directory order
  for (const auto& path : manifests) {
    std::ifstream in(path);
    auto json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.contains("name") || !json["name"].is_string() || !json.contains("models") ||
        !json["models"].is_array())
      continue;
    for (const auto& listed : json["models"]) {
      if (!listed.is_string()) continue;
      std::error_code ec2;
      if (std::filesystem::weakly_canonical(listed.get<std::string>(), ec2) == wanted && !ec2)
        return json["name"].get<std::string>();
    }
  }
  return std::nullopt;
}

}  // namespace

std::filesystem::path defaultModulePath(const std::filesystem::path& executableDir,
                                        const std::filesystem::path& firstModelFile) {
  std::string name = manifestNameOf(executableDir, firstModelFile).value_or(firstModelFile.stem().string());
  return executableDir / "models" / (name + ".sim.so");
}

}  // namespace bulkhead::sim
