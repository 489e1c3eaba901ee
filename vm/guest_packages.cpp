#include "vm/guest_packages.hpp"

#include "vm/elf_check.hpp"

#include <algorithm>
#include <cstring>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace bulkhead::vm {

namespace fs = std::filesystem;

VmResult<GuestPackages> findGuestPackages(const fs::path& root) {
  const fs::path boot = root / "boot";
  std::vector<std::string> releases;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(boot, ec)) {
    std::string name = entry.path().filename().string();
    if (name.starts_with("vmlinuz-")) releases.push_back(name.substr(8));
  }
  if (releases.empty())
    return vmFail("no guest kernel: no " + (boot / "vmlinuz-*").string() +
                  " (install the Debian package linux-image-amd64)");
  // Newest first, by version order ("6.1.0-10" < "6.1.0-9" as text).
  std::sort(releases.begin(), releases.end(),
            [](const std::string& a, const std::string& b) { return ::strverscmp(a.c_str(), b.c_str()) > 0; });
  GuestPackages found;
  std::string missing;
  for (const std::string& release : releases) {
    fs::path modules = root / "lib" / "modules" / release;
    fs::path uio = modules / "kernel" / "drivers" / "uio" / "uio.ko";
    if (!fs::exists(uio)) {
      if (missing.empty()) missing = uio.string();
      continue;
    }
    found.kernelRelease = release;
    found.kernelImage = boot / ("vmlinuz-" + release);
    found.modulesDir = modules;
    found.uioModule = uio;
    found.headersDir = modules / "build";
    break;
  }
  if (found.kernelRelease.empty())
    return vmFail("guest kernel " + releases.front() + " has no uio module: " + missing +
                  " is missing (reinstall the Debian package linux-image-" + releases.front() + ")");
  if (::access(found.kernelImage.c_str(), R_OK) != 0)
    return vmFail("guest kernel " + found.kernelImage.string() +
                  " is not readable by this user (Debian installs it mode 0600): run as root or make it readable");
  found.busybox = root / "bin" / "busybox";
  if (!fs::exists(found.busybox))
    return vmFail("no busybox for the guest: " + found.busybox.string() +
                  " is missing (install the Debian package busybox-static)");
  auto linkage = elfLinkage(found.busybox);
  if (!linkage) return std::unexpected(linkage.error());
  if (*linkage != ElfLinkage::Static)
    return vmFail("the guest needs a static busybox: " + found.busybox.string() +
                  " is dynamically linked (install the Debian package busybox-static)");
  return found;
}

}  // namespace bulkhead::vm
