#include "vm/guest_kernel.hpp"

#include "vm/content_hash.hpp"
#include "vm/file_io.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <elf.h>
#include <lzma.h>

namespace bulkhead::vm {

namespace fs = std::filesystem;

namespace {

// The x86 boot protocol's setup header (Documentation/arch/x86/boot.rst).
constexpr std::size_t kSetupSects = 0x1f1, kHeaderMagic = 0x202, kVersion = 0x206, kPayloadOffset = 0x248,
                      kPayloadLength = 0x24c;
constexpr std::uint32_t kHdrS = 0x53726448;  // "HdrS"
constexpr std::uint32_t kXenNotePhys32Entry = 18;
constexpr std::size_t kMaxVmlinux = std::size_t{1} << 30;  // a bound for hostile input, far above any kernel

template <class T>
T readLe(std::span<const std::byte> bytes, std::size_t at) {
  T value{};
  std::memcpy(&value, bytes.data() + at, sizeof value);
  return value;
}

VmResult<std::vector<std::byte>> unxz(std::span<const std::byte> packed) {
  lzma_stream stream = LZMA_STREAM_INIT;
  if (lzma_stream_decoder(&stream, UINT64_MAX, 0) != LZMA_OK) return vmFail("xz: cannot start the decoder");
  // The kernel's build appends the unpacked size (32-bit little-endian) to the payload.
  std::size_t expected = packed.size() >= 4 ? readLe<std::uint32_t>(packed, packed.size() - 4) : 0;
  std::vector<std::byte> out(std::clamp<std::size_t>(expected + 4096, 1 << 20, kMaxVmlinux));
  stream.next_in = reinterpret_cast<const std::uint8_t*>(packed.data());
  stream.avail_in = packed.size();
  for (;;) {
    stream.next_out = reinterpret_cast<std::uint8_t*>(out.data()) + stream.total_out;
    stream.avail_out = out.size() - stream.total_out;
    lzma_ret status = lzma_code(&stream, LZMA_FINISH);
    if (status == LZMA_STREAM_END) break;  // the appended size may follow: not part of the stream
    if ((status == LZMA_OK || status == LZMA_BUF_ERROR) && stream.avail_out == 0 && out.size() < kMaxVmlinux) {
      out.resize(std::min(out.size() * 2, kMaxVmlinux));
      continue;
    }
    lzma_end(&stream);
    return vmFail("xz: the payload does not unpack (liblzma status " + std::to_string(status) + ")");
  }
  out.resize(stream.total_out);
  lzma_end(&stream);
  return out;
}

}  // namespace

VmResult<std::vector<std::byte>> unpackBzImage(std::span<const std::byte> image) {
  if (image.size() < kPayloadLength + 4 || readLe<std::uint32_t>(image, kHeaderMagic) != kHdrS)
    return vmFail("not a bzImage (no HdrS boot header)");
  if (readLe<std::uint16_t>(image, kVersion) < 0x208)
    return vmFail("boot protocol older than 2.08: no payload fields");
  std::size_t setupSectors = std::to_integer<std::size_t>(image[kSetupSects]);
  if (setupSectors == 0) setupSectors = 4;
  std::size_t start = (setupSectors + 1) * 512 + readLe<std::uint32_t>(image, kPayloadOffset);
  std::size_t length = readLe<std::uint32_t>(image, kPayloadLength);
  if (start > image.size() || length > image.size() - start) return vmFail("the payload lies outside the file");
  auto payload = image.subspan(start, length);
  static constexpr unsigned char kXzMagic[] = {0xfd, '7', 'z', 'X', 'Z', 0x00};
  if (payload.size() < sizeof kXzMagic || std::memcmp(payload.data(), kXzMagic, sizeof kXzMagic) != 0)
    return vmFail("the payload is not XZ-compressed");
  return unxz(payload);
}

bool hasPvhEntry(std::span<const std::byte> elf) {
  Elf64_Ehdr header;
  if (elf.size() < sizeof header || std::memcmp(elf.data(), ELFMAG, SELFMAG) != 0) return false;
  std::memcpy(&header, elf.data(), sizeof header);
  if (header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_phentsize < sizeof(Elf64_Phdr)) return false;
  for (unsigned i = 0; i < header.e_phnum; ++i) {
    std::size_t at = header.e_phoff + std::size_t{i} * header.e_phentsize;
    if (header.e_phoff > elf.size() || at > elf.size() - sizeof(Elf64_Phdr)) return false;
    Elf64_Phdr segment;
    std::memcpy(&segment, elf.data() + at, sizeof segment);
    if (segment.p_type != PT_NOTE || segment.p_offset > elf.size() || segment.p_filesz > elf.size() - segment.p_offset)
      continue;
    auto notes = elf.subspan(segment.p_offset, segment.p_filesz);
    std::size_t n = 0;
    while (notes.size() - n >= sizeof(Elf64_Nhdr)) {
      Elf64_Nhdr note;
      std::memcpy(&note, notes.data() + n, sizeof note);
      std::size_t name = n + sizeof note;
      std::size_t nameSize = (std::size_t{note.n_namesz} + 3) & ~std::size_t{3};
      std::size_t descSize = (std::size_t{note.n_descsz} + 3) & ~std::size_t{3};
      if (nameSize > notes.size() - name || descSize > notes.size() - name - nameSize) break;
      if (note.n_namesz == 4 && note.n_type == kXenNotePhys32Entry && std::memcmp(notes.data() + name, "Xen", 4) == 0)
        return true;
      n = name + nameSize + descSize;
    }
  }
  return false;
}

VmResult<GuestKernel> guestKernel(const GuestPackages& packages, const fs::path& cacheDir) {
  auto bzImage = readWholeFile(packages.kernelImage);
  if (!bzImage) return std::unexpected(bzImage.error());
  fs::path cached = cacheDir / ("vmlinux-" + packages.kernelRelease + "-" + ContentHash().add(*bzImage).hex());
  if (fs::exists(cached)) return GuestKernel{cached, true, {}};
  auto fallback = [&](const std::string& why) {
    return GuestKernel{packages.kernelImage, false, packages.kernelImage.string() + ": " + why};
  };
  auto vmlinux = unpackBzImage(*bzImage);
  if (!vmlinux) return fallback(vmlinux.error().message);
  if (!hasPvhEntry(*vmlinux)) return fallback("the kernel has no PVH entry point (CONFIG_PVH)");
  if (auto written = writeFileAtomically(cached, *vmlinux); !written) return std::unexpected(written.error());
  return GuestKernel{cached, true, {}};
}

}  // namespace bulkhead::vm
