// memfd regions: sizes, sealing, read-only mappings, use across fork.
#include "channel/shared_region.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channel/event_data_queue.hpp"

namespace bulkhead::channel {
namespace {

TEST(SharedRegion, CreateRoundsUpToPagesAndZeroes) {
  auto region = SharedRegion::create("test", 100);
  ASSERT_TRUE(region) << region.error().message;
  EXPECT_EQ(region->size(), static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)));
  for (std::byte b : region->bytes()) ASSERT_EQ(b, std::byte{0});
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(region->bytes().data()) % kRegionAlignment, 0u);
}

TEST(SharedRegion, SealedAgainstResizing) {
  auto region = SharedRegion::create("test", 4096);
  ASSERT_TRUE(region);
  EXPECT_NE(::ftruncate(region->fd(), 0), 0);
  EXPECT_NE(::ftruncate(region->fd(), 8192), 0);
}

TEST(SharedRegion, ReadOnlyDescriptorCannotBeMappedWritable) {
  auto region = SharedRegion::create("test", 4096);
  ASSERT_TRUE(region);
  auto ro = reopenReadOnly(region->fd());
  ASSERT_TRUE(ro) << ro.error().message;
  auto rw = mapReadWrite(ro->get());
  ASSERT_FALSE(rw);
  EXPECT_EQ(rw.error().code, ErrorCode::System);
  EXPECT_EQ(rw.error().message.rfind("mmap(fd ", 0), 0u) << rw.error().message;
  EXPECT_NE(rw.error().message.find("4096 bytes, read-write): Permission denied"), std::string::npos)
      << rw.error().message;
  auto mapping = mapReadOnly(ro->get());
  ASSERT_TRUE(mapping);
  EXPECT_FALSE(mapping->writable());
  EXPECT_TRUE(mapping->bytes().empty());
  EXPECT_EQ(mapping->readOnlyBytes().size(), 4096u);
}

TEST(SharedRegion, WritesAreVisibleThroughAnotherMapping) {
  auto region = SharedRegion::create("test", 4096);
  ASSERT_TRUE(region);
  auto mapping = mapReadOnly(region->fd());
  ASSERT_TRUE(mapping);
  region->bytes()[100] = std::byte{0x5A};
  EXPECT_EQ(mapping->readOnlyBytes()[100], std::byte{0x5A});
}

TEST(SharedRegion, MapOfBadDescriptorIsAnError) {
  auto m = mapReadOnly(-1);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message, "fstat(fd -1): Bad file descriptor");
}

TEST(SharedRegion, ChildProcessReceivesThroughReadOnlyMapping) {
  const Geometry g{Kind::EventData, 2, 8};
  auto region = SharedRegion::create("fork", *regionSize(g));
  ASSERT_TRUE(region);
  auto sender = EventDataSender::create(region->bytes(), g);
  ASSERT_TRUE(sender);
  auto ro = reopenReadOnly(region->fd());
  ASSERT_TRUE(ro);
  for (std::uint8_t v : {7, 8, 9}) ASSERT_TRUE(sender->send(8, std::as_bytes(std::span(&v, 1))));
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // Exit status: the two values received (8, 9) and 1 dropped => 0.
    auto m = mapReadOnly(ro->get());
    if (!m) ::_exit(10);
    auto r = EventDataReceiver::attach(m->readOnlyBytes());
    if (!r) ::_exit(11);
    std::byte out[1];
    auto a = r->dequeue(out);
    if (!a || !a->hasValue || out[0] != std::byte{8} || a->dropped != 1) ::_exit(12);
    auto b = r->dequeue(out);
    if (!b || !b->hasValue || out[0] != std::byte{9}) ::_exit(13);
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace bulkhead::channel

namespace bulkhead::channel {
namespace {

// A receiver's mapping really is read-only: a stray write faults instead of
// corrupting the writer's channel.
TEST(SharedRegionDeathTest, WritingThroughReadOnlyMappingFaults) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  auto region = SharedRegion::create("test", 4096);
  ASSERT_TRUE(region);
  auto ro = reopenReadOnly(region->fd());
  ASSERT_TRUE(ro);
  auto mapping = mapReadOnly(ro->get());
  ASSERT_TRUE(mapping);
  auto* first = const_cast<volatile std::byte*>(mapping->readOnlyBytes().data());
  EXPECT_DEATH(*first = std::byte{1}, "");
  EXPECT_EQ(region->bytes()[0], std::byte{0});
}

}  // namespace
}  // namespace bulkhead::channel
