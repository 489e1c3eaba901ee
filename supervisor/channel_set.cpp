#include "supervisor/channel_set.hpp"

#include "base/errno_text.hpp"
#include "plan/handover.hpp"

#include "channel/eventfd_notification.hpp"
#include "channel/layout.hpp"

#include <fcntl.h>

namespace bulkhead::supervisor {
namespace {

// An eventfd whose open file description is non-blocking from the start
// (see the header).
std::expected<base::UniqueFd, std::string> notificationFd() {
  auto fd = channel::createEventfd();
  if (!fd) return std::unexpected(fd.error().message);
  const int flags = ::fcntl(fd->get(), F_GETFL);
  if (flags < 0 || ::fcntl(fd->get(), F_SETFL, flags | O_NONBLOCK) != 0)
    return std::unexpected(base::errnoText("fcntl(eventfd)"));
  return std::move(*fd);
}

}  // namespace

std::expected<ChannelSet, std::string> ChannelSet::create(const plan::Plan& plan) {
  ChannelSet set;
  for (size_t i = 0; i < plan.channels.size(); ++i) {
    const auto& c = plan.channels[i];
    auto region = channel::SharedRegion::create(c.name, static_cast<std::size_t>(c.layout.regionSize));
    if (!region) return std::unexpected("channel " + c.name + ": " + region.error().message);
    if (auto formatted = channel::format(region->bytes(), c.layout); !formatted)
      return std::unexpected("channel " + c.name + ": " + formatted.error().message);
    auto readOnly = channel::reopenReadOnly(region->fd());
    if (!readOnly) return std::unexpected("channel " + c.name + ": " + readOnly.error().message);
    Entry entry{std::move(*region), std::move(*readOnly), {}, {}};
    for (size_t r = 0; r < c.receivers.size(); ++r) {
      auto fd = notificationFd();
      if (!fd) return std::unexpected("channel " + c.name + ": " + fd.error());
      entry.receiverEvents.push_back(std::move(*fd));
    }
    if (c.sender && c.receivers.size() != 1) {
      auto fd = notificationFd();
      if (!fd) return std::unexpected("channel " + c.name + ": " + fd.error());
      entry.senderEvent = std::move(*fd);
      Relay relay{static_cast<int>(i), entry.senderEvent.get(), {}, {}};
      for (size_t r = 0; r < entry.receiverEvents.size(); ++r) {
        relay.to.push_back(entry.receiverEvents[r].get());
        relay.toPartition.push_back(c.receivers[r].partition);
      }
      set.relays_.push_back(std::move(relay));
    }
    set.channels_.push_back(std::move(entry));
  }
  return set;
}

int ChannelSet::receiverEventFd(int channel, int receiver) const {
  const auto& events = channels_.at(static_cast<size_t>(channel)).receiverEvents;
  return events.at(static_cast<size_t>(receiver)).get();
}

std::vector<ChannelHandover> ChannelSet::handover(const plan::Plan& plan, int partition) const {
  std::vector<ChannelHandover> out;
  for (const plan::HandoverEntry& e : plan::handoverOf(plan, partition)) {
    const auto& entry = channels_.at(static_cast<size_t>(e.channel));
    if (e.direction == plan::Direction::Out) {
      int event = entry.senderEvent.valid() ? entry.senderEvent.get()
                  : entry.receiverEvents.empty() ? -1
                                                 : entry.receiverEvents.front().get();
      out.push_back({entry.region.fd(), event, true});
    } else {
      int event = e.receiver >= 0 && static_cast<size_t>(e.receiver) < entry.receiverEvents.size()
                      ? entry.receiverEvents[static_cast<size_t>(e.receiver)].get()
                      : -1;
      out.push_back({entry.readOnly.get(), event, false});
    }
  }
  return out;
}

}  // namespace bulkhead::supervisor
