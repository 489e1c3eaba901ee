// The Cyclone configuration bulkhead writes keeps discovery unicast and, by
// default, every byte on loopback (the project's network rule).
#include "distribution/cyclone_config.hpp"

#include <gtest/gtest.h>

namespace bulkhead::distribution {
namespace {

TEST(CycloneConfig, DefaultIsLoopbackWithoutMulticast) {
  const std::string xml = cycloneConfig({});
  EXPECT_NE(xml.find("<NetworkInterface address=\"127.0.0.1\"/>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<AllowMulticast>false</AllowMulticast>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<Peers><Peer address=\"127.0.0.1\"/></Peers>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<ParticipantIndex>auto</ParticipantIndex>"), std::string::npos) << xml;
  // A dead node's participant is forgotten after 2 s, and writers have room for what it never acknowledged.
  EXPECT_NE(xml.find("<LeaseDuration>2 s</LeaseDuration>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<WhcHigh>2 MiB</WhcHigh>"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("XmitLossiness"), std::string::npos) << "no packet is dropped unless asked: " << xml;
}

TEST(CycloneConfig, TransmitLossIsCyclonesOwnTestSetting) {
  CycloneNetwork network;
  network.transmitLossPerMille = 200;
  const std::string xml = cycloneConfig(network);
  EXPECT_NE(xml.find("<Test><XmitLossiness>200</XmitLossiness></Test></Internal>"), std::string::npos) << xml;
}

TEST(CycloneConfig, NamedInterfacesAndPeersAreEscaped) {
  const std::string xml = cycloneConfig({{"veth0", "10.0.0.1"}, {"10.0.0.2", "a\"b"}});
  EXPECT_NE(xml.find("<NetworkInterface name=\"veth0\"/><NetworkInterface address=\"10.0.0.1\"/>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<Peer address=\"10.0.0.2\"/><Peer address=\"a&quot;b\"/>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<AllowMulticast>false</AllowMulticast>"), std::string::npos) << xml;
}

}  // namespace
}  // namespace bulkhead::distribution
