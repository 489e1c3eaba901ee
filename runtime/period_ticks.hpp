#pragma once
// Which pacer ticks dispatch a periodic thread (design section 5). The
// pacer ticks a partition `ticksPerFrame` times a frame (once per window it
// paces, Plan's Partition::ticksPerFrame); a thread of Period = k x
// Frame_Period runs at every tick of every k-th frame, counting from the
// first tick: ticks 1..w, then 1+kw..w+kw, ... Counting ticks, not reading
// their values, keeps periods aligned when ticks are missed (dropped ones
// count).
#include <algorithm>
#include <cstdint>

namespace bulkhead::runtime {

// How many of the first `ticks` ticks dispatch the thread.
inline std::uint64_t periodicDispatchesUpTo(std::uint64_t ticks, std::uint32_t periodFrames, std::uint32_t ticksPerFrame) {
  const std::uint64_t w = std::max<std::uint32_t>(ticksPerFrame, 1);
  const std::uint64_t cycle = w * std::max<std::uint32_t>(periodFrames, 1);
  return ticks / cycle * w + std::min(ticks % cycle, w);
}

}  // namespace bulkhead::runtime
