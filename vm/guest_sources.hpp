#pragma once
// The guest-side sources (vm/guest/), embedded at build time.
#include <string_view>

namespace bulkhead::vm {

extern const std::string_view kGuestModuleSource;  // module/bulkhead_ivshmem.c
extern const std::string_view kGuestModuleKbuild;  // module/Kbuild
extern const std::string_view kGuestInitScript;    // init.sh

}  // namespace bulkhead::vm
