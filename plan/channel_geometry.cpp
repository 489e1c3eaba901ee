#include "plan/channel_geometry.hpp"

namespace bulkhead::plan {

channel::Geometry geometryOf(const Channel& c) {
  channel::Kind kind = c.category == PortCategory::Event  ? channel::Kind::Event
                       : c.category == PortCategory::Data ? channel::Kind::Data
                                                          : channel::Kind::EventData;
  return channel::Geometry{kind, c.queueSize, c.maxBits};
}

std::expected<channel::Layout, channel::Error> layoutOf(const Channel& c) { return channel::layoutFor(geometryOf(c)); }

}  // namespace bulkhead::plan
