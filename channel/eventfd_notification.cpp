#include "channel/eventfd_notification.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>

#include "base/text.hpp"

namespace bulkhead::channel {
std::expected<base::UniqueFd, Error> createEventfd() {
  const int fd = ::eventfd(0, EFD_CLOEXEC);
  if (fd < 0) return std::unexpected(systemError("eventfd"));
  return base::UniqueFd(fd);
}

void EventfdNotifier::notify() {
  const std::uint64_t one = 1;
  for (const base::UniqueFd& fd : fds_) {
    ssize_t n;
    do n = ::write(fd.get(), &one, sizeof one);
    while (n < 0 && errno == EINTR);
  }
}

std::expected<std::uint64_t, Error> EventfdWaiter::wait() {
  std::uint64_t count = 0;
  for (;;) {
    const ssize_t n = ::read(fd_.get(), &count, sizeof count);
    if (n == sizeof count) return count;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {  // a non-blocking descriptor: block in poll instead
      pollfd p{fd_.get(), POLLIN, 0};
      if (::poll(&p, 1, -1) < 0 && errno != EINTR) return std::unexpected(systemError("poll(eventfd)"));
      continue;
    }
    return std::unexpected(systemError("read(eventfd)"));
  }
}

std::expected<std::uint64_t, Error> EventfdWaiter::poll() {
  for (;;) {
    pollfd p{fd_.get(), POLLIN, 0};
    const int ready = ::poll(&p, 1, 0);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return std::unexpected(systemError("poll(eventfd)"));
    if (ready == 0) return 0;
    return wait();
  }
}

}  // namespace bulkhead::channel
