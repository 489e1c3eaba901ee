#include "vm/guest_image.hpp"

#include "vm/content_hash.hpp"
#include "vm/cpio_writer.hpp"
#include "vm/elf_check.hpp"
#include "vm/file_io.hpp"
#include "vm/guest_sources.hpp"
#include "vm/subprocess.hpp"

#include <cstdlib>
#include <unistd.h>

namespace bulkhead::vm {

namespace fs = std::filesystem;

namespace {

struct Inputs {
  std::vector<std::byte> busybox, uio, module, program;
};

VmResult<Inputs> readInputs(const GuestPackages& packages, const fs::path& guestModule, const fs::path& program) {
  auto linkage = elfLinkage(program);
  if (!linkage) return vmFail("partition program " + linkage.error().message);
  if (*linkage != ElfLinkage::Static)
    return vmFail("partition program " + program.string() +
                  " is dynamically linked; a VM guest has no shared libraries (link it with -static)");
  Inputs in;
  for (auto [path, out] : {std::pair{packages.busybox, &in.busybox}, std::pair{packages.uioModule, &in.uio},
                           std::pair{guestModule, &in.module}, std::pair{program, &in.program}}) {
    auto bytes = readWholeFile(path);
    if (!bytes) return std::unexpected(bytes.error());
    *out = std::move(*bytes);
  }
  return in;
}

// `file` without its debug sections (a RelWithDebInfo partition program is
// mostly DWARF: 9.6 MB, 2.6 MB without), which the guest kernel would
// otherwise unpack into RAM at every boot. The symbols stay (modules need
// theirs). Without binutils' strip, or if it fails, the file as it is.
std::vector<std::byte> withoutDebugInfo(const fs::path& file, std::vector<std::byte> bytes) {
  std::string out = (fs::temp_directory_path() / "bulkhead-strip-XXXXXX").string();
  int fd = ::mkstemp(out.data());
  if (fd < 0) return bytes;
  ::close(fd);
  auto stripped = runCommand({"strip", "--strip-debug", "-o", out, file.string()});
  if (stripped && stripped->exitStatus == 0)
    if (auto smaller = readWholeFile(out); smaller && !smaller->empty()) bytes = std::move(*smaller);
  std::error_code ec;
  fs::remove(out, ec);
  return bytes;
}

std::vector<std::byte> archive(Inputs in, const fs::path& guestModule, const fs::path& program) {
  in.module = withoutDebugInfo(guestModule, std::move(in.module));
  in.program = withoutDebugInfo(program, std::move(in.program));
  CpioWriter cpio;
  for (const char* dir : {"bin", "dev", "lib", "lib/modules", "proc", "sys", "tmp"}) cpio.addDirectory(dir);
  // The kernel opens /dev/console before init mounts devtmpfs.
  cpio.addCharDevice("dev/console", 5, 1);
  cpio.addFile("init", kGuestInitScript, 0755);
  cpio.addFile("bin/busybox", in.busybox, 0755);
  cpio.addFile("lib/modules/uio.ko", in.uio);
  cpio.addFile("lib/modules/bulkhead_ivshmem.ko", in.module);
  cpio.addFile("bin/partition", in.program, 0755);
  return cpio.finish();
}

}  // namespace

VmResult<std::vector<std::byte>> guestArchive(const GuestPackages& packages, const fs::path& guestModule,
                                              const fs::path& program) {
  auto in = readInputs(packages, guestModule, program);
  if (!in) return std::unexpected(in.error());
  return archive(std::move(*in), guestModule, program);
}

VmResult<GuestImage> buildGuestImage(const GuestPackages& packages, const fs::path& guestModule,
                                     const fs::path& program, const fs::path& cacheDir) {
  auto in = readInputs(packages, guestModule, program);
  if (!in) return std::unexpected(in.error());
  ContentHash hash;
  hash.add(kGuestInitScript).separator().add(packages.kernelRelease).separator();
  for (const auto* part : {&in->busybox, &in->uio, &in->module, &in->program}) hash.add(*part).separator();
  GuestImage image;
  image.contentHash = hash.hex();
  // Uncompressed: unpacking gzip under TCG cost more than copying the bytes
  // (-icount: 0.06 s of 0.87 s to /init with the probe's 1.4 MB image).
  image.initramfs = cacheDir / ("guest-" + image.contentHash + ".cpio");
  if (fs::exists(image.initramfs)) {
    image.fromCache = true;
    return image;
  }
  if (auto w = writeFileAtomically(image.initramfs, archive(std::move(*in), guestModule, program)); !w)
    return std::unexpected(w.error());
  return image;
}

}  // namespace bulkhead::vm
