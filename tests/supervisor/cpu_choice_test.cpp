// The partitions' default CPU: not the one another run's real-time
// threads are pinned to.
#include "supervisor/cpu_choice.hpp"

#include <gtest/gtest.h>

#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace bulkhead::supervisor {
namespace {

TEST(CpuChoice, AvoidsTheCpuOtherRealTimeThreadsArePinnedTo) {
  cpu_set_t allowed;
  ASSERT_EQ(::sched_getaffinity(0, sizeof allowed, &allowed), 0);
  if (CPU_COUNT(&allowed) < 2) GTEST_SKIP() << "one CPU: nothing to choose";
  int first = 0;
  while (!CPU_ISSET(first, &allowed)) ++first;
  // Far more sleeping SCHED_FIFO threads pinned to the first CPU than any
  // other run puts on a CPU, as a run's partitions would be.
  std::atomic<bool> done{false};
  std::atomic<int> pinned{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i)
    threads.emplace_back([&] {
      cpu_set_t one;
      CPU_ZERO(&one);
      CPU_SET(first, &one);
      sched_param low{1};
      if (::sched_setaffinity(0, sizeof one, &one) == 0 &&
          ::pthread_setschedparam(::pthread_self(), SCHED_FIFO, &low) == 0)
        ++pinned;
      while (!done.load()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (pinned.load() < 64 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const bool canPin = pinned.load() == 64;
  const int chosen = quietestAllowedCpu();
  done = true;
  for (auto& t : threads) t.join();
  if (!canPin) GTEST_SKIP() << "cannot use SCHED_FIFO here";
  EXPECT_NE(chosen, first);
  EXPECT_TRUE(CPU_ISSET(chosen, &allowed));
}

}  // namespace
}  // namespace bulkhead::supervisor
