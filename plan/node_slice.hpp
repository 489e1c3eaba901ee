#pragma once
// One node's share of a distributed Plan (design section 7b): what the
// supervisor of that node runs. The node's partitions (renumbered in Plan
// order), every channel with an end on the node (renumbered; a remote
// channel keeps its geometry, so both nodes lay it out alike, and keeps
// only the node's ends: the sending node's copy has no receivers of other
// nodes, the receiving node's copy no sender), and the whole domain
// schedule: windows of other nodes' domains are idle here.
#include "plan/plan.hpp"

#include <expected>
#include <string>
#include <vector>

namespace bulkhead::plan {

struct NodeSlice {
  Plan plan;                    // a one-node Plan
  std::vector<int> partitionOf; // slice partition index -> Plan partition index
  std::vector<int> channelOf;   // slice channel index -> Plan channel index
  int sliceChannel(int planChannel) const;  // -1 when the channel has no end on the node
};

std::expected<NodeSlice, std::string> sliceForNode(const Plan& plan, int node);

}  // namespace bulkhead::plan
