#pragma once
// The supervisor's partition hosts for `bulkhead run --vm=qemu`: a VM
// partition (Plan PartitionKind::VirtualMachine) boots under QEMU as a
// VmPartitionHost; every other partition goes to the native factory.
#include "supervisor/host_factory.hpp"

#include <expected>
#include <filesystem>
#include <functional>
#include <string>

namespace bulkhead::vm {

using ProgramLookup = std::function<std::expected<std::filesystem::path, std::string>(const plan::Partition&)>;

supervisor::HostFactory qemuHostFactory(ProgramLookup programFor, supervisor::HostFactory native);

// Whether QEMU for the guests is installed (qemu-system-x86_64 on PATH):
// `--vm=qemu` is the default then, `--vm=process` otherwise.
bool qemuAvailable();

}  // namespace bulkhead::vm
