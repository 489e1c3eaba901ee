#pragma once
// A Plan channel's shared-memory geometry in the terms of channel/layout.hpp.
// plan/ lays every channel out once (Channel::layout); the plan's tables,
// the supervisor and the simulator read that layout.
#include "channel/layout.hpp"
#include "plan/plan.hpp"

#include <expected>
#include <string>

namespace bulkhead::plan {

channel::Geometry geometryOf(const Channel& channel);

// Sets channel.layout from its category, queue size and payload size, or
// returns the layout's error (a payload too large for any slot) and leaves
// it empty (region size 0).
std::expected<void, channel::Error> layOut(Channel& channel);

// Lays out every channel of a Plan built by other means than buildPlan (read
// back from JSON, or put together by hand); the first channel the layout
// rejects is the error.
std::expected<void, std::string> layOutChannels(Plan& plan);

}  // namespace bulkhead::plan
