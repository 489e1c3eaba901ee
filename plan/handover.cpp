#include "plan/handover.hpp"

namespace bulkhead::plan {
namespace {

// A receiver's index in its channel, for a Plan whose ports do not carry it.
int receiverIndexOf(const Plan& plan, int channel, int partition, int thread, int port) {
  const auto& receivers = plan.channels.at(static_cast<std::size_t>(channel)).receivers;
  for (std::size_t r = 0; r < receivers.size(); ++r)
    if (receivers[r].partition == partition && receivers[r].thread == thread && receivers[r].port == port)
      return static_cast<int>(r);
  return -1;
}

}  // namespace

std::vector<HandoverEntry> handoverOf(const Plan& plan, int partition) {
  std::vector<HandoverEntry> out;
  const Partition& p = plan.partitions.at(static_cast<std::size_t>(partition));
  for (std::size_t t = 0; t < p.threads.size(); ++t) {
    const auto& ports = p.threads[t].ports;
    for (std::size_t k = 0; k < ports.size(); ++k) {
      const Port& port = ports[k];
      if (port.channel < 0) continue;
      HandoverEntry entry{port.channel, port.direction, -1, static_cast<int>(t), static_cast<int>(k)};
      if (port.direction == Direction::In)
        entry.receiver = port.receiverIndex >= 0
                             ? port.receiverIndex
                             : receiverIndexOf(plan, port.channel, partition, entry.thread, entry.port);
      out.push_back(entry);
    }
  }
  // The partition is the only receiver of its own period queue.
  if (p.periodChannel >= 0) out.push_back(HandoverEntry{p.periodChannel, Direction::In, 0, -1, -1});
  return out;
}

}  // namespace bulkhead::plan
