#include "plan/node_slice.hpp"

#include <algorithm>

namespace bulkhead::plan {

int NodeSlice::sliceChannel(int planChannel) const {
  auto it = std::ranges::find(channelOf, planChannel);
  return it == channelOf.end() ? -1 : static_cast<int>(it - channelOf.begin());
}

std::expected<NodeSlice, std::string> sliceForNode(const Plan& plan, int node) {
  if (node < 0 || static_cast<size_t>(node) >= plan.nodes.size())
    return std::unexpected("the plan has no node " + std::to_string(node));
  NodeSlice slice;
  std::vector<int> newPartition(plan.partitions.size(), -1);
  for (int p : plan.nodes[static_cast<size_t>(node)].partitions) {
    if (p < 0 || static_cast<size_t>(p) >= plan.partitions.size()) return std::unexpected("node partition out of range");
    newPartition[static_cast<size_t>(p)] = static_cast<int>(slice.partitionOf.size());
    slice.partitionOf.push_back(p);
  }
  auto local = [&](const Endpoint& e) {
    return e.partition >= 0 && static_cast<size_t>(e.partition) < newPartition.size() &&
           newPartition[static_cast<size_t>(e.partition)] >= 0;
  };
  std::vector<int> newChannel(plan.channels.size(), -1);
  // Per channel: old receiver index -> new (-1: on another node).
  std::vector<std::vector<int>> newReceiver(plan.channels.size());
  for (size_t c = 0; c < plan.channels.size(); ++c) {
    const Channel& channel = plan.channels[c];
    Channel kept = channel;
    kept.sender.reset();
    kept.receivers.clear();
    if (channel.sender && local(*channel.sender)) {
      kept.sender = channel.sender;
      kept.sender->partition = newPartition[static_cast<size_t>(channel.sender->partition)];
    }
    newReceiver[c].assign(channel.receivers.size(), -1);
    for (size_t r = 0; r < channel.receivers.size(); ++r) {
      if (!local(channel.receivers[r])) continue;
      newReceiver[c][r] = static_cast<int>(kept.receivers.size());
      Endpoint e = channel.receivers[r];
      e.partition = newPartition[static_cast<size_t>(e.partition)];
      kept.receivers.push_back(e);
    }
    if (!kept.sender && kept.receivers.empty()) continue;
    newChannel[c] = static_cast<int>(slice.channelOf.size());
    slice.channelOf.push_back(static_cast<int>(c));
    slice.plan.channels.push_back(std::move(kept));
  }
  for (int p : slice.partitionOf) {
    Partition partition = plan.partitions[static_cast<size_t>(p)];
    if (partition.periodChannel >= 0) partition.periodChannel = newChannel[static_cast<size_t>(partition.periodChannel)];
    for (Thread& t : partition.threads)
      for (Port& port : t.ports) {
        if (port.channel < 0) continue;
        const auto c = static_cast<size_t>(port.channel);
        if (port.receiverIndex >= 0 && static_cast<size_t>(port.receiverIndex) < newReceiver[c].size())
          port.receiverIndex = newReceiver[c][static_cast<size_t>(port.receiverIndex)];
        port.channel = newChannel[c];
      }
    slice.plan.partitions.push_back(std::move(partition));
  }
  slice.plan.system = plan.system;
  slice.plan.schedule = plan.schedule;
  slice.plan.pacerDomain = plan.pacerDomain;
  return slice;
}

}  // namespace bulkhead::plan
