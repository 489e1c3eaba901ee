#include "vm/guest_image.hpp"

#include "vm/content_hash.hpp"
#include "vm/cpio_writer.hpp"
#include "vm/elf_check.hpp"
#include "vm/file_io.hpp"
#include "vm/guest_sources.hpp"

#include <zlib.h>

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

std::vector<std::byte> archive(const Inputs& in) {
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
  return archive(*in);
}

VmResult<std::vector<std::byte>> gzipCompress(std::span<const std::byte> bytes) {
  z_stream stream{};
  // windowBits 15 + 16: a gzip header instead of a zlib one.
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return vmFail("gzip: deflateInit2 failed");
  std::vector<std::byte> out(deflateBound(&stream, bytes.size()));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int status = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) return vmFail("gzip: deflate did not finish");
  return out;
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
  image.initramfs = cacheDir / ("guest-" + image.contentHash + ".cpio.gz");
  if (fs::exists(image.initramfs)) {
    image.fromCache = true;
    return image;
  }
  auto compressed = gzipCompress(archive(*in));
  if (!compressed) return std::unexpected(compressed.error());
  if (auto w = writeFileAtomically(image.initramfs, *compressed); !w) return std::unexpected(w.error());
  return image;
}

}  // namespace bulkhead::vm
