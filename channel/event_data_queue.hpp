#pragma once
// The event data port channel (design section 3): numSent and N+1 slots in
// the shared region, one writer, any number of receivers each with its own
// private numRecv.
//
// DropOldest and Error follow HAMR's dequeue exactly. DropNewest keeps a
// private queue of Queue_Size payloads in the receiver: intake() moves new
// messages from the ring into it in order and drops arrivals once it is
// full. It is exact as long as intake() runs (dequeue() calls it; the
// runtime also calls it on every notification) before the writer has sent
// more than N messages beyond the last intake; messages the ring overwrote
// before that are counted dropped too (reported in Received::overrun).
#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>
#include <vector>

#include "channel/error.hpp"
#include "channel/layout.hpp"
#include "channel/overflow_policy.hpp"

namespace bulkhead::channel {

class EventDataSender {
 public:
  // Formats the region (zeroing it) and returns its writer.
  static std::expected<EventDataSender, Error> create(std::span<std::byte> region, const Geometry& geometry);
  // Takes over an already formatted region (a restarted writer), continuing
  // from the numSent in it.
  static std::expected<EventDataSender, Error> resume(std::span<std::byte> region);

  // Never blocks: writes slot numSent % (N+1), then publishes numSent + 1.
  // Rejects a bit count above the channel maximum or bytes that are not
  // exactly (numBits + 7) / 8.
  std::expected<void, Error> send(std::uint64_t numBits, std::span<const std::byte> bytes);

  std::uint64_t numSent() const { return numSent_; }
  const Layout& layout() const { return layout_; }

 private:
  EventDataSender(std::byte* base, const Layout& layout, std::uint64_t numSent)
      : base_(base),
        layout_(layout),
        numSent_(numSent),
        slot_(static_cast<std::uint32_t>(numSent % layout.slotCount)) {}

  std::byte* base_;
  Layout layout_;
  std::uint64_t numSent_;
  std::uint32_t slot_;  // numSent_ % slotCount, kept incrementally: a 64-bit division costs more than a send
};

// What one dequeue produced.
struct Received {
  bool hasValue = false;       // a payload was copied to the caller's buffer
  std::uint64_t numBits = 0;   // its bit count
  std::uint64_t dropped = 0;   // messages lost to this receiver since its previous call
  std::uint64_t overrun = 0;   // DropNewest: of those, lost to ring overwrite rather than refused
  bool overflowError = false;  // policy Error and dropped > 0: forward to the health monitor
};

class EventDataReceiver {
 public:
  // Validates the header. queueSize: this port's Queue_Size, at most the
  // channel's (0: the channel's). The region may be a read-only mapping.
  static std::expected<EventDataReceiver, Error> attach(std::span<const std::byte> region, std::uint32_t queueSize = 0,
                                                        OverflowPolicy policy = OverflowPolicy::DropOldest);

  // Takes the next element. out must hold maxBytes().
  std::expected<Received, Error> dequeue(std::span<std::byte> out);

  // DropNewest: moves arrivals into the private queue now (call it on each
  // notification). Other policies: does nothing. Returns messages accepted.
  std::expected<std::uint64_t, Error> intake();

  // Cheap check for spinning: is there anything new for this receiver?
  bool hasNew() const;

  // Forgets the messages sent so far (none dropped): a restarted
  // partition's queue starts empty, as HAMR's initialise finds it.
  void skipToPresent();

  std::uint64_t maxBits() const { return layout_.maxBits; }
  std::size_t maxBytes() const { return static_cast<std::size_t>(bytesForBits(layout_.maxBits)); }
  std::uint32_t queueSize() const { return queueSize_; }
  OverflowPolicy policy() const { return policy_; }
  std::uint64_t numRecv() const { return numRecv_; }
  const Layout& layout() const { return layout_; }

 private:
  EventDataReceiver(const std::byte* base, const Layout& layout, std::uint32_t queueSize, OverflowPolicy policy);

  std::expected<std::uint64_t, Error> loadNumSent() const;
  std::expected<Received, Error> dequeueHamr(std::span<std::byte> out);
  std::expected<Received, Error> dequeueDropNewest(std::span<std::byte> out);
  // Moves numRecv_ to `to`, keeping recvSlot_ == numRecv_ % slotCount
  // without a division in the common step of one.
  void advanceTo(std::uint64_t to) {
    if (to == numRecv_ + 1) {
      if (++recvSlot_ == layout_.slotCount) recvSlot_ = 0;
    } else {
      recvSlot_ = static_cast<std::uint32_t>(to % layout_.slotCount);
    }
    numRecv_ = to;
  }
  const std::byte* slotAt(std::uint32_t slot) const {
    return base_ + layout_.slotsOffset + std::size_t{slot} * layout_.slotSize;
  }

  const std::byte* base_;
  Layout layout_;
  std::uint32_t queueSize_;
  OverflowPolicy policy_;
  std::uint64_t numRecv_ = 0;
  std::uint32_t recvSlot_ = 0;  // numRecv_ % slotCount
  // DropNewest only: the private queue, queueSize_ entries of slotSize bytes.
  std::vector<std::byte> pending_;
  std::uint32_t pendingHead_ = 0;
  std::uint32_t pendingCount_ = 0;
  std::uint64_t pendingDropped_ = 0;
  std::uint64_t pendingOverrun_ = 0;
};

}  // namespace bulkhead::channel
