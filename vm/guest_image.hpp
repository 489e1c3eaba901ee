#pragma once
// The initramfs of one VM partition (design section 6): busybox, the uio
// module of the guest kernel, our bulkhead_ivshmem module, the init script
// (vm/guest/init.sh) and the partition's statically linked program without
// its debug sections, as an uncompressed cpio "newc" archive (faster to
// unpack under TCG). Cached by content hash: the same inputs give the same
// file and no rebuild.
#include "vm/guest_packages.hpp"
#include "vm/vm_error.hpp"

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace bulkhead::vm {

struct GuestImage {
  std::filesystem::path initramfs;
  std::string contentHash;
  bool fromCache = false;
};

// The archive itself, uncompressed (exposed for tests).
VmResult<std::vector<std::byte>> guestArchive(const GuestPackages& packages,
                                              const std::filesystem::path& guestModule,
                                              const std::filesystem::path& program);

// Builds (or finds in cacheDir) the image for `program`. The program must be
// a statically linked x86-64 executable.
VmResult<GuestImage> buildGuestImage(const GuestPackages& packages, const std::filesystem::path& guestModule,
                                     const std::filesystem::path& program, const std::filesystem::path& cacheDir);

}  // namespace bulkhead::vm
