// Event data port semantics with exact numbers (design section 3).
#include "channel/event_data_queue.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "test_region.hpp"

namespace bulkhead::channel {
namespace {

using test::regionFor;
using test::u8;

struct Delivery {
  std::vector<int> values;
  std::uint64_t dropped = 0;
  std::uint64_t overrun = 0;
  int overflowErrors = 0;
};

// Dequeues until empty (as successive dispatches would).
Delivery drain(EventDataReceiver& r) {
  Delivery d;
  std::vector<std::byte> out(r.maxBytes());
  for (;;) {
    auto got = r.dequeue(out);
    EXPECT_TRUE(got.has_value()) << got.error().message;
    if (!got) return d;
    d.dropped += got->dropped;
    d.overrun += got->overrun;
    d.overflowErrors += got->overflowError ? 1 : 0;
    if (!got->hasValue) {
      if (got->dropped == 0) return d;
      continue;
    }
    EXPECT_EQ(got->numBits, 8u);
    d.values.push_back(std::to_integer<int>(out[0]));
  }
}

void sendAll(EventDataSender& s, std::initializer_list<int> values) {
  for (int v : values) ASSERT_TRUE(s.send(8, u8(static_cast<std::uint8_t>(v))).has_value());
}

// A restarted receiver (the health monitor's Restart) starts empty, with
// nothing dropped and no overflow Error, and takes what is sent after.
TEST(EventDataQueue, ARestartedReceiverSkipsTheBacklogWithoutDrops) {
  for (auto policy : {OverflowPolicy::DropOldest, OverflowPolicy::DropNewest, OverflowPolicy::Error}) {
    auto region = regionFor({Kind::EventData, 2, 8});
    auto sender = EventDataSender::create(region.bytes(), {Kind::EventData, 2, 8});
    ASSERT_TRUE(sender.has_value());
    sendAll(*sender, {0, 1, 2, 3, 4});
    auto receiver = EventDataReceiver::attach(region.bytes(), 2, policy);
    ASSERT_TRUE(receiver.has_value());
    receiver->skipToPresent();
    EXPECT_FALSE(receiver->hasNew());
    sendAll(*sender, {5});
    auto d = drain(*receiver);
    EXPECT_EQ(d.values, std::vector<int>{5});
    EXPECT_EQ(d.dropped, 0u);
    EXPECT_EQ(d.overflowErrors, 0);
  }
}

TEST(EventDataQueue, QueueSizeOneSendsZeroToFiveFreshReceiverGetsFiveAndFiveDropped) {
  auto region = regionFor({Kind::EventData, 1, 8});
  auto sender = EventDataSender::create(region.bytes(), {Kind::EventData, 1, 8});
  ASSERT_TRUE(sender.has_value());
  auto receiver = EventDataReceiver::attach(region.readOnly());
  ASSERT_TRUE(receiver.has_value());
  sendAll(*sender, {0, 1, 2, 3, 4, 5});

  std::vector<std::byte> out(1);
  auto got = receiver->dequeue(out);
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->hasValue);
  EXPECT_EQ(std::to_integer<int>(out[0]), 5);
  EXPECT_EQ(got->dropped, 5u);
  EXPECT_FALSE(got->overflowError);
  auto again = receiver->dequeue(out);
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->hasValue);
  EXPECT_EQ(again->dropped, 0u);
}

TEST(EventDataQueue, QueueSizeFiveSendsOneToSixReceiverGetsTwoToSixAndOneDropped) {
  auto region = regionFor({Kind::EventData, 5, 8});
  auto sender = EventDataSender::create(region.bytes(), {Kind::EventData, 5, 8});
  ASSERT_TRUE(sender.has_value());
  auto receiver = EventDataReceiver::attach(region.readOnly());
  ASSERT_TRUE(receiver.has_value());
  sendAll(*sender, {1, 2, 3, 4, 5, 6});
  Delivery d = drain(*receiver);
  EXPECT_EQ(d.values, (std::vector<int>{2, 3, 4, 5, 6}));
  EXPECT_EQ(d.dropped, 1u);
}

TEST(EventDataQueue, NoDropsWhenReceiverKeepsUp) {
  auto region = regionFor({Kind::EventData, 2, 8});
  auto sender = EventDataSender::create(region.bytes(), {Kind::EventData, 2, 8});
  auto receiver = EventDataReceiver::attach(region.readOnly());
  ASSERT_TRUE(sender && receiver);
  Delivery all;
  for (int round = 0; round < 10; ++round) {
    sendAll(*sender, {2 * round, 2 * round + 1});
    Delivery d = drain(*receiver);
    all.values.insert(all.values.end(), d.values.begin(), d.values.end());
    all.dropped += d.dropped;
  }
  std::vector<int> expected(20);
  for (int i = 0; i < 20; ++i) expected[i] = i;
  EXPECT_EQ(all.values, expected);
  EXPECT_EQ(all.dropped, 0u);
}

TEST(EventDataQueue, EmptyQueueReportsNothingAndZeroDropped) {
  auto region = regionFor({Kind::EventData, 3, 8});
  ASSERT_TRUE(EventDataSender::create(region.bytes(), {Kind::EventData, 3, 8}));
  auto receiver = EventDataReceiver::attach(region.readOnly());
  ASSERT_TRUE(receiver);
  std::vector<std::byte> out(1);
  auto got = receiver->dequeue(out);
  ASSERT_TRUE(got);
  EXPECT_FALSE(got->hasValue);
  EXPECT_EQ(got->dropped, 0u);
  EXPECT_FALSE(receiver->hasNew());
}

TEST(EventDataQueue, FanOutReceiversAreIndependent) {
  auto region = regionFor({Kind::EventData, 3, 8});
  auto sender = EventDataSender::create(region.bytes(), {Kind::EventData, 3, 8});
  auto a = EventDataReceiver::attach(region.readOnly());
  auto b = EventDataReceiver::attach(region.readOnly());
  ASSERT_TRUE(sender && a && b);
  sendAll(*sender, {10, 11});
  Delivery da = drain(*a);  // a reads now, b does not
  EXPECT_EQ(da.values, (std::vector<int>{10, 11}));
  sendAll(*sender, {12, 13, 14});
  da = drain(*a);
  EXPECT_EQ(da.values, (std::vector<int>{12, 13, 14}));
  EXPECT_EQ(da.dropped, 0u);
  Delivery db = drain(*b);  // b saw 5 sends with Queue_Size 3
  EXPECT_EQ(db.values, (std::vector<int>{12, 13, 14}));
  EXPECT_EQ(db.dropped, 2u);
}

TEST(EventDataQueue, ReceiverWithSmallerQueueSizeDropsByItsOwnSize) {
  // Fan-out channel sized for the largest receiver (3); this receiver has Queue_Size 1.
  auto region = regionFor({Kind::EventData, 3, 8});
  auto sender = EventDataSender::create(region.bytes(), {Kind::EventData, 3, 8});
  auto small = EventDataReceiver::attach(region.readOnly(), 1);
  ASSERT_TRUE(sender && small);
  sendAll(*sender, {1, 2, 3});
  Delivery d = drain(*small);
  EXPECT_EQ(d.values, (std::vector<int>{3}));
  EXPECT_EQ(d.dropped, 2u);
}

TEST(EventDataQueue, ReceiverQueueSizeAboveChannelIsRejected) {
  auto region = regionFor({Kind::EventData, 2, 8});
  ASSERT_TRUE(EventDataSender::create(region.bytes(), {Kind::EventData, 2, 8}));
  auto r = EventDataReceiver::attach(region.readOnly(), 3);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::BadHeader);
  EXPECT_EQ(r.error().message, "channel header at offset 16: queue size 2 is smaller than this port's Queue_Size 3");
}

TEST(EventDataQueue, DropNewestKeepsTheOldestAndRefusesArrivalsWhenFull) {
  auto region = regionFor({Kind::EventData, 3, 8});
  auto sender = EventDataSender::create(region.bytes(), {Kind::EventData, 3, 8});
  auto receiver = EventDataReceiver::attach(region.readOnly(), 3, OverflowPolicy::DropNewest);
  ASSERT_TRUE(sender && receiver);
  sendAll(*sender, {1, 2});
  ASSERT_EQ(*receiver->intake(), 2u);  // on notification
  sendAll(*sender, {3, 4, 5});         // 3 fills the queue; 4 and 5 are refused
  Delivery d = drain(*receiver);
  EXPECT_EQ(d.values, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(d.dropped, 2u);
  EXPECT_EQ(d.overrun, 0u);
  // After the queue drained, new arrivals are accepted again.
  sendAll(*sender, {6});
  d = drain(*receiver);
  EXPECT_EQ(d.values, (std::vector<int>{6}));
  EXPECT_EQ(d.dropped, 0u);
}

TEST(EventDataQueue, DropNewestWithQueueSizeOneAgainstDropOldest) {
  auto region = regionFor({Kind::EventData, 1, 8});
  auto sender = EventDataSender::create(region.bytes(), {Kind::EventData, 1, 8});
  auto newest = EventDataReceiver::attach(region.readOnly(), 1, OverflowPolicy::DropNewest);
  auto oldest = EventDataReceiver::attach(region.readOnly(), 1, OverflowPolicy::DropOldest);
  ASSERT_TRUE(sender && newest && oldest);
  sendAll(*sender, {10});
  ASSERT_EQ(*newest->intake(), 1u);
  sendAll(*sender, {11, 12});
  Delivery n = drain(*newest);
  Delivery o = drain(*oldest);
  EXPECT_EQ(n.values, (std::vector<int>{10}));
  EXPECT_EQ(n.dropped, 2u);
  EXPECT_EQ(o.values, (std::vector<int>{12}));
  EXPECT_EQ(o.dropped, 2u);
}

TEST(EventDataQueue, DropNewestCountsRingOverwritesAsOverrun) {
  // The receiver never took a look while 6 values went through a ring of
  // 2 slots: the oldest were overwritten before it could keep them.
  auto region = regionFor({Kind::EventData, 1, 8});
  auto sender = EventDataSender::create(region.bytes(), {Kind::EventData, 1, 8});
  auto receiver = EventDataReceiver::attach(region.readOnly(), 1, OverflowPolicy::DropNewest);
  ASSERT_TRUE(sender && receiver);
  sendAll(*sender, {0, 1, 2, 3, 4, 5});
  Delivery d = drain(*receiver);
  EXPECT_EQ(d.values, (std::vector<int>{5}));
  EXPECT_EQ(d.dropped, 5u);
  EXPECT_EQ(d.overrun, 5u);
}

TEST(EventDataQueue, ErrorPolicyDeliversLikeDropOldestAndFlagsOverflow) {
  auto region = regionFor({Kind::EventData, 2, 8});
  auto sender = EventDataSender::create(region.bytes(), {Kind::EventData, 2, 8});
  auto receiver = EventDataReceiver::attach(region.readOnly(), 2, OverflowPolicy::Error);
  ASSERT_TRUE(sender && receiver);
  sendAll(*sender, {1, 2});
  Delivery d = drain(*receiver);
  EXPECT_EQ(d.values, (std::vector<int>{1, 2}));
  EXPECT_EQ(d.overflowErrors, 0);
  sendAll(*sender, {3, 4, 5, 6});
  d = drain(*receiver);
  EXPECT_EQ(d.values, (std::vector<int>{5, 6}));
  EXPECT_EQ(d.dropped, 2u);
  EXPECT_EQ(d.overflowErrors, 1);
}

TEST(EventDataQueue, SendRejectsBitsAboveMaximumAndMismatchedBytes) {
  auto region = regionFor({Kind::EventData, 1, 8});
  auto sender = EventDataSender::create(region.bytes(), {Kind::EventData, 1, 8});
  ASSERT_TRUE(sender);
  std::vector<std::byte> two(2);
  auto above = sender->send(16, two);
  ASSERT_FALSE(above);
  EXPECT_EQ(above.error().message, "send of 16 bits: above the channel maximum of 8 bits");
  auto mismatch = sender->send(4, two);
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().message, "send of 4 bits with 2 bytes (expected 1)");
  EXPECT_EQ(sender->numSent(), 0u);
}

TEST(EventDataQueue, PartialBytePayloadKeepsItsBitCount) {
  auto region = regionFor({Kind::EventData, 1, 12});
  auto sender = EventDataSender::create(region.bytes(), {Kind::EventData, 1, 12});
  auto receiver = EventDataReceiver::attach(region.readOnly());
  ASSERT_TRUE(sender && receiver);
  std::vector<std::byte> in{std::byte{0xAB}, std::byte{0xC0}};
  ASSERT_TRUE(sender->send(12, in));
  std::vector<std::byte> out(2);
  auto got = receiver->dequeue(out);
  ASSERT_TRUE(got && got->hasValue);
  EXPECT_EQ(got->numBits, 12u);
  EXPECT_EQ(out, in);
}

TEST(EventDataQueue, ReceiveBufferSmallerThanMaximumIsAnError) {
  auto region = regionFor({Kind::EventData, 1, 64});
  ASSERT_TRUE(EventDataSender::create(region.bytes(), {Kind::EventData, 1, 64}));
  auto receiver = EventDataReceiver::attach(region.readOnly());
  ASSERT_TRUE(receiver);
  std::vector<std::byte> out(4);
  auto got = receiver->dequeue(out);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().message, "receive buffer of 4 bytes: the channel maximum of 64 bits needs 8");
}

TEST(EventDataQueue, ResumedSenderContinuesFromSharedNumSent) {
  auto region = regionFor({Kind::EventData, 2, 8});
  {
    auto sender = EventDataSender::create(region.bytes(), {Kind::EventData, 2, 8});
    ASSERT_TRUE(sender);
    sendAll(*sender, {1, 2, 3});
  }
  auto receiver = EventDataReceiver::attach(region.readOnly());
  auto resumed = EventDataSender::resume(region.bytes());
  ASSERT_TRUE(resumed && receiver);
  EXPECT_EQ(resumed->numSent(), 3u);
  sendAll(*resumed, {4});
  Delivery d = drain(*receiver);
  EXPECT_EQ(d.values, (std::vector<int>{3, 4}));
  EXPECT_EQ(d.dropped, 2u);
}

}  // namespace
}  // namespace bulkhead::channel
