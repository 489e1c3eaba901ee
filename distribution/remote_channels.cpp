#include "distribution/remote_channels.hpp"

#include <unistd.h>


namespace bulkhead::distribution {

namespace {

channel::OverflowPolicy policyOf(plan::OverflowHandling overflow) {
  // The forwarding cursor keeps what a receiver of that policy would keep;
  // Error is reported by the receiving node's partitions, as for a local channel.
  return overflow == plan::OverflowHandling::DropNewest ? channel::OverflowPolicy::DropNewest
                                                        : channel::OverflowPolicy::DropOldest;
}

std::string named(const plan::Channel& channel, const std::string& what) { return "channel " + channel.name + ": " + what; }

}  // namespace

std::expected<OutgoingChannel, std::string> OutgoingChannel::attach(const plan::Channel& channel,
                                                                    std::span<const std::byte> region) {
  OutgoingChannel out;
  out.category_ = channel.category;
  switch (channel.category) {
    case plan::PortCategory::EventData: {
      auto q = channel::EventDataReceiver::attach(region, channel.queueSize, policyOf(channel.overflow));
      if (!q) return std::unexpected(named(channel, q.error().message));
      out.buffer_.resize(q->maxBytes());
      out.queue_.emplace(std::move(*q));
      break;
    }
    case plan::PortCategory::Data: {
      auto d = channel::DataReceiver::attach(region);
      if (!d) return std::unexpected(named(channel, d.error().message));
      out.buffer_.resize(d->maxBytes());
      out.data_.emplace(std::move(*d));
      break;
    }
    case plan::PortCategory::Event: {
      // Every event is forwarded (up to the largest queue a channel has, per
      // slot): the receiving node's queue clamps to its Queue_Size.
      auto e = channel::EventReceiver::attach(region, static_cast<std::uint32_t>(channel::kMaxQueueSize));
      if (!e) return std::unexpected(named(channel, e.error().message));
      out.events_.emplace(std::move(*e));
      break;
    }
  }
  return out;
}

std::span<const RemoteValue> OutgoingChannel::drain() {
  values_.clear();
  drained_.clear();
  if (queue_) {
    for (;;) {
      auto r = queue_->dequeue(buffer_);
      if (!r) break;  // a corrupt header: nothing more to forward (the partition's health reports it)
      dropped_ += r->dropped;
      if (!r->hasValue) break;
      const auto size = static_cast<size_t>(channel::bytesForBits(r->numBits));
      values_.push_back({queue_->numRecv(), r->numBits, {}});  // its bytes' span once drained_ stops growing
      drained_.insert(drained_.end(), buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(size));
    }
  } else if (data_) {
    auto r = data_->read(buffer_);
    if (r && r->status == channel::DataRead::Status::Fresh) {
      const auto size = static_cast<size_t>(channel::bytesForBits(r->numBits));
      values_.push_back({r->sequence, r->numBits, {}});
      drained_.assign(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(size));
    }
  } else if (events_) {
    const channel::EventCount c = events_->take();
    if (c.count > 0) {
      eventCount_ += c.count;
      values_.push_back({eventCount_, 0, {}});
    }
  }
  // Each value's bytes follow the previous one's in drained_.
  size_t offset = 0;
  for (RemoteValue& v : values_) {
    const auto size = static_cast<size_t>(channel::bytesForBits(v.numBits));
    v.bytes = std::span<const std::byte>(drained_).subspan(offset, size);
    offset += size;
  }
  return values_;
}

std::expected<IncomingChannel, std::string> IncomingChannel::attach(const plan::Channel& channel, std::span<std::byte> region,
                                                                    std::vector<int> notify) {
  IncomingChannel in;
  in.category_ = channel.category;
  in.maxBits_ = channel.maxBits;
  in.notify_ = std::move(notify);
  switch (channel.category) {
    case plan::PortCategory::EventData: {
      auto q = channel::EventDataSender::resume(region);
      if (!q) return std::unexpected(named(channel, q.error().message));
      in.queue_.emplace(std::move(*q));
      break;
    }
    case plan::PortCategory::Data: {
      auto d = channel::DataSender::resume(region);
      if (!d) return std::unexpected(named(channel, d.error().message));
      in.data_.emplace(std::move(*d));
      break;
    }
    case plan::PortCategory::Event: {
      auto e = channel::EventSender::resume(region);
      if (!e) return std::unexpected(named(channel, e.error().message));
      in.events_.emplace(std::move(*e));
      break;
    }
  }
  return in;
}

std::expected<void, std::string> IncomingChannel::accept(std::uint64_t sequence, std::uint64_t numBits,
                                                         std::span<const std::byte> bytes, bool late) {
  if (joined_) {
    // The first value since this node joined: nothing before it counts as lost.
    joined_ = false;
    if (sequence > 0) lastSequence_ = sequence - 1;
  }
  if (sequence <= lastSequence_)
    return std::unexpected("sequence number " + std::to_string(sequence) + " after " + std::to_string(lastSequence_));
  if (category_ == plan::PortCategory::Event) {
    // The running count: the events since the last sample, at most 2^20 at once.
    const std::uint64_t n = std::min<std::uint64_t>(sequence - lastSequence_, 1u << 20);
    lastSequence_ = sequence;
    if (late) {
      late_ += n;
      return {};
    }
    for (std::uint64_t i = 0; i < n; ++i) events_->send();
    received_ += n;
    notifyReceivers();
    return {};
  }
  if (numBits > maxBits_ || bytes.size() != channel::bytesForBits(numBits))
    return std::unexpected(std::to_string(numBits) + " bits in " + std::to_string(bytes.size()) +
                           " bytes do not fit the channel (at most " + std::to_string(maxBits_) + " bits)");
  if (!late) {
    auto written = queue_ ? queue_->send(numBits, bytes) : data_->write(numBits, bytes);
    if (!written) return std::unexpected(written.error().message);
  }
  // Event data: every numSent index is one value, so a gap is values lost on the
  // way (or overwritten before the sending node forwarded them). Data ports:
  // only the newest value matters, gaps are not losses.
  if (category_ == plan::PortCategory::EventData) lost_ += sequence - lastSequence_ - 1;
  lastSequence_ = sequence;
  if (late) {
    ++late_;
    return {};
  }
  ++received_;
  notifyReceivers();
  return {};
}

void IncomingChannel::notifyReceivers() const {
  const std::uint64_t one = 1;
  // Non-blocking eventfds (supervisor/channel_set.hpp): a saturated one is skipped.
  for (int fd : notify_) [[maybe_unused]] auto n = ::write(fd, &one, sizeof one);
}

}  // namespace bulkhead::distribution
