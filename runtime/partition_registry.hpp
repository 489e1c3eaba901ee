#pragma once
// Every partition of a model, as generated code registers them (codegen's
// model_registry.cpp): for a tool that runs all partitions' behaviour in
// one process, such as the simulator, linked in or loaded with dlopen
// (the symbol `bulkhead_partition_registry`).
#include "runtime/component.hpp"
#include "runtime/partition_spec.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace bulkhead::runtime {

struct RegisteredPartition {
  const char* name;
  const PartitionSpec& (*spec)();
  std::vector<std::unique_ptr<Component>> (*makeBehaviours)();
};

struct PartitionRegistry {
  std::uint64_t planFingerprint = 0;
  std::vector<RegisteredPartition> partitions;
};

}  // namespace bulkhead::runtime

extern "C" const bulkhead::runtime::PartitionRegistry* bulkhead_partition_registry();
