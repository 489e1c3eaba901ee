// The region layout, byte for byte: what a guest or another build reads.
#include "channel/layout.hpp"

#include <gtest/gtest.h>

#include "channel/event_data_queue.hpp"
#include "test_region.hpp"

namespace bulkhead::channel {
namespace {

template <class T>
T peek(test::AlignedRegion& region, std::size_t offset) {
  T v;
  std::memcpy(&v, region.data() + offset, sizeof v);
  return v;
}

TEST(Layout, RegionSizes) {
  // 128-byte header, then slots of whole 64-byte lines (8-byte bit count + payload).
  EXPECT_EQ(*regionSize({Kind::EventData, 3, 8}), 128u + 4 * 64);
  EXPECT_EQ(*regionSize({Kind::EventData, 5, 64}), 128u + 6 * 64);
  EXPECT_EQ(*regionSize({Kind::EventData, 1, 448}), 128u + 2 * 64);   // 8 + 56 bytes: one line
  EXPECT_EQ(*regionSize({Kind::EventData, 1, 449}), 128u + 2 * 128);  // 8 + 57 bytes: two lines
  EXPECT_EQ(*regionSize({Kind::EventData, 1, 200}), 128u + 2 * 64);   // 2 x 40 bytes: too many for the counter's line
  EXPECT_EQ(*regionSize({Kind::Event, 9, 64}), 128u);
  // Compact: every slot (rounded to 8 bytes) fits in the 56 bytes after the counter.
  EXPECT_EQ(*regionSize({Kind::EventData, 1, 8}), 128u);   // 2 x 16
  EXPECT_EQ(*regionSize({Kind::EventData, 2, 8}), 128u);   // 3 x 16
  EXPECT_EQ(*regionSize({Kind::EventData, 1, 64}), 128u);  // 2 x 16
  EXPECT_EQ(*regionSize({Kind::EventData, 3, 0}), 128u);   // 4 x 8
  EXPECT_EQ(*regionSize({Kind::Data, 7, 32}), 128u);  // data ports have one slot whatever the queue size
}

TEST(Layout, BadGeometries) {
  auto q = regionSize({Kind::EventData, 0, 8});
  ASSERT_FALSE(q);
  EXPECT_EQ(q.error().message, "channel geometry: event data queue size 0 (must be 1..1048576)");
  auto b = regionSize({Kind::Data, 1, (1ull << 31) + 1});
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().message,
            "channel geometry: maximum of 2147483649 bits exceeds the per-slot limit of 2147483648 bits");
  test::AlignedRegion region(4096);
  auto s = EventDataSender::create(region.bytes(), {Kind::Data, 1, 8});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, "event data sender given a data port geometry");
}

TEST(Layout, HeaderBytesAreAsDocumented) {
  auto region = test::regionFor({Kind::EventData, 5, 12});
  auto sender = EventDataSender::create(region.bytes(), {Kind::EventData, 5, 12});
  ASSERT_TRUE(sender);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(region.data()), 8), "BLKHDCHN");
  EXPECT_EQ(peek<std::uint32_t>(region, 8), 2u);     // layout version
  EXPECT_EQ(peek<std::uint32_t>(region, 12), 1u);    // kind: event data
  EXPECT_EQ(peek<std::uint32_t>(region, 16), 5u);    // queue size
  EXPECT_EQ(peek<std::uint32_t>(region, 20), 6u);    // slot count
  EXPECT_EQ(peek<std::uint32_t>(region, 24), 64u);   // slot size: 8 + 2 bytes in one cache line
  EXPECT_EQ(peek<std::uint32_t>(region, 28), 128u);  // slots offset
  EXPECT_EQ(peek<std::uint64_t>(region, 32), 12u);   // max bits
  EXPECT_EQ(peek<std::uint64_t>(region, 40), 512u);  // region size: 128 + 6 * 64
  EXPECT_EQ(peek<std::uint64_t>(region, 64), 0u);    // numSent

  const std::byte payload[2] = {std::byte{0xAB}, std::byte{0xC0}};
  ASSERT_TRUE(sender->send(12, payload));
  ASSERT_TRUE(sender->send(12, payload));
  EXPECT_EQ(peek<std::uint64_t>(region, 64), 2u);
  // Message 1 is in slot 1: bit count, then the bytes as sent, zero padded.
  EXPECT_EQ(peek<std::uint64_t>(region, 128 + 64), 12u);
  EXPECT_EQ(region.data()[128 + 64 + 8], std::byte{0xAB});
  EXPECT_EQ(region.data()[128 + 64 + 9], std::byte{0xC0});
  EXPECT_EQ(peek<std::uint64_t>(region, 128 + 64 + 8) >> 16, 0u);
}

TEST(Layout, CompactSlotsShareTheCountersCacheLine) {
  auto region = test::regionFor({Kind::EventData, 1, 8});
  auto sender = EventDataSender::create(region.bytes(), {Kind::EventData, 1, 8});
  ASSERT_TRUE(sender);
  EXPECT_EQ(peek<std::uint32_t>(region, 20), 2u);    // slot count
  EXPECT_EQ(peek<std::uint32_t>(region, 24), 16u);   // slot size: 8 + 1 bytes rounded to 8
  EXPECT_EQ(peek<std::uint32_t>(region, 28), 72u);   // slots offset: just after the counter
  EXPECT_EQ(peek<std::uint64_t>(region, 40), 128u);  // region size: the header alone
  ASSERT_TRUE(sender->send(8, test::u8(0xAB)));
  ASSERT_TRUE(sender->send(8, test::u8(0xCD)));
  EXPECT_EQ(peek<std::uint64_t>(region, 64), 2u);  // numSent
  EXPECT_EQ(peek<std::uint64_t>(region, 72), 8u);  // slot 0: bit count, then the byte
  EXPECT_EQ(region.data()[80], std::byte{0xAB});
  EXPECT_EQ(peek<std::uint64_t>(region, 88), 8u);  // slot 1
  EXPECT_EQ(region.data()[96], std::byte{0xCD});
  auto receiver = EventDataReceiver::attach(region.readOnly());
  ASSERT_TRUE(receiver);
  std::vector<std::byte> out(1);
  auto got = receiver->dequeue(out);
  ASSERT_TRUE(got && got->hasValue);
  EXPECT_EQ(out[0], std::byte{0xCD});
  EXPECT_EQ(got->dropped, 1u);
}

TEST(Layout, ValidateAcceptsWhatFormatWrote) {
  for (const Geometry g : {Geometry{Kind::EventData, 3, 100}, Geometry{Kind::Data, 3, 100},
                           Geometry{Kind::Event, 3, 100}, Geometry{Kind::EventData, 1, 8},
                           Geometry{Kind::Data, 1, 64}}) {
    const Kind kind = g.kind;
    auto region = test::regionFor(g);
    auto written = format(region.bytes(), g);
    ASSERT_TRUE(written);
    auto read = validate(region.readOnly(), kind);
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(read->regionSize, written->regionSize);
    EXPECT_EQ(read->slotCount, written->slotCount);
    EXPECT_EQ(read->slotSize, written->slotSize);
    EXPECT_EQ(read->slotsOffset, written->slotsOffset);
    EXPECT_EQ(read->maxBits, written->maxBits);
  }
}

// The Plan carries each channel's layout and the supervisor formats regions
// from it: the header is the one format(geometry) writes, and a layout that
// was never computed is refused rather than written.
TEST(Layout, FormatFromALayoutWritesTheSameHeader) {
  const Geometry g{Kind::EventData, 3, 100};
  auto fromGeometry = test::regionFor(g);
  auto fromLayout = test::regionFor(g);
  ASSERT_TRUE(format(fromGeometry.bytes(), g));
  auto layout = layoutFor(g);
  ASSERT_TRUE(layout);
  ASSERT_TRUE(format(fromLayout.bytes(), *layout));
  EXPECT_TRUE(std::equal(fromGeometry.bytes().begin(), fromGeometry.bytes().end(), fromLayout.bytes().begin(),
                         fromLayout.bytes().end()));
  auto unset = format(fromLayout.bytes(), Layout{});
  ASSERT_FALSE(unset);
  EXPECT_EQ(unset.error().code, ErrorCode::BadGeometry);
  EXPECT_EQ(unset.error().message,
            "channel layout: region size 0 is smaller than the 128-byte header (not laid out)");
}

TEST(Layout, LargerSpanThanNeededIsAccepted) {
  // A page-rounded memfd or a PCI BAR is larger than the layout.
  test::AlignedRegion region(4096);
  ASSERT_TRUE(EventDataSender::create(region.bytes(), {Kind::EventData, 1, 8}));
  EXPECT_TRUE(EventDataReceiver::attach(region.readOnly()));
}

}  // namespace
}  // namespace bulkhead::channel
