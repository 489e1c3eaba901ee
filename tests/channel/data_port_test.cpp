// Data port semantics: sequence number with DIRTY, fresh then stale.
#include "channel/data_port.hpp"

#include <gtest/gtest.h>

#include "test_region.hpp"

namespace bulkhead::channel {
namespace {

using test::asU64;
using test::regionFor;
using test::u64;

TEST(DataPort, NeverWrittenReadsNoValue) {
  auto region = regionFor({Kind::Data, 1, 64});
  ASSERT_TRUE(DataSender::create(region.bytes(), 64));
  auto receiver = DataReceiver::attach(region.readOnly());
  ASSERT_TRUE(receiver);
  std::vector<std::byte> out(8);
  auto r = receiver->read(out);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, DataRead::Status::NoValue);
  EXPECT_FALSE(receiver->hasNew());
}

TEST(DataPort, ReadTwiceGivesSameValueFreshThenStale) {
  auto region = regionFor({Kind::Data, 1, 64});
  auto sender = DataSender::create(region.bytes(), 64);
  auto receiver = DataReceiver::attach(region.readOnly());
  ASSERT_TRUE(sender && receiver);
  ASSERT_TRUE(sender->write(64, u64(42)));
  EXPECT_TRUE(receiver->hasNew());
  std::vector<std::byte> out(8);
  auto first = receiver->read(out);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, DataRead::Status::Fresh);
  EXPECT_EQ(first->numBits, 64u);
  EXPECT_EQ(asU64(out), 42u);
  auto second = receiver->read(out);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, DataRead::Status::Stale);
  EXPECT_EQ(asU64(out), 42u);
  EXPECT_FALSE(receiver->hasNew());

  ASSERT_TRUE(sender->write(64, u64(43)));
  auto third = receiver->read(out);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->status, DataRead::Status::Fresh);
  EXPECT_EQ(asU64(out), 43u);
  EXPECT_EQ(third->sequence, 2u);
}

TEST(DataPort, ReadersAreIndependent) {
  auto region = regionFor({Kind::Data, 1, 64});
  auto sender = DataSender::create(region.bytes(), 64);
  auto a = DataReceiver::attach(region.readOnly());
  auto b = DataReceiver::attach(region.readOnly());
  ASSERT_TRUE(sender && a && b);
  ASSERT_TRUE(sender->write(64, u64(7)));
  std::vector<std::byte> out(8);
  EXPECT_EQ(a->read(out)->status, DataRead::Status::Fresh);
  EXPECT_EQ(a->read(out)->status, DataRead::Status::Stale);
  EXPECT_EQ(b->read(out)->status, DataRead::Status::Fresh);
}

TEST(DataPort, DirtySequenceMeansContended) {
  // A writer that stopped between DIRTY and its sequence (crashed, or
  // frozen by the schedule): the reader gives up after bounded retries.
  auto region = regionFor({Kind::Data, 1, 64});
  auto sender = DataSender::create(region.bytes(), 64);
  auto receiver = DataReceiver::attach(region.readOnly());
  ASSERT_TRUE(sender && receiver);
  ASSERT_TRUE(sender->write(64, u64(1)));
  std::memcpy(region.data() + kCounterOffset, &kDirty, 8);
  std::vector<std::byte> out(8);
  auto r = receiver->read(out);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, DataRead::Status::Contended);
  // A resumed writer repairs it.
  auto resumed = DataSender::resume(region.bytes());
  ASSERT_TRUE(resumed);
  ASSERT_TRUE(resumed->write(64, u64(2)));
  r = receiver->read(out);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, DataRead::Status::Fresh);
  EXPECT_EQ(asU64(out), 2u);
}

TEST(DataPort, WriteRejectsBitsAboveMaximum) {
  auto region = regionFor({Kind::Data, 1, 8});
  auto sender = DataSender::create(region.bytes(), 8);
  ASSERT_TRUE(sender);
  auto w = sender->write(64, u64(1));
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().message, "send of 64 bits: above the channel maximum of 8 bits");
}

}  // namespace
}  // namespace bulkhead::channel
