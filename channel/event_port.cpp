#include "channel/event_port.hpp"

#include "channel/slot_access.hpp"
#include "base/text.hpp"

namespace bulkhead::channel {

std::expected<EventSender, Error> EventSender::create(std::span<std::byte> region) {
  auto layout = format(region, Geometry{Kind::Event, 0, 0});
  if (!layout) return std::unexpected(layout.error());
  return EventSender(region.data(), 0);
}

std::expected<EventSender, Error> EventSender::resume(std::span<std::byte> region) {
  auto layout = validate(region, Kind::Event);
  if (!layout) return std::unexpected(layout.error());
  return EventSender(region.data(), detail::loadAcquire(region.data() + kCounterOffset));
}

void EventSender::send() {
  ++count_;  // wraps at 2^64; receivers subtract modulo 2^64
  detail::storeRelease(base_ + kCounterOffset, count_);
}

std::expected<EventReceiver, Error> EventReceiver::attach(std::span<const std::byte> region, std::uint32_t queueSize,
                                                          OverflowPolicy policy) {
  auto layout = validate(region, Kind::Event);
  if (!layout) return std::unexpected(layout.error());
  if (queueSize < 1 || queueSize > kMaxQueueSize)
    return std::unexpected(Error{ErrorCode::BadGeometry, base::text::concat("event port Queue_Size ", queueSize,
                                                                            " (must be 1..", kMaxQueueSize, ")")});
  // Events are counted from zero, so a receiver attached late still sees
  // (up to Queue_Size of) the events already sent, as a late event data
  // receiver sees the values already sent.
  return EventReceiver(region.data(), queueSize, policy, 0);
}

void EventReceiver::skipToPresent() { seen_ = detail::loadAcquire(base_ + kCounterOffset); }

bool EventReceiver::hasNew() const { return detail::loadAcquire(base_ + kCounterOffset) != seen_; }

EventCount EventReceiver::take() {
  const std::uint64_t now = detail::loadAcquire(base_ + kCounterOffset);
  const std::uint64_t fresh = now - seen_;  // modulo 2^64: wrap-safe
  seen_ = now;
  EventCount c;
  c.count = fresh < queueSize_ ? fresh : queueSize_;
  c.dropped = fresh - c.count;
  c.overflowError = policy_ == OverflowPolicy::Error && c.dropped > 0;
  return c;
}

}  // namespace bulkhead::channel
