#include "sim/module_loader.hpp"

#include "plan/build_manifest.hpp"

#include <fmt/format.h>

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

std::filesystem::path defaultModulePath(const std::filesystem::path& executableDir,
                                        const std::filesystem::path& firstModelFile) {
  plan::ManifestSearch search = plan::findBuildManifest({firstModelFile}, {}, executableDir);
  if (search.found) return search.found->buildDirectory() / "models" / (search.found->name + ".sim.so");
  return executableDir / "models" / (firstModelFile.stem().string() + ".sim.so");
}

}  // namespace bulkhead::sim
