#include "vm/guest_image.hpp"

#include "test_support.hpp"
#include "vm/file_io.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace bulkhead::vm {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  test::TempDir root, cache;
  GuestPackages packages;
  fs::path module;
  Fixture() {
    test::makeFakeGuestRoot(root.path(), "6.1.0-56-amd64", VM_GUEST_PROBE);
    packages = *findGuestPackages(root.path());
    module = root.path() / "bulkhead_ivshmem.ko";
    test::writeText(module, "module");
  }
};

bool contains(const std::vector<std::byte>& archive, std::string_view text) {
  std::string_view all(reinterpret_cast<const char*>(archive.data()), archive.size());
  return all.find(text) != std::string_view::npos;
}

TEST(GuestImage, ArchiveHoldsInitBusyboxModulesAndProgram) {
  Fixture f;
  auto archive = guestArchive(f.packages, f.module, VM_GUEST_PROBE);
  ASSERT_TRUE(archive) << archive.error().message;
  for (std::string_view name : {"init", "bin/busybox", "lib/modules/uio.ko", "lib/modules/bulkhead_ivshmem.ko",
                                "bin/partition", "dev/console"})
    EXPECT_TRUE(contains(*archive, std::string(name) + '\0')) << name;
  EXPECT_TRUE(contains(*archive, "insmod /lib/modules/bulkhead_ivshmem.ko"));
}

TEST(GuestImage, IsUncompressedCpioAndCachedByContent) {
  Fixture f;
  auto first = buildGuestImage(f.packages, f.module, VM_GUEST_PROBE, f.cache.path());
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(first->fromCache);
  auto bytes = readWholeFile(first->initramfs);
  ASSERT_TRUE(bytes);
  ASSERT_GT(bytes->size(), 6u);
  EXPECT_EQ(std::string_view(reinterpret_cast<const char*>(bytes->data()), 6), "070701");  // cpio newc

  auto again = buildGuestImage(f.packages, f.module, VM_GUEST_PROBE, f.cache.path());
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->fromCache);
  EXPECT_EQ(again->initramfs, first->initramfs);

  test::writeText(f.module, "another module");  // an input changed: a new image
  auto changed = buildGuestImage(f.packages, f.module, VM_GUEST_PROBE, f.cache.path());
  ASSERT_TRUE(changed);
  EXPECT_FALSE(changed->fromCache);
  EXPECT_NE(changed->contentHash, first->contentHash);
}

// The bytes of `name` in a cpio newc archive (110-byte headers of 8-digit
// hex fields: filesize at 54, namesize at 94; name and data 4-aligned).
std::optional<std::vector<std::byte>> cpioEntry(const std::vector<std::byte>& archive, std::string_view name) {
  auto field = [&](std::size_t at) { return std::stoul(std::string(reinterpret_cast<const char*>(&archive[at]), 8), nullptr, 16); };
  std::size_t at = 0;
  while (at + 110 <= archive.size()) {
    std::size_t size = field(at + 54), nameSize = field(at + 94);
    std::string_view entry(reinterpret_cast<const char*>(&archive[at + 110]), nameSize - 1);
    std::size_t data = (at + 110 + nameSize + 3) & ~std::size_t{3};
    if (entry == name) return std::vector<std::byte>(archive.begin() + data, archive.begin() + data + size);
    at = (data + size + 3) & ~std::size_t{3};
  }
  return std::nullopt;
}

// The probe is built with debug information (RelWithDebInfo, Debug); the
// guest gets it without, and the program still runs (the QEMU tests boot it).
TEST(GuestImage, ProgramLosesItsDebugSections) {
  Fixture f;
  auto program = readWholeFile(VM_GUEST_PROBE);
  ASSERT_TRUE(program);
  if (!contains(*program, ".debug_info")) GTEST_SKIP() << "the probe was built without debug information";
  auto archive = guestArchive(f.packages, f.module, VM_GUEST_PROBE);
  ASSERT_TRUE(archive) << archive.error().message;
  auto inGuest = cpioEntry(*archive, "bin/partition");
  ASSERT_TRUE(inGuest);
  EXPECT_FALSE(contains(*inGuest, ".debug_info"));
  EXPECT_TRUE(contains(*inGuest, "probe: started as"));  // the program itself is there
  EXPECT_LT(inGuest->size(), program->size());
  EXPECT_EQ(cpioEntry(*archive, "lib/modules/bulkhead_ivshmem.ko"), readWholeFile(f.module).value());  // not ELF: as it was
}

TEST(GuestImage, DynamicProgramIsRejected) {
  Fixture f;
  auto image = buildGuestImage(f.packages, f.module, "/proc/self/exe", f.cache.path());
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().message,
            "partition program /proc/self/exe is dynamically linked; a VM guest has no shared libraries (link it "
            "with -static)");
}

TEST(GuestImage, MissingProgramIsRejected) {
  Fixture f;
  auto image = buildGuestImage(f.packages, f.module, f.root.path() / "absent", f.cache.path());
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().message,
            "partition program cannot read " + (f.root.path() / "absent").string() + ": No such file or directory");
}

}  // namespace
}  // namespace bulkhead::vm
