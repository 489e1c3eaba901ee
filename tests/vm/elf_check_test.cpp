#include "vm/elf_check.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace bulkhead::vm {
namespace {

TEST(ElfCheck, StaticProgramIsStatic) {
  auto linkage = elfLinkage(VM_GUEST_PROBE);
  ASSERT_TRUE(linkage) << linkage.error().message;
  EXPECT_EQ(*linkage, ElfLinkage::Static);
}

TEST(ElfCheck, DynamicProgramIsDynamic) {
  auto linkage = elfLinkage("/proc/self/exe");
  ASSERT_TRUE(linkage) << linkage.error().message;
  EXPECT_EQ(*linkage, ElfLinkage::Dynamic);
}

TEST(ElfCheck, TextFileIsRejected) {
  test::TempDir dir;
  test::writeText(dir.path() / "script", "#!/bin/sh\n");
  auto linkage = elfLinkage(dir.path() / "script");
  ASSERT_FALSE(linkage);
  EXPECT_EQ(linkage.error().message, (dir.path() / "script").string() + ": not an ELF executable");
}

TEST(ElfCheck, MissingFileIsRejected) {
  test::TempDir dir;
  auto linkage = elfLinkage(dir.path() / "absent");
  ASSERT_FALSE(linkage);
  EXPECT_EQ(linkage.error().message, "cannot read " + (dir.path() / "absent").string() + ": No such file or directory");
}

}  // namespace
}  // namespace bulkhead::vm
