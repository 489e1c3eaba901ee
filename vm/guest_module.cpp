#include "vm/guest_module.hpp"

#include "vm/content_hash.hpp"
#include "vm/file_io.hpp"
#include "vm/guest_sources.hpp"
#include "vm/subprocess.hpp"

#include <cstdlib>
#include <unistd.h>

namespace bulkhead::vm {

namespace fs = std::filesystem;

VmResult<fs::path> guestModule(const GuestPackages& packages, const fs::path& cacheDir,
                               const std::function<void(const std::string&)>& progress) {
  std::string key = ContentHash()
                        .add(kGuestModuleSource)
                        .separator()
                        .add(kGuestModuleKbuild)
                        .separator()
                        .add(packages.kernelRelease)
                        .hex();
  fs::path cached = cacheDir / ("bulkhead_ivshmem-" + packages.kernelRelease + "-" + key + ".ko");
  if (fs::exists(cached)) return cached;

  if (!fs::exists(packages.headersDir / "Makefile"))
    return vmFail("no kernel headers for the guest kernel " + packages.kernelRelease + ": " +
                  packages.headersDir.string() + " is missing (install the Debian package linux-headers-" +
                  packages.kernelRelease + ", or linux-headers-amd64)");
  std::error_code ec;
  fs::path work = cacheDir / ("module-build-" + key + "-" + std::to_string(::getpid()));
  fs::remove_all(work, ec);
  fs::create_directories(work, ec);
  if (ec) return vmFail("cannot create " + work.string() + ": " + ec.message());
  auto source = std::as_bytes(std::span(kGuestModuleSource.data(), kGuestModuleSource.size()));
  auto kbuild = std::as_bytes(std::span(kGuestModuleKbuild.data(), kGuestModuleKbuild.size()));
  if (auto w = writeFileAtomically(work / "bulkhead_ivshmem.c", source); !w) return std::unexpected(w.error());
  if (auto w = writeFileAtomically(work / "Kbuild", kbuild); !w) return std::unexpected(w.error());

  if (progress)
    progress("building the guest kernel module against linux-headers-" + packages.kernelRelease +
             " (once per kernel release; cached in " + cacheDir.string() + ")");
  auto built = runCommand({"make", "-C", packages.headersDir.string(), "M=" + work.string(), "modules"});
  if (!built) return std::unexpected(built.error());
  fs::path module = work / "bulkhead_ivshmem.ko";
  if (built->exitStatus != 0 || !fs::exists(module)) {
    std::string tail = lastLines(built->output, 8);
    fs::remove_all(work, ec);
    return vmFail("building the guest module against " + packages.headersDir.string() + " failed (make exit " +
                  std::to_string(built->exitStatus) + "):\n" + tail);
  }
  auto bytes = readWholeFile(module);
  if (!bytes) return std::unexpected(bytes.error());
  if (auto w = writeFileAtomically(cached, *bytes); !w) return std::unexpected(w.error());
  fs::remove_all(work, ec);
  return cached;
}

}  // namespace bulkhead::vm
