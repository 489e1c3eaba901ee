#include "vm/cpio_writer.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <sys/stat.h>

namespace bulkhead::vm {
namespace {

// Reads a newc archive back: (name, mode, data) per entry.
struct Entry {
  std::string name;
  std::uint32_t mode = 0, rdevMajor = 0, rdevMinor = 0;
  std::string data;
};

std::uint32_t field(const std::vector<std::byte>& a, std::size_t at, int index) {
  std::string hex(reinterpret_cast<const char*>(a.data()) + at + 6 + 8 * index, 8);
  return static_cast<std::uint32_t>(std::stoul(hex, nullptr, 16));
}

std::vector<Entry> parse(const std::vector<std::byte>& a) {
  std::vector<Entry> entries;
  std::size_t at = 0;
  for (;;) {
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(a.data()) + at, 6), "070701");
    Entry e;
    e.mode = field(a, at, 1);
    std::uint32_t size = field(a, at, 6);
    e.rdevMajor = field(a, at, 9);
    e.rdevMinor = field(a, at, 10);
    std::uint32_t nameSize = field(a, at, 11);
    e.name.assign(reinterpret_cast<const char*>(a.data()) + at + 110, nameSize - 1);
    at = (at + 110 + nameSize + 3) & ~std::size_t{3};
    e.data.assign(reinterpret_cast<const char*>(a.data()) + at, size);
    at = (at + size + 3) & ~std::size_t{3};
    if (e.name == "TRAILER!!!") break;
    entries.push_back(e);
  }
  return entries;
}

TEST(CpioWriter, WritesNewcEntriesTheKernelCanUnpack) {
  CpioWriter cpio;
  cpio.addDirectory("bin");
  cpio.addFile("init", std::string_view("#!/bin/sh\n"), 0755);
  cpio.addFile("bin/odd", std::string_view("12345"));  // data needing padding
  cpio.addCharDevice("dev/console", 5, 1);
  auto archive = cpio.finish();
  EXPECT_EQ(archive.size() % 512, 0u);
  auto entries = parse(archive);
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].name, "bin");
  EXPECT_TRUE(S_ISDIR(entries[0].mode));
  EXPECT_EQ(entries[1].name, "init");
  EXPECT_EQ(entries[1].mode, S_IFREG | 0755u);
  EXPECT_EQ(entries[1].data, "#!/bin/sh\n");
  EXPECT_EQ(entries[2].data, "12345");
  EXPECT_TRUE(S_ISCHR(entries[3].mode));
  EXPECT_EQ(entries[3].rdevMajor, 5u);
  EXPECT_EQ(entries[3].rdevMinor, 1u);
}

TEST(CpioWriter, SameInputsGiveTheSameBytes) {
  auto build = [] {
    CpioWriter cpio;
    cpio.addFile("a", std::string_view("x"));
    return cpio.finish();
  };
  EXPECT_EQ(build(), build());
}

}  // namespace
}  // namespace bulkhead::vm
