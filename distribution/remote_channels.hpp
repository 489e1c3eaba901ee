#pragma once
// The two ends of a remote channel on their nodes (design section 7b). The
// sending node's copy of the channel is read by an OutgoingChannel, one more
// receiver with its own cursor (the partitions never know); the receiving
// node's copy is written by an IncomingChannel, in the sender's place, with
// the channel/ layouts of design section 3, so the receiving partitions keep
// HAMR's queue semantics (Queue_Size, overflow policy, data freshness)
// exactly as for a local channel.
#include "channel/data_port.hpp"
#include "channel/event_data_queue.hpp"
#include "channel/event_port.hpp"
#include "plan/plan.hpp"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bulkhead::distribution {

// One sent value: event data and data ports carry the wire bytes; an event
// port carries no bytes and `sequence` is its running event count.
struct RemoteValue {
  std::uint64_t sequence = 0;  // the sender's: numSent index (1-based), data sequence, or event count
  std::uint64_t numBits = 0;
  std::span<const std::byte> bytes;  // in the OutgoingChannel's buffer, until its next drain()
};

class OutgoingChannel {
 public:
  static std::expected<OutgoingChannel, std::string> attach(const plan::Channel& channel, std::span<const std::byte> region);
  // Everything sent since the previous call, oldest first, valid until the
  // next call (no allocation per value: it runs at every slot start). A value
  // the ring overwrote before this call is counted in dropped() (and shows
  // as a gap in the sequence numbers at the receiver).
  std::span<const RemoteValue> drain();
  std::uint64_t dropped() const { return dropped_; }

 private:
  plan::PortCategory category_ = plan::PortCategory::EventData;
  std::optional<channel::EventDataReceiver> queue_;
  std::optional<channel::DataReceiver> data_;
  std::optional<channel::EventReceiver> events_;
  std::uint64_t eventCount_ = 0;
  std::uint64_t dropped_ = 0;
  std::vector<std::byte> buffer_;   // one value as dequeued
  std::vector<std::byte> drained_;  // the bytes of every value of a drain, back to back
  std::vector<RemoteValue> values_;
};

class IncomingChannel {
 public:
  // `notify`: the eventfds of the channel's receivers on this node.
  static std::expected<IncomingChannel, std::string> attach(const plan::Channel& channel, std::span<std::byte> region,
                                                            std::vector<int> notify);
  // Writes one value into the local channel and notifies its receivers. A
  // gap in the sequence is counted lost; a value that does not fit the
  // channel, or a sequence number already seen, is rejected (an error) and
  // never reaches the queue. A `late` value (it came after the window that
  // reads it was released) is counted in late() and not written: in the
  // queue it would be read in a later frame, or push out a value that is on
  // time, where on one machine it would have been read in its own frame.
  std::expected<void, std::string> accept(std::uint64_t sequence, std::uint64_t numBits, std::span<const std::byte> bytes,
                                          bool late = false);
  // The sending node restarted: its sequence numbers begin again at 1.
  void senderRestarted() { lastSequence_ = 0; }
  // This node joined a run under way: the first value received gives the
  // sequence's position (what was sent before this node was there is not lost).
  void joinUnderWay() { joined_ = true; }
  std::uint64_t lost() const { return lost_; }   // gaps in the sequence: never arrived
  std::uint64_t late() const { return late_; }   // arrived after their window
  std::uint64_t received() const { return received_; }  // written into the local channel

 private:
  void notifyReceivers() const;

  plan::PortCategory category_ = plan::PortCategory::EventData;
  std::uint64_t maxBits_ = 0;
  std::optional<channel::EventDataSender> queue_;
  std::optional<channel::DataSender> data_;
  std::optional<channel::EventSender> events_;
  std::vector<int> notify_;
  std::uint64_t lastSequence_ = 0;
  bool joined_ = false;
  std::uint64_t lost_ = 0;
  std::uint64_t late_ = 0;
  std::uint64_t received_ = 0;
};

}  // namespace bulkhead::distribution
