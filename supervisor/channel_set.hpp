#pragma once
// The channels of a Plan as the supervisor holds them: one sealed memfd
// region per channel, formatted with the channel/ layout before any
// partition starts, a read-only descriptor of it for receivers, and
// eventfds for notification.
//
// Each receiving endpoint has its own eventfd (an eventfd read consumes the
// count, so two receivers cannot share one). Every eventfd is O_NONBLOCK
// before a partition holds it; the sandbox lets a partition set O_NONBLOCK,
// never clear it, so the supervisor's reads and writes of a descriptor it
// shares with a partition never block (a saturated counter is EAGAIN). A channel with one receiver
// hands the sender that same eventfd; a fan-out channel hands the sender its
// own eventfd, and the supervisor relays each of its notifications to every
// receiver's (see relays()).
#include "channel/shared_region.hpp"
#include "base/unique_fd.hpp"
#include "supervisor/channel_handover.hpp"
#include "plan/plan.hpp"

#include <cstddef>
#include <expected>
#include <span>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

class ChannelSet {
 public:
  static std::expected<ChannelSet, std::string> create(const plan::Plan& plan);

  // The partition's channels in the hand-over order (contract/handover.hpp,
  // plan/handover.hpp): its connected ports in Plan order, then its period
  // queue.
  std::vector<ChannelHandover> handover(const plan::Plan& plan, int partition) const;

  std::span<std::byte> region(int channel) const { return channels_.at(static_cast<size_t>(channel)).region.bytes(); }
  int memoryFd(int channel) const { return channels_.at(static_cast<size_t>(channel)).region.fd(); }
  int receiverEventFd(int channel, int receiver) const;

  struct Relay {
    int channel = -1;
    int from = -1;            // the sender's eventfd
    std::vector<int> to;      // every receiver's eventfd
    std::vector<int> toPartition;  // and its partition
  };
  const std::vector<Relay>& relays() const { return relays_; }

 private:
  struct Entry {
    channel::SharedRegion region;
    base::UniqueFd readOnly;
    base::UniqueFd senderEvent;                  // fan-out only; else the single receiver's
    std::vector<base::UniqueFd> receiverEvents;  // Channel::receivers order
  };
  ChannelSet() = default;

  std::vector<Entry> channels_;
  std::vector<Relay> relays_;
};

}  // namespace bulkhead::supervisor
