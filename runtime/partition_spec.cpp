#include "runtime/partition_spec.hpp"

#include <algorithm>

namespace bulkhead::runtime {

std::string artName(const ThreadSpec& thread) {
  std::string name = thread.instanceName;
  std::ranges::replace(name, '.', '_');
  return name;
}

int handoverCount(const PartitionSpec& partition) {
  int count = 0;
  for (const ThreadSpec& thread : partition.threads)
    for (const PortSpec& port : thread.ports)
      if (port.handover >= 0) ++count;
  return count + (partition.periodQueue >= 0 ? 1 : 0);
}

}  // namespace bulkhead::runtime
