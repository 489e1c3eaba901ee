#pragma once
// Small file helpers for vm/: whole-file reads and atomic writes (a cache
// entry is either complete or absent, even if two runs race).
#include "vm/vm_error.hpp"

#include <cstddef>
#include <filesystem>
#include <span>
#include <vector>

namespace bulkhead::vm {

VmResult<std::vector<std::byte>> readWholeFile(const std::filesystem::path& path);
// Writes to a temporary name beside `path`, then renames it into place.
VmResult<void> writeFileAtomically(const std::filesystem::path& path, std::span<const std::byte> bytes,
                                   std::filesystem::perms perms = std::filesystem::perms::owner_read |
                                                                  std::filesystem::perms::owner_write);
// The per-user cache: $BULKHEAD_CACHE_DIR, else $XDG_CACHE_HOME/bulkhead,
// else $HOME/.cache/bulkhead; created if missing.
VmResult<std::filesystem::path> cacheDirectory();

}  // namespace bulkhead::vm
