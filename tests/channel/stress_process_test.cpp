// A writer and two receivers in separate processes, 10 million values
// through a queue of 4: every receiver sees a strictly increasing sequence
// and received + dropped = sent, exactly. The receivers map the region
// through a read-only descriptor and are woken by eventfds.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channel/eventfd_notification.hpp"
#include "channel/shared_region.hpp"
#include "stress_loop.hpp"

namespace bulkhead::channel {
namespace {

#ifndef BULKHEAD_STRESS_PROCESS_COUNT
#define BULKHEAD_STRESS_PROCESS_COUNT 10000000
#endif
constexpr std::uint64_t kTotal = BULKHEAD_STRESS_PROCESS_COUNT;

bool readAll(int fd, void* data, std::size_t size) {
  auto* p = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t n = ::read(fd, p, size);
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// In the child: attach read-only, receive everything, write the tally to
// the pipe, exit without running the parent's destructors or gtest.
[[noreturn]] void receiverProcess(int readOnlyFd, int wakeFd, int resultFd, OverflowPolicy policy) {
  ::alarm(600);  // a hung receiver fails the test instead of hanging it
  test::StressTally t;
  auto mapping = mapReadOnly(readOnlyFd);
  if (mapping) {
    auto receiver = EventDataReceiver::attach(mapping->readOnlyBytes(), 0, policy);
    EventfdWaiter waiter{base::UniqueFd(wakeFd)};
    if (receiver)
      t = test::receiveAll(*receiver, waiter, kTotal);
    else
      t.errors = 1;
  } else {
    t.errors = 1;
  }
  const bool ok = ::write(resultFd, &t, sizeof t) == static_cast<ssize_t>(sizeof t);
  ::_exit(ok ? 0 : 1);
}

TEST(StressProcesses, WriterAndTwoReceiversTenMillionValues) {
  const Geometry g{Kind::EventData, 4, 64};
  auto region = SharedRegion::create("stress", *regionSize(g));
  ASSERT_TRUE(region) << region.error().message;
  auto sender = EventDataSender::create(region->bytes(), g);
  ASSERT_TRUE(sender);
  auto readOnly = reopenReadOnly(region->fd());
  ASSERT_TRUE(readOnly) << readOnly.error().message;

  const OverflowPolicy policies[2] = {OverflowPolicy::DropOldest, OverflowPolicy::DropNewest};
  EventfdNotifier notifier;
  pid_t children[2];
  int results[2];
  for (int i = 0; i < 2; ++i) {
    auto wake = createEventfd();
    ASSERT_TRUE(wake);
    int pipeFds[2];
    ASSERT_EQ(::pipe(pipeFds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(pipeFds[0]);
      receiverProcess(readOnly->get(), wake->release(), pipeFds[1], policies[i]);
    }
    ::close(pipeFds[1]);
    children[i] = pid;
    results[i] = pipeFds[0];
    notifier.add(std::move(*wake));
  }

  test::sendAll(*sender, notifier, kTotal);
  EXPECT_EQ(sender->numSent(), kTotal);

  for (int i = 0; i < 2; ++i) {
    test::StressTally t;
    const bool got = readAll(results[i], &t, sizeof t);
    ::close(results[i]);
    int status = 0;
    ::waitpid(children[i], &status, 0);
    ASSERT_TRUE(got) << "receiver " << i << " died (status " << status << ")";
    SCOPED_TRACE(contract::name(policies[i]));
    EXPECT_EQ(t.errors, 0u);
    EXPECT_EQ(t.outOfOrder, 0u);
    EXPECT_EQ(t.outOfRange, 0u);
    EXPECT_EQ(t.received + t.dropped, kTotal);
    EXPECT_GT(t.received, 0u);
    RecordProperty(std::string("received_") + contract::name(policies[i]), std::to_string(t.received));
    std::printf("receiver %s: received %llu, dropped %llu of %llu\n", contract::name(policies[i]),
                static_cast<unsigned long long>(t.received), static_cast<unsigned long long>(t.dropped),
                static_cast<unsigned long long>(kTotal));
  }
}

}  // namespace
}  // namespace bulkhead::channel
