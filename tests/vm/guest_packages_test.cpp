#include "vm/guest_packages.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace bulkhead::vm {
namespace {

namespace fs = std::filesystem;

TEST(GuestPackages, FindsTheNewestKernelWithItsModules) {
  test::TempDir root;
  test::makeFakeGuestRoot(root.path(), "6.1.0-9-amd64", VM_GUEST_PROBE);
  test::makeFakeGuestRoot(root.path(), "6.1.0-10-amd64", VM_GUEST_PROBE);
  auto found = findGuestPackages(root.path());
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found->kernelRelease, "6.1.0-10-amd64");  // version order, not text order
  EXPECT_EQ(found->kernelImage, root.path() / "boot" / "vmlinuz-6.1.0-10-amd64");
  EXPECT_EQ(found->headersDir, root.path() / "lib" / "modules" / "6.1.0-10-amd64" / "build");
}

TEST(GuestPackages, KernelPackageMissing) {
  test::TempDir root;
  auto found = findGuestPackages(root.path());
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().message, "no guest kernel: no " + (root.path() / "boot" / "vmlinuz-*").string() +
                                       " (install the Debian package linux-image-amd64)");
}

TEST(GuestPackages, KernelWithoutModules) {
  test::TempDir root;
  test::writeText(root.path() / "boot" / "vmlinuz-6.1.0-56-amd64", "kernel");
  auto found = findGuestPackages(root.path());
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().message,
            "guest kernel 6.1.0-56-amd64 has no uio module: " +
                (root.path() / "lib/modules/6.1.0-56-amd64/kernel/drivers/uio/uio.ko").string() +
                " is missing (reinstall the Debian package linux-image-6.1.0-56-amd64)");
}

TEST(GuestPackages, BusyboxMissing) {
  test::TempDir root;
  test::makeFakeGuestRoot(root.path(), "6.1.0-56-amd64", VM_GUEST_PROBE);
  fs::remove(root.path() / "bin" / "busybox");
  auto found = findGuestPackages(root.path());
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().message, "no busybox for the guest: " + (root.path() / "bin/busybox").string() +
                                       " is missing (install the Debian package busybox-static)");
}

TEST(GuestPackages, DynamicBusyboxIsRejected) {
  test::TempDir root;
  test::makeFakeGuestRoot(root.path(), "6.1.0-56-amd64", VM_GUEST_PROBE);
  test::copyFile("/proc/self/exe", root.path() / "bin" / "busybox");
  auto found = findGuestPackages(root.path());
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().message, "the guest needs a static busybox: " + (root.path() / "bin/busybox").string() +
                                       " is dynamically linked (install the Debian package busybox-static)");
}

}  // namespace
}  // namespace bulkhead::vm
