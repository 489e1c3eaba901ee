#pragma once
// Builds the guest kernel module (vm/guest/module/bulkhead_ivshmem.c) with
// kbuild against the linux-headers of the guest kernel, once per kernel
// release and module source; later calls return the cached .ko.
#include "vm/guest_packages.hpp"
#include "vm/vm_error.hpp"

#include <filesystem>
#include <functional>
#include <string>

namespace bulkhead::vm {

// `progress`, if set, hears about the build (tens of seconds, once per
// guest kernel release), not about a cache hit.
VmResult<std::filesystem::path> guestModule(const GuestPackages& packages, const std::filesystem::path& cacheDir,
                                            const std::function<void(const std::string&)>& progress = {});

}  // namespace bulkhead::vm
