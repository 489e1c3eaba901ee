#pragma once
// The guest kernel as QEMU boots it fastest. Debian's /boot/vmlinuz is a
// bzImage: firmware real-mode setup, then the kernel's own decompressor
// unpacking an XZ payload, which under TCG is about half of a guest's boot
// (measured here: 14 s of 28 s to the first line on a loaded host). We
// unpack that payload once on the host into the ELF vmlinux; when it has a
// PVH entry point (CONFIG_PVH: the Xen ELF note PHYS32_ENTRY), QEMU's
// `-kernel` starts it there directly, in 32-bit protected mode, skipping
// both. A kernel we cannot unpack, or one without PVH, boots as the bzImage.
#include "vm/guest_packages.hpp"
#include "vm/vm_error.hpp"

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace bulkhead::vm {

struct GuestKernel {
  std::filesystem::path image;  // what QEMU's -kernel gets
  bool pvh = false;             // the unpacked vmlinux, entered through PVH
  std::string why;              // when not pvh: why the bzImage is used
};

// The vmlinux inside a bzImage (boot protocol 2.08+, XZ payload), or why not.
VmResult<std::vector<std::byte>> unpackBzImage(std::span<const std::byte> bzImage);

// Whether an ELF image carries the PVH entry note (Xen note type 18).
bool hasPvhEntry(std::span<const std::byte> elf);

// The kernel to boot for `packages`: the unpacked vmlinux, cached in cacheDir
// by the bzImage's content hash, or the bzImage itself (with `why`). Errors
// only when the kernel cannot be read or the cache cannot be written.
VmResult<GuestKernel> guestKernel(const GuestPackages& packages, const std::filesystem::path& cacheDir);

}  // namespace bulkhead::vm
