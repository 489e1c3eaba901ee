#include "distribution/cyclone_config.hpp"

#include <cctype>

namespace bulkhead::distribution {

namespace {

std::string xmlEscaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

bool looksLikeAddress(const std::string& text) {
  return !text.empty() && (std::isdigit(static_cast<unsigned char>(text.front())) || text.find(':') != std::string::npos);
}

}  // namespace

std::string cycloneConfig(const CycloneNetwork& network) {
  std::string xml = "<CycloneDDS><Domain Id=\"any\"><General><Interfaces>";
  for (const std::string& i : network.interfaces)
    xml += std::string("<NetworkInterface ") + (looksLikeAddress(i) ? "address" : "name") + "=\"" + xmlEscaped(i) + "\"/>";
  xml += "</Interfaces><AllowMulticast>false</AllowMulticast></General>";
  // Unicast discovery: each participant takes a free index (its ports), and
  // the peers are probed at the ports of indices 0..MaxAutoParticipantIndex.
  xml += "<Discovery><ParticipantIndex>auto</ParticipantIndex><MaxAutoParticipantIndex>31</MaxAutoParticipantIndex><Peers>";
  for (const std::string& p : network.peers) xml += "<Peer address=\"" + xmlEscaped(p) + "\"/>";
  // A node that died leaves its participant, and its reader matched with
  // every writer, until the participant's lease ends; meanwhile the writers
  // keep what that reader never acknowledged. Measured: a node restarted on
  // this machine takes the dead one's participant index (its ports), and the
  // survivors' writers then reached Cyclone's 30 KiB history limit and
  // blocked a second per write. So: a 2 s participant lease (Cyclone's is
  // 10 s) and room for that much unacknowledged history.
  xml += "</Peers><LeaseDuration>2 s</LeaseDuration></Discovery>";
  // A lost packet is asked for again within milliseconds, not Cyclone's
  // 100 ms (NackDelay, HeartbeatInterval): a value retransmitted that late
  // misses its window at short frames (measured with --dds-loss 200 and
  // 50 ms frames: the epoch came after frame 0 and a node joined at frame
  // 10; most values were late).
  xml += "<Internal><HeartbeatInterval min=\"1 ms\" minsched=\"2 ms\">10 ms</HeartbeatInterval><NackDelay>1 ms</NackDelay>";
  xml += "<Watermarks><WhcAdaptive>false</WhcAdaptive><WhcHighInit>2 MiB</WhcHighInit><WhcHigh>2 MiB</WhcHigh>"
         "</Watermarks>";
  if (network.transmitLossPerMille > 0)
    xml += "<Test><XmitLossiness>" + std::to_string(network.transmitLossPerMille) + "</XmitLossiness></Test>";
  xml += "</Internal></Domain></CycloneDDS>";
  return xml;
}

}  // namespace bulkhead::distribution
