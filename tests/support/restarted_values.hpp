#pragma once
// The receiver's values around a sender's restart (health policy Restart):
// frame by frame, the old life's values up to the crash, nothing until the
// new life takes over, then the new life's values from 00 again to the end.
// The frame it takes over is the crash frame + 1 unless the host held the
// supervisor up past that window; the schedule guarantees the rest.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace bulkhead::testing {

// `values[f - 1]` is the receiver's line in frame f; `line(f, v)` the line
// with value v in frame f, `nothing(f)` the line when nothing came. Returns
// the frame the new life's values start in (0 when there is none).
inline int expectValuesResumeAfterRestart(const std::vector<std::string>& values, int crashFrame,
                                          const std::function<std::string(int frame, int value)>& line,
                                          const std::function<std::string(int frame)>& nothing) {
  const int frames = static_cast<int>(values.size());
  auto at = [&](int f) { return values[static_cast<std::size_t>(f - 1)]; };
  for (int f = 1; f < crashFrame && f <= frames; ++f) EXPECT_EQ(at(f), line(f, f - 1));
  int resumed = crashFrame;  // the first frame with a value from the new life
  while (resumed <= frames && at(resumed) == nothing(resumed)) ++resumed;
  EXPECT_GT(resumed, crashFrame);
  if (resumed <= crashFrame || resumed > frames) {
    ADD_FAILURE() << "the new life's values never came";
    return 0;
  }
  for (int f = resumed; f <= frames; ++f) EXPECT_EQ(at(f), line(f, f - resumed));  // from 00 again
  return resumed;
}

}  // namespace bulkhead::testing
