#pragma once
// A HAMR Microkit C partition as the runtime runs it: the generated
// description (bulkhead_mk_partition) turned into the runtime's
// PartitionSpec and one CThread per thread. bulkhead_mk_partition_main
// (bulkhead_microkit.h) is the program's life; the simulator uses the same
// two functions through the C partitions' registry.
#include "runtime/component.hpp"
#include "runtime/microkit/bulkhead_microkit.h"
#include "runtime/partition_spec.hpp"
#include "runtime/runtime_error.hpp"

#include <expected>
#include <memory>
#include <vector>

namespace bulkhead::runtime::microkit {

std::expected<PartitionSpec, RuntimeError> partitionSpecOf(const bulkhead_mk_partition& partition);
std::expected<std::vector<std::unique_ptr<Component>>, RuntimeError> makeCThreads(
    const bulkhead_mk_partition& partition);

}  // namespace bulkhead::runtime::microkit
