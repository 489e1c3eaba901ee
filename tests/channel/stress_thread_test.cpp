// The stress test with threads instead of processes, so that TSan can check
// the memory ordering of the writer and receiver code paths.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "channel/data_port.hpp"
#include "channel/eventfd_notification.hpp"
#include "stress_loop.hpp"
#include "test_region.hpp"

namespace bulkhead::channel {
namespace {

#ifndef BULKHEAD_STRESS_THREAD_COUNT
#define BULKHEAD_STRESS_THREAD_COUNT 2000000
#endif
constexpr std::uint64_t kTotal = BULKHEAD_STRESS_THREAD_COUNT;

TEST(StressThreads, WriterAndThreeReceiversEveryPolicy) {
  const Geometry g{Kind::EventData, 4, 64};
  auto region = test::regionFor(g);
  auto sender = EventDataSender::create(region.bytes(), g);
  ASSERT_TRUE(sender);
  const OverflowPolicy policies[3] = {OverflowPolicy::DropOldest, OverflowPolicy::DropNewest, OverflowPolicy::Error};
  EventfdNotifier notifier;
  std::vector<EventfdWaiter> waiters;
  for (int i = 0; i < 3; ++i) {
    auto fd = createEventfd();
    ASSERT_TRUE(fd);
    auto dup = base::UniqueFd(::dup(fd->get()));
    notifier.add(std::move(*fd));
    waiters.emplace_back(std::move(dup));
  }
  test::StressTally tallies[3];
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] {
      auto receiver = EventDataReceiver::attach(region.readOnly(), 0, policies[i]);
      if (!receiver) {
        tallies[i].errors = 1;
        return;
      }
      tallies[i] = test::receiveAll(*receiver, waiters[i], kTotal);
    });
  }
  test::sendAll(*sender, notifier, kTotal);
  for (auto& t : threads) t.join();
  for (int i = 0; i < 3; ++i) {
    SCOPED_TRACE(contract::name(policies[i]));
    EXPECT_EQ(tallies[i].errors, 0u);
    EXPECT_EQ(tallies[i].outOfOrder, 0u);
    EXPECT_EQ(tallies[i].outOfRange, 0u);
    EXPECT_EQ(tallies[i].received + tallies[i].dropped, kTotal);
    EXPECT_GT(tallies[i].received, 0u);
  }
}

// Data port under a racing writer: the payload is eight copies of one
// 64-bit counter, so a torn read would show two different words.
TEST(StressThreads, DataPortReadsAreNeverTorn) {
  constexpr std::uint64_t kWrites = kTotal / 4;
  auto region = test::regionFor({Kind::Data, 1, 512});
  auto sender = DataSender::create(region.bytes(), 512);
  auto receiver = DataReceiver::attach(region.readOnly());
  ASSERT_TRUE(sender && receiver);
  std::atomic<bool> done{false};
  std::atomic<std::uint64_t> reads{0};
  std::uint64_t torn = 0, backwards = 0, fresh = 0, contended = 0;
  std::thread reader([&] {
    std::vector<std::byte> out(64);
    std::uint64_t last = 0;
    while (!done.load(std::memory_order_acquire)) {
      auto r = receiver->read(out);
      // Only reads that met a written value count towards the race: reads
      // before the first write say nothing about tearing.
      if (!r || r->status != DataRead::Status::NoValue) reads.fetch_add(1, std::memory_order_relaxed);
      if (!r) {
        ++torn;
        continue;
      }
      if (r->status == DataRead::Status::Contended) ++contended;
      if (r->status != DataRead::Status::Fresh && r->status != DataRead::Status::Stale) continue;
      std::uint64_t words[8];
      std::memcpy(words, out.data(), 64);
      for (auto w : words) torn += w != words[0] ? 1 : 0;
      backwards += words[0] < last ? 1 : 0;
      fresh += r->status == DataRead::Status::Fresh ? 1 : 0;
      last = words[0];
    }
  });
  // Keep writing until the reader has raced with the writer for a while
  // (a reader descheduled for the whole burst must still get its turn).
  for (std::uint64_t v = 1; v <= kWrites || reads.load(std::memory_order_relaxed) < 10000; ++v) {
    std::uint64_t words[8];
    for (auto& w : words) w = v;
    ASSERT_TRUE(sender->write(512, std::as_bytes(std::span(words))));
  }
  done.store(true, std::memory_order_release);
  reader.join();
  EXPECT_EQ(torn, 0u);
  EXPECT_EQ(backwards, 0u);
  EXPECT_GT(fresh + contended, 0u);
}

}  // namespace
}  // namespace bulkhead::channel
