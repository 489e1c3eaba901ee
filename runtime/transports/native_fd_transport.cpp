#include "runtime/transports/native_fd_transport.hpp"

#include "runtime/transports/stop_signals.hpp"

#include "base/errno_text.hpp"
#include "contract/handover.hpp"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <cstring>
#include <poll.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace bulkhead::runtime {

using contract::eventFd;
using contract::memoryFd;

NativeFdTransport::NativeFdTransport(int channelCount)
    : channelCount_(channelCount), mappings_(static_cast<std::size_t>(channelCount)),
      notifiers_(static_cast<std::size_t>(channelCount)) {}

std::expected<std::unique_ptr<NativeFdTransport>, RuntimeError> NativeFdTransport::create(int channelCount) {
  if (auto taken = takeStopSignals(); !taken) return std::unexpected(taken.error());
  for (int i = 0; i < channelCount; ++i) {
    struct stat info {};
    if (fstat(memoryFd(i), &info) != 0)
      return fail("channel #" + std::to_string(i) + ": no shared-memory fd " + std::to_string(memoryFd(i)) +
                  " from the supervisor (" + std::strerror(errno) + ")");
    if (fstat(eventFd(i), &info) != 0)
      return fail("channel #" + std::to_string(i) + ": no eventfd " + std::to_string(eventFd(i)) +
                  " from the supervisor (" + std::strerror(errno) + ")");
  }
  std::unique_ptr<NativeFdTransport> transport(new NativeFdTransport(channelCount));
  transport->waitMask_ = waitMask();
  return transport;
}

std::expected<Attachment, RuntimeError> NativeFdTransport::attach(int handover, Access access,
                                                                  PortCategory) {
  if (handover < 0 || handover >= channelCount_)
    return fail("no channel #" + std::to_string(handover) + " (the supervisor handed over " +
                std::to_string(channelCount_) + ")");
  auto index = static_cast<std::size_t>(handover);
  if (!notifiers_[index]) {
    auto mapping = access == Access::Send ? channel::mapReadWrite(memoryFd(handover))
                                          : channel::mapReadOnly(memoryFd(handover));
    if (!mapping)
      return fail("channel #" + std::to_string(handover) + ": " + mapping.error().message +
                  (access == Access::Send ? " (a sender needs a writable fd)" : ""));
    mappings_[index] = std::move(*mapping);
    // The notifier owns the eventfd from now on (closed when the program ends).
    notifiers_[index] = std::make_unique<channel::EventfdNotifier>(base::UniqueFd(eventFd(handover)));
  }
  const channel::Mapping& mapping = mappings_[index];
  return Attachment{mapping.readOnlyBytes(), mapping.bytes(), notifiers_[index].get()};
}

Status NativeFdTransport::watch(int handover) {
  if (handover < 0 || handover >= channelCount_) return fail("no channel #" + std::to_string(handover) + " to watch");
  // Non-blocking: if the supervisor shares one eventfd among fan-out
  // receivers, another may drain it between our poll and our read.
  int flags = fcntl(eventFd(handover), F_GETFL);
  if (flags < 0 || fcntl(eventFd(handover), F_SETFL, flags | O_NONBLOCK) != 0) return fail(base::errnoText("fcntl"));
  watchedFds_.push_back(eventFd(handover));
  pollFds_.reserve(watchedFds_.size());
  return {};
}

std::expected<WaitOutcome, RuntimeError> NativeFdTransport::wait(std::optional<Nanoseconds> timeout) {
  if (stopRequested()) return WaitOutcome::Stopped;
  // Built once per wait from the watched fds, in a buffer kept between
  // waits: no allocation per wake-up.
  pollFds_.clear();
  for (int fd : watchedFds_) pollFds_.push_back(pollfd{fd, POLLIN, 0});
  const timespec limit = waitLimit(timeout.value_or(0));
  int ready = ppoll(pollFds_.data(), pollFds_.size(), timeout ? &limit : nullptr, &waitMask_);
  if (ready < 0) {
    if (errno == EINTR) return stopRequested() ? WaitOutcome::Stopped : WaitOutcome::TimedOut;
    return fail(base::errnoText("ppoll"));
  }
  if (ready == 0) return WaitOutcome::TimedOut;
  for (const pollfd& fd : pollFds_) {
    if ((fd.revents & POLLIN) == 0) continue;
    std::uint64_t count = 0;  // resets the eventfd; the count itself is in the region
    [[maybe_unused]] ssize_t n = ::read(fd.fd, &count, sizeof count);
  }
  return WaitOutcome::Notified;
}

namespace {

// The hand-over entry `entry` after the channels, mapped read-write into
// `mapping` once; empty when the supervisor did not hand it over (it
// closes every descriptor it did not).
std::expected<std::span<std::byte>, RuntimeError> mapExtra(int entry, const char* what, channel::Mapping& mapping) {
  if (mapping.size() != 0) return mapping.bytes();
  struct stat info {};
  if (fstat(memoryFd(entry), &info) != 0) return std::span<std::byte>();
  auto mapped = channel::mapReadWrite(memoryFd(entry));
  if (!mapped) return fail(std::string(what) + " (fd " + std::to_string(memoryFd(entry)) + "): " + mapped.error().message);
  mapping = std::move(*mapped);
  return mapping.bytes();
}

}  // namespace

std::expected<std::span<std::byte>, RuntimeError> NativeFdTransport::attachHealthChannel() {
  return mapExtra(contract::healthEntry(channelCount_), "health channel", healthChannel_);
}

std::expected<std::span<std::byte>, RuntimeError> NativeFdTransport::attachTraceRing() {
  return mapExtra(contract::traceEntry(channelCount_), "trace ring", traceRing_);
}

}  // namespace bulkhead::runtime
