#include "vm/guest_image.hpp"

#include "test_support.hpp"
#include "vm/file_io.hpp"

#include <gtest/gtest.h>

#include <zlib.h>

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

TEST(GuestImage, IsGzipAndCachedByContent) {
  Fixture f;
  auto first = buildGuestImage(f.packages, f.module, VM_GUEST_PROBE, f.cache.path());
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(first->fromCache);
  auto bytes = readWholeFile(first->initramfs);
  ASSERT_TRUE(bytes);
  ASSERT_GT(bytes->size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>((*bytes)[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>((*bytes)[1]), 0x8b);

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

TEST(GuestImage, GzipRoundTrips) {
  std::string text(100000, 'x');
  auto packed = gzipCompress(std::as_bytes(std::span(text.data(), text.size())));
  ASSERT_TRUE(packed);
  z_stream stream{};
  ASSERT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out(text.size() + 10, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(packed->data());
  stream.avail_in = static_cast<uInt>(packed->size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  EXPECT_EQ(out, text);
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
