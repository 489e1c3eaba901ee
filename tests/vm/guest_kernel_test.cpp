#include "vm/guest_kernel.hpp"

#include "test_support.hpp"
#include "vm/file_io.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <elf.h>
#include <lzma.h>

namespace bulkhead::vm {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::byte>;

template <class T>
void put(Bytes& bytes, std::size_t at, T value) {
  if (bytes.size() < at + sizeof value) bytes.resize(at + sizeof value);
  std::memcpy(bytes.data() + at, &value, sizeof value);
}

void putNote(Bytes& bytes, const char* name, std::uint32_t type) {
  const std::size_t at = bytes.size();
  put(bytes, at, Elf64_Nhdr{4, 8, type});
  bytes.resize(at + sizeof(Elf64_Nhdr) + 4 + 8);
  std::memcpy(bytes.data() + at + sizeof(Elf64_Nhdr), name, 4);
}

// A small ELF64 with one PT_NOTE segment holding the given Xen note types
// (a vmlinux has XEN_ELFNOTE_PHYS32_ENTRY, 18, when built with CONFIG_PVH).
Bytes elfWithXenNotes(std::initializer_list<std::uint32_t> types) {
  Bytes elf(sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr));
  for (std::uint32_t type : types) putNote(elf, "Xen", type);
  Elf64_Ehdr header{};
  std::memcpy(header.e_ident, ELFMAG, SELFMAG);
  header.e_ident[EI_CLASS] = ELFCLASS64;
  header.e_type = ET_EXEC;
  header.e_machine = EM_X86_64;
  header.e_phoff = sizeof header;
  header.e_phentsize = sizeof(Elf64_Phdr);
  header.e_phnum = 1;
  put(elf, 0, header);
  Elf64_Phdr notes{};
  notes.p_type = PT_NOTE;
  notes.p_offset = sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr);
  notes.p_filesz = elf.size() - notes.p_offset;
  put(elf, sizeof header, notes);
  return elf;
}

Bytes xz(const Bytes& bytes) {
  Bytes out(bytes.size() + 4096);
  std::size_t written = 0;
  EXPECT_EQ(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, nullptr, reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                    bytes.size(), reinterpret_cast<std::uint8_t*>(out.data()), &written, out.size()),
            LZMA_OK);
  out.resize(written);
  return out;
}

// A bzImage as the kernel's build lays it out: one setup sector after the
// boot sector, the "HdrS" header (protocol 2.15), the payload 0x100 bytes
// into the protected-mode code, followed by its unpacked size.
Bytes bzImage(const Bytes& payload, std::size_t unpackedSize) {
  const std::size_t start = 1024 + 0x100;
  Bytes image(start + payload.size() + 4);
  image[0x1f1] = std::byte{1};
  put<std::uint32_t>(image, 0x202, 0x53726448);
  put<std::uint16_t>(image, 0x206, 0x20f);
  put<std::uint32_t>(image, 0x248, 0x100);
  put<std::uint32_t>(image, 0x24c, static_cast<std::uint32_t>(payload.size() + 4));
  if (!payload.empty()) std::memcpy(image.data() + start, payload.data(), payload.size());
  put<std::uint32_t>(image, start + payload.size(), static_cast<std::uint32_t>(unpackedSize));
  return image;
}

std::string text(const Bytes& bytes) { return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()); }

TEST(GuestKernel, UnpacksTheXzPayloadAndFindsThePvhEntry) {
  Bytes vmlinux = elfWithXenNotes({6, 18, 5});
  vmlinux.resize(vmlinux.size() + 3 * 1024 * 1024, std::byte{0x90});  // bigger than the first output buffer
  auto unpacked = unpackBzImage(bzImage(xz(vmlinux), 4096));  // a wrong size hint only sizes the buffer
  ASSERT_TRUE(unpacked) << unpacked.error().message;
  EXPECT_EQ(*unpacked, vmlinux);
  EXPECT_TRUE(hasPvhEntry(*unpacked));
}

TEST(GuestKernel, PvhNeedsTheXenPhys32EntryNote) {
  EXPECT_FALSE(hasPvhEntry(elfWithXenNotes({6, 5})));
  EXPECT_FALSE(hasPvhEntry(elfWithXenNotes({})));
  Bytes truncated = elfWithXenNotes({18});
  truncated.resize(truncated.size() - 6);  // the note's name and descriptor run past the segment
  EXPECT_FALSE(hasPvhEntry(truncated));
  Bytes notElf(64, std::byte{0});
  EXPECT_FALSE(hasPvhEntry(notElf));
}

TEST(GuestKernel, WhatCannotBeUnpackedIsSaid) {
  auto fail = [](const Bytes& image) {
    auto unpacked = unpackBzImage(image);
    EXPECT_FALSE(unpacked);
    return unpacked ? std::string() : unpacked.error().message;
  };
  EXPECT_EQ(fail(Bytes(100)), "not a bzImage (no HdrS boot header)");
  Bytes gzip = {std::byte{0x1f}, std::byte{0x8b}, std::byte{8}, std::byte{0}};
  EXPECT_EQ(fail(bzImage(gzip, 4)), "the payload is not XZ-compressed");
  Bytes old = bzImage(xz(elfWithXenNotes({18})), 0);
  put<std::uint16_t>(old, 0x206, 0x207);
  EXPECT_EQ(fail(old), "boot protocol older than 2.08: no payload fields");
  Bytes outside = bzImage(xz(elfWithXenNotes({18})), 0);
  put<std::uint32_t>(outside, 0x24c, 0x7fffffff);
  EXPECT_EQ(fail(outside), "the payload lies outside the file");
  Bytes corrupt = xz(elfWithXenNotes({18}));
  corrupt[corrupt.size() / 2] ^= std::byte{0xff};
  EXPECT_TRUE(fail(bzImage(corrupt, 0)).starts_with("xz: the payload does not unpack")) << fail(bzImage(corrupt, 0));
}

TEST(GuestKernel, UnpackedOnceIntoTheCacheElseTheBzImageWithTheReason) {
  test::TempDir root, cache;
  test::makeFakeGuestRoot(root.path(), "6.1.0-56-amd64", VM_GUEST_PROBE);
  auto packages = findGuestPackages(root.path());
  ASSERT_TRUE(packages) << packages.error().message;
  const Bytes vmlinux = elfWithXenNotes({18});
  test::writeText(packages->kernelImage, text(bzImage(xz(vmlinux), vmlinux.size())));

  auto kernel = guestKernel(*packages, cache.path());
  ASSERT_TRUE(kernel) << kernel.error().message;
  EXPECT_TRUE(kernel->pvh);
  EXPECT_EQ(kernel->image.parent_path(), cache.path());
  EXPECT_EQ(readWholeFile(kernel->image).value(), vmlinux);
  auto again = guestKernel(*packages, cache.path());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->image, kernel->image);

  test::writeText(packages->kernelImage, text(bzImage(xz(elfWithXenNotes({5})), 0)));  // built without CONFIG_PVH
  auto noPvh = guestKernel(*packages, cache.path());
  ASSERT_TRUE(noPvh) << noPvh.error().message;
  EXPECT_FALSE(noPvh->pvh);
  EXPECT_EQ(noPvh->image, packages->kernelImage);
  EXPECT_EQ(noPvh->why, packages->kernelImage.string() + ": the kernel has no PVH entry point (CONFIG_PVH)");

  test::writeText(packages->kernelImage, "kernel");
  auto notBzImage = guestKernel(*packages, cache.path());
  ASSERT_TRUE(notBzImage);
  EXPECT_FALSE(notBzImage->pvh);
  EXPECT_EQ(notBzImage->why, packages->kernelImage.string() + ": not a bzImage (no HdrS boot header)");
}

}  // namespace
}  // namespace bulkhead::vm
