#pragma once
// The Debian packages a guest is built from (design section 6): the kernel
// of linux-image-amd64 with its uio module, the matching linux-headers (for
// our own guest module) and busybox-static. Found under a root directory,
// "/" normally, so tests can point at a fake tree.
#include "vm/vm_error.hpp"

#include <filesystem>
#include <string>

namespace bulkhead::vm {

struct GuestPackages {
  std::string kernelRelease;              // "6.1.0-56-amd64"
  std::filesystem::path kernelImage;      // <root>/boot/vmlinuz-<release>
  std::filesystem::path modulesDir;       // <root>/lib/modules/<release>
  std::filesystem::path uioModule;        // <modulesDir>/kernel/drivers/uio/uio.ko
  std::filesystem::path headersDir;       // <modulesDir>/build (linux-headers); may be absent
  std::filesystem::path busybox;          // <root>/bin/busybox, statically linked
};

// The newest installed kernel that has its modules; errors name the missing
// file and the Debian package that provides it.
VmResult<GuestPackages> findGuestPackages(const std::filesystem::path& root = "/");

}  // namespace bulkhead::vm
