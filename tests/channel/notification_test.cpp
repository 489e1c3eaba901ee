// eventfd notifier and waiter: counts, polling, blocking, spin-then-wait.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "channel/eventfd_notification.hpp"

namespace bulkhead::channel {
namespace {

struct Pair {
  EventfdNotifier notifier;
  EventfdWaiter waiter;
};

Pair makePair() {
  auto fd = createEventfd();
  EXPECT_TRUE(fd);
  base::UniqueFd dup(::dup(fd->get()));
  return Pair{EventfdNotifier(std::move(*fd)), EventfdWaiter(std::move(dup))};
}

TEST(Notification, PollWithoutNotificationIsZero) {
  auto p = makePair();
  auto n = p.waiter.poll();
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0u);
}

TEST(Notification, NotificationsCoalesceIntoOneWait) {
  auto p = makePair();
  p.notifier.notify();
  p.notifier.notify();
  p.notifier.notify();
  auto n = p.waiter.wait();
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 3u);
  EXPECT_EQ(*p.waiter.poll(), 0u);
}

TEST(Notification, FanOutNotifierSignalsEveryReceiver) {
  auto a = createEventfd();
  auto b = createEventfd();
  ASSERT_TRUE(a && b);
  EventfdWaiter wa{base::UniqueFd(::dup(a->get()))};
  EventfdWaiter wb{base::UniqueFd(::dup(b->get()))};
  EventfdNotifier notifier;
  notifier.add(std::move(*a));
  notifier.add(std::move(*b));
  notifier.notify();
  EXPECT_EQ(*wa.poll(), 1u);
  EXPECT_EQ(*wb.poll(), 1u);
}

TEST(Notification, WaitBlocksUntilAnotherThreadNotifies) {
  auto p = makePair();
  std::atomic<bool> ready{false};
  std::thread t([&] {
    ready.store(true);
    p.notifier.notify();
  });
  auto n = p.waiter.wait();
  t.join();
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1u);
  EXPECT_TRUE(ready.load());
}

TEST(Notification, SpinThenWaitReturnsAtOnceWhenReady) {
  auto p = makePair();
  auto r = p.waiter.spinThenWait(std::chrono::milliseconds(1), [] { return true; });
  EXPECT_TRUE(r);
}

TEST(Notification, SpinThenWaitFallsBackToBlocking) {
  auto p = makePair();
  std::atomic<bool> flag{false};
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    flag.store(true, std::memory_order_release);
    p.notifier.notify();
  });
  auto r = p.waiter.spinThenWait(std::chrono::microseconds(10), [&] { return flag.load(std::memory_order_acquire); });
  t.join();
  ASSERT_TRUE(r);
  EXPECT_TRUE(flag.load());
}

TEST(Notification, WaitOnClosedDescriptorIsAnError) {
  EventfdWaiter waiter{base::UniqueFd(-1)};
  auto n = waiter.wait();
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().message, "read(eventfd): Bad file descriptor");
}

}  // namespace
}  // namespace bulkhead::channel
