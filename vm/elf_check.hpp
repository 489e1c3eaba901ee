#pragma once
// Tells a statically linked x86-64 executable from anything else: a guest
// initramfs has no dynamic loader and no shared libraries.
#include "vm/vm_error.hpp"

#include <filesystem>

namespace bulkhead::vm {

enum class ElfLinkage { Static, Dynamic };

// Errors: not readable, not an ELF file, not an x86-64 executable.
VmResult<ElfLinkage> elfLinkage(const std::filesystem::path& path);

}  // namespace bulkhead::vm
