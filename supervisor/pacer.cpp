#include "supervisor/pacer.hpp"

#include "contract/period_queue.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>

namespace bulkhead::supervisor {

std::expected<Pacer, std::string> Pacer::create(const plan::Plan& plan, const ChannelSet& channels) {
  Pacer pacer;
  pacer.lastTickTo_.resize(plan.partitions.size());  // sized here: the walk never allocates
  for (size_t i = 0; i < plan.channels.size(); ++i) {
    const auto& c = plan.channels[i];
    if (c.role != plan::ChannelRole::PeriodQueue) continue;
    if (c.category != plan::PortCategory::EventData || c.maxBits < contract::kPeriodTickBits)
      return std::unexpected("period queue " + c.name + " is not an event data channel of at least " +
                             std::to_string(contract::kPeriodTickBits) + " bits");
    // The region was formatted by ChannelSet; the pacer is its writer.
    auto sender = channel::EventDataSender::resume(channels.region(static_cast<int>(i)));
    if (!sender) return std::unexpected("period queue " + c.name + ": " + sender.error().message);
    Queue queue{*sender, {}, {}};
    for (size_t r = 0; r < c.receivers.size(); ++r) {
      queue.eventFds.push_back(channels.receiverEventFd(static_cast<int>(i), static_cast<int>(r)));
      queue.partitions.push_back(c.receivers[r].partition);
    }
    pacer.queues_.push_back(std::move(queue));
  }
  return pacer;
}

std::uint8_t Pacer::tick(const std::vector<int>& partitions) {
  ++tick_;
  const std::array<std::byte, 1> payload{static_cast<std::byte>(tick_)};
  const std::uint64_t one = 1;
  for (auto& q : queues_) {
    const bool paced = std::any_of(q.partitions.begin(), q.partitions.end(), [&](int p) {
      return std::find(partitions.begin(), partitions.end(), p) != partitions.end();
    });
    if (!paced) continue;
    // Cannot fail: 8 bits fit every period queue (checked in create).
    (void)q.sender.send(8, payload);
    // O_NONBLOCK (ChannelSet; a partition cannot clear it): a counter
    // its receiver pushed to the limit fails with EAGAIN instead of
    // blocking the schedule.
    for (size_t r = 0; r < q.eventFds.size(); ++r) {
      if (::write(q.eventFds[r], &one, sizeof one) < 0 && errno == EAGAIN) saturated_.push_back(q.partitions[r]);
      if (const auto p = static_cast<std::size_t>(q.partitions[r]); p < lastTickTo_.size()) lastTickTo_[p] = tick_;
    }
  }
  return tick_;
}

std::vector<int> Pacer::takeSaturated() {
  std::vector<int> out;
  out.swap(saturated_);
  return out;
}

}  // namespace bulkhead::supervisor
