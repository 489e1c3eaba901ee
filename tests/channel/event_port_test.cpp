// Event port semantics: a counter, clamped to Queue_Size at each look.
#include "channel/event_port.hpp"

#include <gtest/gtest.h>

#include "test_region.hpp"

namespace bulkhead::channel {
namespace {

using test::regionFor;

TEST(EventPort, CountClampsToQueueSizeWithExcessDropped) {
  auto region = regionFor({Kind::Event, 0, 0});
  auto sender = EventSender::create(region.bytes());
  auto receiver = EventReceiver::attach(region.readOnly(), 3);
  ASSERT_TRUE(sender && receiver);
  for (int i = 0; i < 5; ++i) sender->send();
  EXPECT_TRUE(receiver->hasNew());
  EventCount c = receiver->take();
  EXPECT_EQ(c.count, 3u);
  EXPECT_EQ(c.dropped, 2u);
  EXPECT_FALSE(c.overflowError);
  c = receiver->take();
  EXPECT_EQ(c.count, 0u);
  EXPECT_EQ(c.dropped, 0u);
  sender->send();
  sender->send();
  c = receiver->take();
  EXPECT_EQ(c.count, 2u);
  EXPECT_EQ(c.dropped, 0u);
}

TEST(EventPort, ARestartedReceiverSkipsTheEventsSentBefore) {
  auto region = regionFor({Kind::Event, 0, 0});
  auto sender = EventSender::create(region.bytes());
  auto receiver = EventReceiver::attach(region.readOnly(), 1, OverflowPolicy::Error);
  ASSERT_TRUE(sender && receiver);
  for (int i = 0; i < 5; ++i) sender->send();
  receiver->skipToPresent();
  EXPECT_FALSE(receiver->hasNew());
  sender->send();
  EventCount c = receiver->take();
  EXPECT_EQ(c.count, 1u);
  EXPECT_EQ(c.dropped, 0u);
  EXPECT_FALSE(c.overflowError);
}

TEST(EventPort, ErrorPolicyFlagsOverflow) {
  auto region = regionFor({Kind::Event, 0, 0});
  auto sender = EventSender::create(region.bytes());
  auto receiver = EventReceiver::attach(region.readOnly(), 1, OverflowPolicy::Error);
  ASSERT_TRUE(sender && receiver);
  sender->send();
  EventCount c = receiver->take();
  EXPECT_EQ(c.count, 1u);
  EXPECT_FALSE(c.overflowError);
  sender->send();
  sender->send();
  c = receiver->take();
  EXPECT_EQ(c.count, 1u);
  EXPECT_EQ(c.dropped, 1u);
  EXPECT_TRUE(c.overflowError);
}

TEST(EventPort, CounterWrapIsCountedModulo64Bits) {
  auto region = regionFor({Kind::Event, 0, 0});
  ASSERT_TRUE(EventSender::create(region.bytes()));
  const std::uint64_t nearWrap = ~std::uint64_t{0} - 1;  // two below 2^64
  std::memcpy(region.data() + kCounterOffset, &nearWrap, 8);
  auto receiver = EventReceiver::attach(region.readOnly(), 10);
  auto sender = EventSender::resume(region.bytes());
  ASSERT_TRUE(receiver && sender);
  receiver->take();                            // catch up to 2^64-2
  for (int i = 0; i < 4; ++i) sender->send();  // wraps to 2
  EventCount c = receiver->take();
  EXPECT_EQ(c.count, 4u);
  EXPECT_EQ(c.dropped, 0u);
}

TEST(EventPort, QueueSizeZeroIsRejected) {
  auto region = regionFor({Kind::Event, 0, 0});
  ASSERT_TRUE(EventSender::create(region.bytes()));
  auto r = EventReceiver::attach(region.readOnly(), 0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "event port Queue_Size 0 (must be 1..1048576)");
}

}  // namespace
}  // namespace bulkhead::channel
