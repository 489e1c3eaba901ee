#include "plan/channel_geometry.hpp"

namespace bulkhead::plan {

channel::Geometry geometryOf(const Channel& c) {
  channel::Kind kind = c.category == PortCategory::Event  ? channel::Kind::Event
                       : c.category == PortCategory::Data ? channel::Kind::Data
                                                          : channel::Kind::EventData;
  return channel::Geometry{kind, c.queueSize, c.maxBits};
}

std::expected<void, channel::Error> layOut(Channel& c) {
  c.layout = {};
  auto layout = channel::layoutFor(geometryOf(c));
  if (!layout) return std::unexpected(layout.error());
  c.layout = *layout;
  return {};
}

std::expected<void, std::string> layOutChannels(Plan& plan) {
  for (Channel& c : plan.channels)
    if (auto laid = layOut(c); !laid) return std::unexpected("channel " + c.name + ": " + laid.error().message);
  return {};
}

}  // namespace bulkhead::plan
