// A receiver given a corrupt region reports an error value and never reads
// outside the region (run under ASan: the regions here are exactly sized).
#include <gtest/gtest.h>

#include <random>

#include "channel/data_port.hpp"
#include "channel/event_data_queue.hpp"
#include "channel/event_port.hpp"
#include "test_region.hpp"

namespace bulkhead::channel {
namespace {

using test::regionFor;

template <class T>
void poke(test::AlignedRegion& region, std::size_t offset, T value) {
  std::memcpy(region.data() + offset, &value, sizeof value);
}

struct Formatted {
  test::AlignedRegion region;
  EventDataSender sender;
};

Formatted eventData(std::uint32_t queueSize = 2, std::uint64_t maxBits = 8) {
  Geometry g{Kind::EventData, queueSize, maxBits};
  auto region = regionFor(g);
  auto sender = EventDataSender::create(region.bytes(), g);
  EXPECT_TRUE(sender);
  return Formatted{std::move(region), std::move(*sender)};
}

std::string attachError(const test::AlignedRegion& region, std::size_t size = 0) {
  auto span = region.readOnly();
  if (size) span = span.first(size);
  auto r = EventDataReceiver::attach(span);
  return r ? std::string("attached") : r.error().message;
}

TEST(Corruption, BadMagic) {
  auto f = eventData();
  poke<std::uint64_t>(f.region, 0, 0x1122334455667788ull);
  EXPECT_EQ(attachError(f.region),
            "channel header at offset 0: bad magic 0x1122334455667788 (expected 0x4E484344484B4C42, \"BLKHDCHN\")");
}

TEST(Corruption, ZeroedRegionHasBadMagic) {
  test::AlignedRegion region(256);
  EXPECT_EQ(attachError(region),
            "channel header at offset 0: bad magic 0x0000000000000000 (expected 0x4E484344484B4C42, \"BLKHDCHN\")");
}

TEST(Corruption, BadVersion) {
  auto f = eventData();
  poke<std::uint32_t>(f.region, 8, 7);
  EXPECT_EQ(attachError(f.region), "channel header at offset 8: layout version 7, this build reads version 2");
}

TEST(Corruption, WrongKind) {
  auto f = eventData();
  auto r = DataReceiver::attach(f.region.readOnly());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::WrongKind);
  EXPECT_EQ(r.error().message, "channel header at offset 12: kind 1 (event data), the port expects 2 (data)");
  poke<std::uint32_t>(f.region, 12, 99);
  EXPECT_EQ(attachError(f.region), "channel header at offset 12: kind 99 (unknown), the port expects 1 (event data)");
}

TEST(Corruption, QueueSizeZero) {
  auto f = eventData();
  poke<std::uint32_t>(f.region, 16, 0);
  EXPECT_EQ(attachError(f.region),
            "channel header at offset 16: channel geometry: event data queue size 0 (must be 1..1048576)");
}

TEST(Corruption, QueueSizeLargerThanRegionHolds) {
  // Queue size and slot count agree with each other but not with the region.
  auto f = eventData(3, 8);
  poke<std::uint32_t>(f.region, 16, 1000);
  poke<std::uint32_t>(f.region, 20, 1001);
  EXPECT_EQ(attachError(f.region), "channel header at offset 40: region size 384 (the geometry needs 64192)");
  poke<std::uint64_t>(f.region, 40, 64192);
  EXPECT_EQ(attachError(f.region), "channel region: 384 bytes, the header describes 64192");
}

TEST(Corruption, SlotCountInconsistent) {
  auto f = eventData(2, 8);
  poke<std::uint32_t>(f.region, 20, 7);
  EXPECT_EQ(attachError(f.region), "channel header at offset 20: slot count 7 (queue size 2 needs 3)");
}

TEST(Corruption, SlotSizeInconsistent) {
  auto f = eventData(3, 8);
  poke<std::uint32_t>(f.region, 24, 4);
  EXPECT_EQ(attachError(f.region), "channel header at offset 24: slot size 4 (maximum of 8 bits needs 64)");
  auto compact = eventData(2, 8);
  poke<std::uint32_t>(compact.region, 24, 64);
  EXPECT_EQ(attachError(compact.region), "channel header at offset 24: slot size 64 (maximum of 8 bits needs 16)");
}

TEST(Corruption, SlotsOffsetInconsistent) {
  auto compact = eventData(2, 8);
  poke<std::uint32_t>(compact.region, 28, 128);
  EXPECT_EQ(attachError(compact.region), "channel header at offset 28: slots offset 128 (expected 72)");
  auto wide = eventData(3, 8);
  poke<std::uint32_t>(wide.region, 28, 72);
  EXPECT_EQ(attachError(wide.region), "channel header at offset 28: slots offset 72 (expected 128)");
}

TEST(Corruption, HugeMaxBits) {
  auto f = eventData(2, 8);
  poke<std::uint64_t>(f.region, 32, ~std::uint64_t{0});
  EXPECT_EQ(attachError(f.region),
            "channel header at offset 16: channel geometry: maximum of 18446744073709551615 bits exceeds the "
            "per-slot limit of 2147483648 bits");
}

TEST(Corruption, RegionShorterThanHeader) {
  auto f = eventData();
  EXPECT_EQ(attachError(f.region, 100), "channel region: 100 bytes, smaller than the 128-byte header");
}

TEST(Corruption, WildNumSentAtAttach) {
  auto f = eventData();
  poke<std::uint64_t>(f.region, kCounterOffset, ~std::uint64_t{0} - 5);
  EXPECT_EQ(attachError(f.region),
            "channel counter at offset 64: numSent 18446744073709551610 is beyond any real count (corrupt region)");
}

TEST(Corruption, WildNumSentAfterAttach) {
  auto f = eventData();
  auto r = EventDataReceiver::attach(f.region.readOnly());
  ASSERT_TRUE(r);
  poke<std::uint64_t>(f.region, kCounterOffset, std::uint64_t{1} << 63);
  std::vector<std::byte> out(1);
  auto got = r->dequeue(out);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::WildCounter);
  EXPECT_EQ(got.error().message,
            "channel counter at offset 64: numSent 9223372036854775808 is beyond any real count (corrupt region)");
}

TEST(Corruption, NumSentGoingBackwards) {
  auto f = eventData();
  ASSERT_TRUE(f.sender.send(8, test::u8(1)));
  ASSERT_TRUE(f.sender.send(8, test::u8(2)));
  auto r = EventDataReceiver::attach(f.region.readOnly());
  ASSERT_TRUE(r);
  std::vector<std::byte> out(1);
  ASSERT_TRUE(r->dequeue(out));
  ASSERT_TRUE(r->dequeue(out));
  poke<std::uint64_t>(f.region, kCounterOffset, 1);
  auto got = r->dequeue(out);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().message,
            "channel counter at offset 64: numSent 1 went backwards (this receiver has consumed 2)");
}

TEST(Corruption, SlotBitCountAboveMaximumAtAttach) {
  auto f = eventData(3, 8);
  poke<std::uint64_t>(f.region, kSlotsOffset + 2 * 64, 99);  // slot 2's bit count
  EXPECT_EQ(attachError(f.region), "channel slot 2 at offset 256: bit count 99 above the maximum of 8 bits");
  auto compact = eventData(2, 8);
  poke<std::uint64_t>(compact.region, kCompactSlotsOffset + 2 * 16, 99);
  EXPECT_EQ(attachError(compact.region), "channel slot 2 at offset 104: bit count 99 above the maximum of 8 bits");
}

TEST(Corruption, SlotBitCountAboveMaximum) {
  auto f = eventData(2, 8);
  ASSERT_TRUE(f.sender.send(8, test::u8(1)));
  auto r = EventDataReceiver::attach(f.region.readOnly());
  ASSERT_TRUE(r);
  poke<std::uint64_t>(f.region, kCompactSlotsOffset, 1ull << 40);  // slot 0's bit count, after attach
  std::vector<std::byte> out(1);
  auto got = r->dequeue(out);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::BitsAboveMaximum);
  EXPECT_EQ(got.error().message, "channel slot 0 at offset 72: bit count 1099511627776 above the maximum of 8 bits");
}

TEST(Corruption, DropNewestSlotBitCountAboveMaximum) {
  auto f = eventData(3, 8);
  ASSERT_TRUE(f.sender.send(8, test::u8(1)));
  ASSERT_TRUE(f.sender.send(8, test::u8(2)));
  auto r = EventDataReceiver::attach(f.region.readOnly(), 2, OverflowPolicy::DropNewest);
  ASSERT_TRUE(r);
  poke<std::uint64_t>(f.region, kSlotsOffset + 64, 9);  // slot 1
  auto got = r->intake();
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().message, "channel slot 1 at offset 192: bit count 9 above the maximum of 8 bits");
}

TEST(Corruption, DataPortBitCountAboveMaximum) {
  auto region = regionFor({Kind::Data, 1, 16});
  auto sender = DataSender::create(region.bytes(), 16);
  ASSERT_TRUE(sender);
  ASSERT_TRUE(sender->write(16, std::vector<std::byte>(2)));
  auto r = DataReceiver::attach(region.readOnly());
  ASSERT_TRUE(r);
  poke<std::uint64_t>(region, kCompactSlotsOffset, 17);
  std::vector<std::byte> out(2);
  auto got = r->read(out);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().message, "channel slot 0 at offset 72: bit count 17 above the maximum of 16 bits");
}

TEST(Corruption, DataPortBitCountAboveMaximumAtAttach) {
  auto region = regionFor({Kind::Data, 1, 16});
  ASSERT_TRUE(DataSender::create(region.bytes(), 16));
  poke<std::uint64_t>(region, kCompactSlotsOffset, 17);
  auto r = DataReceiver::attach(region.readOnly());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "channel slot 0 at offset 72: bit count 17 above the maximum of 16 bits");
}

TEST(Corruption, DataPortWildSequence) {
  auto region = regionFor({Kind::Data, 1, 16});
  ASSERT_TRUE(DataSender::create(region.bytes(), 16));
  poke<std::uint64_t>(region, kCounterOffset, ~std::uint64_t{0} - 1);
  auto r = DataReceiver::attach(region.readOnly());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "channel counter at offset 64: data sequence 18446744073709551614 is impossible (last seen 0)");
}

TEST(Corruption, MisalignedRegion) {
  auto f = eventData();
  auto r = EventDataReceiver::attach(f.region.readOnly().subspan(8));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "channel region: does not start on a 64-byte boundary");
}

TEST(Corruption, FormatIntoTooSmallRegion) {
  test::AlignedRegion region(128);
  auto s = EventDataSender::create(region.bytes(), {Kind::EventData, 3, 8});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, "channel region: 128 bytes, the layout needs 384");
  test::AlignedRegion small(64);
  auto compact = EventDataSender::create(small.bytes(), {Kind::EventData, 1, 8});
  ASSERT_FALSE(compact);
  EXPECT_EQ(compact.error().message, "channel region: 64 bytes, the layout needs 128");
}

// Random garbage in every header and counter field: attach and dequeue
// either fail with an error or stay inside the region (ASan watches).
TEST(Corruption, RandomHeadersNeverCrash) {
  std::mt19937_64 rng(12345);
  int attached = 0;
  for (int round = 0; round < 20000; ++round) {
    auto f = eventData(3, 24);
    const std::size_t size = *regionSize({Kind::EventData, 3, 24});
    // Keep the magic and version half of the time so deeper checks run.
    const std::size_t from = (round % 2) ? 12 : 0;
    const int pokes = 1 + static_cast<int>(rng() % 4);
    for (int p = 0; p < pokes; ++p) {
      const std::size_t at = from + rng() % (size - from);
      f.region.data()[at] = static_cast<std::byte>(rng());
    }
    if (round % 3 == 0) poke<std::uint64_t>(f.region, kCounterOffset, rng() % 64);
    for (auto policy : {OverflowPolicy::DropOldest, OverflowPolicy::DropNewest}) {
      auto r = EventDataReceiver::attach(f.region.readOnly(), 0, policy);
      if (!r) continue;
      ++attached;
      std::vector<std::byte> out(r->maxBytes());
      for (int i = 0; i < 8; ++i) {
        auto got = r->dequeue(out);
        if (!got || (!got->hasValue && got->dropped == 0)) break;
        EXPECT_LE(got->numBits, r->maxBits());
      }
    }
  }
  EXPECT_GT(attached, 0);
}

}  // namespace
}  // namespace bulkhead::channel
