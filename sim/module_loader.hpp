#pragma once
// Behaviour code for `bulkhead sim` comes as a simulation module: a shared
// object holding every partition's generated code, the user's behaviour
// classes and the runtime, built by the model's CMake glue from the same
// sources as the partition programs `bulkhead run` starts. It exports the
// model registry (runtime/partition_registry.hpp) under the C symbol
// `bulkhead_partition_registry`. Loaded with RTLD_LOCAL, so two modules (or
// a module and bulkhead itself) never interpose each other's symbols.
#include "runtime/partition_registry.hpp"
#include "sim/partition_driver.hpp"

#include <filesystem>
#include <expected>
#include <string>
#include <vector>

namespace bulkhead::sim {

class SimModule {
 public:
  static std::expected<SimModule, SimError> load(const std::filesystem::path& path);
  SimModule(SimModule&& other) noexcept;
  SimModule& operator=(SimModule&& other) noexcept;
  SimModule(const SimModule&) = delete;
  SimModule& operator=(const SimModule&) = delete;
  // Unloads the module: everything made from its registry (behaviours)
  // must be gone by then.
  ~SimModule();

  const runtime::PartitionRegistry& registry() const { return *registry_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  SimModule(void* handle, const runtime::PartitionRegistry* registry, std::filesystem::path path)
      : handle_(handle), registry_(registry), path_(std::move(path)) {}

  void* handle_ = nullptr;
  const runtime::PartitionRegistry* registry_ = nullptr;
  std::filesystem::path path_;
};

// Where a model's module is looked for when none is named:
// <build>/models/<name>.sim.so (sim_module.cmake puts it there), for the
// build manifest that lists the first model file, found as `run` finds it
// (plan/build_manifest.hpp: next to the executable, else the nearest
// build/ above the model); without one, models/<model file's stem>.sim.so
// next to the executable.
std::filesystem::path defaultModulePath(const std::filesystem::path& executableDir,
                                        const std::filesystem::path& firstModelFile);

}  // namespace bulkhead::sim
