#pragma once
// A Plan channel's shared-memory geometry in the terms of channel/layout.hpp,
// so that the plan's tables, its size checks and the supervisor that
// formats the regions all use one layout.
#include "channel/layout.hpp"
#include "plan/plan.hpp"

#include <expected>

namespace bulkhead::plan {

channel::Geometry geometryOf(const Channel& channel);

// The region's layout (slot size, region size), or the layout's error.
std::expected<channel::Layout, channel::Error> layoutOf(const Channel& channel);

}  // namespace bulkhead::plan
