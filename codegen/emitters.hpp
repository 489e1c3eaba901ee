#pragma once
// The text of every generated file. Pure functions of the Plan: no file
// system here (generate.cpp writes them).
#include "plan/plan.hpp"
#include "runtime/partition_spec.hpp"

#include <expected>
#include <string>

namespace bulkhead::codegen {

// include/bulkhead_gen/<stem>_base.hpp: the typed API of one thread
// classifier (F Prime style generated base); errors name the port whose
// type the API cannot express.
std::expected<std::string, std::string> emitThreadBase(const plan::Thread& thread);

// The user's behaviour, written once where missing: <stem>.hpp and <stem>.cpp.
std::string emitSkeletonHeader(const plan::Thread& thread);
std::string emitSkeletonSource(const plan::Thread& thread);

// include/bulkhead_gen/partition_<name>.hpp and partitions/<name>/partition.cpp:
// the partition's baked Plan slice and the construction of its behaviours.
std::string emitPartitionHeader(const plan::Partition& partition);
std::string emitPartitionSource(const plan::Partition& partition, const runtime::PartitionSpec& slice);
// partitions/<name>/main.cpp: the program's entry.
std::string emitPartitionMain(const plan::Partition& partition);
// model_registry.cpp: every partition of the model, for tools that run
// them all in one process (the simulator).
std::string emitModelRegistry(const plan::Plan& plan, std::uint64_t planFingerprint);

// "producer" -> "partition_producer" (namespace and file stem).
std::string partitionIdentifier(const std::string& partition);

}  // namespace bulkhead::codegen
