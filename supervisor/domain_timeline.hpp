#pragma once
// The domain schedule in wall-clock terms: each slot's offset and length in
// the frame after --time-scale, and which partitions each domain releases.
#include "plan/plan.hpp"

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

struct TimedSlot {
  int domain = 0;
  std::int64_t start = 0;   // ns from the frame start, scaled
  std::int64_t length = 0;  // ns, scaled
  std::vector<int> partitions;  // Plan::partitions indices released in this slot
  bool pacer = false;           // the pacer ticks at this slot's start
};

struct DomainTimeline {
  std::int64_t frame = 0;  // ns, scaled
  std::vector<TimedSlot> slots;
};

// Rejects an empty schedule, a slot of no length, a scale that is not
// positive, and a partition whose domain has no window (it could never run).
std::expected<DomainTimeline, std::string> makeTimeline(const plan::Plan& plan, double timeScale);

}  // namespace bulkhead::supervisor
