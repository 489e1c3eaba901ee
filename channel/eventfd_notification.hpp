#pragma once
// eventfd notifications for native partitions. One eventfd per receiving
// endpoint; a fan-out writer holds one notifier over all its receivers'
// eventfds.
#include <vector>

#include "channel/notification.hpp"
#include "base/unique_fd.hpp"

namespace bulkhead::channel {

// A new eventfd (non-blocking off, close-on-exec on: the supervisor clears
// it for the descriptors it hands to a child).
std::expected<base::UniqueFd, Error> createEventfd();

class EventfdNotifier final : public Notifier {
 public:
  EventfdNotifier() = default;
  explicit EventfdNotifier(base::UniqueFd fd) { fds_.push_back(std::move(fd)); }
  explicit EventfdNotifier(std::vector<base::UniqueFd> fds) : fds_(std::move(fds)) {}

  void add(base::UniqueFd fd) { fds_.push_back(std::move(fd)); }
  // Adds 1 to every eventfd. A full counter (2^64-2, never in practice)
  // would fail with EAGAIN; the receiver is already awake then.
  void notify() override;

 private:
  std::vector<base::UniqueFd> fds_;
};

class EventfdWaiter final : public Waiter {
 public:
  explicit EventfdWaiter(base::UniqueFd fd) : fd_(std::move(fd)) {}

  std::expected<std::uint64_t, Error> wait() override;
  std::expected<std::uint64_t, Error> poll() override;
  int pollFd() const override { return fd_.get(); }

 private:
  base::UniqueFd fd_;
};

}  // namespace bulkhead::channel
