#include "supervisor/pacer.hpp"

#include <unistd.h>

#include <array>

namespace bulkhead::supervisor {

std::expected<Pacer, std::string> Pacer::create(const plan::Plan& plan, const ChannelSet& channels) {
  Pacer pacer;
  for (size_t i = 0; i < plan.channels.size(); ++i) {
    const auto& c = plan.channels[i];
    if (c.role != plan::ChannelRole::PeriodQueue) continue;
    if (c.category != plan::PortCategory::EventData || c.maxBits < 8)
      return std::unexpected("period queue " + c.name + " is not an event data channel of at least 8 bits");
    // The region was formatted by ChannelSet; the pacer is its writer.
    auto sender = channel::EventDataSender::resume(channels.region(static_cast<int>(i)));
    if (!sender) return std::unexpected("period queue " + c.name + ": " + sender.error().message);
    Queue queue{*sender, {}};
    for (size_t r = 0; r < c.receivers.size(); ++r)
      queue.eventFds.push_back(channels.receiverEventFd(static_cast<int>(i), static_cast<int>(r)));
    pacer.queues_.push_back(std::move(queue));
  }
  return pacer;
}

std::uint8_t Pacer::tick() {
  ++tick_;
  const std::array<std::byte, 1> payload{static_cast<std::byte>(tick_)};
  const std::uint64_t one = 1;
  for (auto& q : queues_) {
    // Cannot fail: 8 bits fit every period queue (checked in create).
    (void)q.sender.send(8, payload);
    for (int fd : q.eventFds) [[maybe_unused]] auto n = ::write(fd, &one, sizeof one);
  }
  return tick_;
}

}  // namespace bulkhead::supervisor
