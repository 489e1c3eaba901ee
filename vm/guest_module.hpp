#pragma once
// Builds the guest kernel module (vm/guest/module/bulkhead_ivshmem.c) with
// kbuild against the linux-headers of the guest kernel, once per kernel
// release and module source; later calls return the cached .ko.
#include "vm/guest_packages.hpp"
#include "vm/vm_error.hpp"

#include <filesystem>

namespace bulkhead::vm {

VmResult<std::filesystem::path> guestModule(const GuestPackages& packages, const std::filesystem::path& cacheDir);

}  // namespace bulkhead::vm
