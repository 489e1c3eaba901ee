#pragma once
// The Cyclone DDS configuration bulkhead writes for itself (never Cyclone's
// default, which multicasts discovery on the first multicast-capable
// interface): unicast only (AllowMulticast false), bound to the interfaces
// named, discovery through explicit peers. The default, loopback and peer
// 127.0.0.1, keeps every byte on this machine (`--nodes all`, the tests).
#include <string>
#include <vector>

namespace bulkhead::distribution {

struct CycloneNetwork {
  std::vector<std::string> interfaces{"127.0.0.1"};  // addresses or interface names
  std::vector<std::string> peers{"127.0.0.1"};       // where the other nodes are
  // Cyclone's own fault injection (Internal/Test/XmitLossiness): drops this
  // many of every 1000 packets the node sends, to see values come late or go
  // missing on a link that loses packets (`run --dds-loss`). 0: none.
  int transmitLossPerMille = 0;
};

// The XML for dds_create_domain (or CYCLONEDDS_URI). Names are XML-escaped.
std::string cycloneConfig(const CycloneNetwork& network);

}  // namespace bulkhead::distribution
