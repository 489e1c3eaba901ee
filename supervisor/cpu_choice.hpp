#pragma once
// The CPU a run's partitions share when `--cpus` does not say: the allowed
// CPU with the fewest real-time threads already pinned to it. Partitions
// run SCHED_FIFO on their CPU, so two runs side by side on one host (tests,
// several engineers, several systems) that both took the first CPU would
// take each other's windows; spread, they do not while there are CPUs
// enough. Ties go by the run's pid, so runs that start together differ.
namespace bulkhead::supervisor {

int quietestAllowedCpu();

}  // namespace bulkhead::supervisor
