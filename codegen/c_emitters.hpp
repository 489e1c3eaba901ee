#pragma once
// The text of every generated file of a HAMR Microkit C partition (design
// section 7a). Pure functions of the Plan, like emitters.hpp.
#include "plan/plan.hpp"
#include "runtime/partition_spec.hpp"

#include <expected>
#include <cstdint>
#include <string>
#include <vector>

namespace bulkhead::codegen {

// include/sb_aadl_types.h: every data type the Plan's ports carry, with
// HAMR's names; errors name a type C cannot express.
std::expected<std::string, std::string> emitCAadlTypes(const plan::Plan& plan);
std::string emitCEventCounter();  // include/sb_event_counter.h
std::string emitCTypes();         // include/sb_types.h
std::string emitCPrintf();        // include/printf.h
std::string emitCMicrokit();      // include/microkit.h

// include/<pd>.h, the glue <pd>_bulkhead.c, and the user skeleton <pd>_user.c.
std::string emitCThreadHeader(const plan::Partition& partition, const plan::Thread& thread);
std::string emitCThreadGlue(const plan::Partition& partition, const plan::Thread& thread);
std::string emitCUserSkeleton(const plan::Partition& partition, const plan::Thread& thread);

// partitions/<p>.c: the partition's description for the C runtime and its main.
std::string emitCPartition(const plan::Partition& partition, const runtime::PartitionSpec& slice);
// registry.c: `partitions` as a simulation module's model registry.
std::string emitCRegistry(const plan::Plan& plan, std::uint64_t planFingerprint,
                          const std::vector<std::string>& partitions);

}  // namespace bulkhead::codegen
