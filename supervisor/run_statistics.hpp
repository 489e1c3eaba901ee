#pragma once
// The `--stats` summary printed before shutdown: release jitter of the
// schedule walk, the cost of a domain switch (stopping the previous window's
// partitions and releasing the next's), and resident memory of the
// supervisor and of each partition.
#include "supervisor/console.hpp"
#include "supervisor/partition_host.hpp"
#include "supervisor/release_log.hpp"

#include <memory>
#include <optional>
#include <sys/types.h>
#include <vector>

namespace bulkhead::supervisor {

// VmRSS of a process in kB, from /proc/<pid>/status.
std::optional<long> residentKilobytes(pid_t pid);

void printRunStatistics(Console& console, const ReleaseLog& log,
                        const std::vector<std::unique_ptr<PartitionHost>>& hosts);

}  // namespace bulkhead::supervisor
