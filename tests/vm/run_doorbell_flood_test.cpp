// The direct VM-to-VM notification path under attack, through the real
// binary: tests/vm/doorbell_flood/, three QEMU guests. A channel between two
// guests is notified without the supervisor (the sender's QEMU writes the
// receiver's eventfd), so nothing but the schedule stands between a hostile
// guest ringing its doorbell without pause and the guest it is connected to.
// The flooder's QEMU is stopped outside its window: whatever it rings is at
// most one pending notification when the consumer's window opens, and the
// consumer takes every value of the producer in the frame it was sent.
#include "tests/support/command_output.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using bulkhead::testing::runCommand;

TEST(RunDoorbellFlood, AGuestRingingItsDoorbellWithoutPauseTakesNothingFromTheOthers) {
  constexpr int frames = 6;
  auto r = runCommand(std::string(BULKHEAD_BINARY) + " run " + DOORBELL_FLOOD_MODEL + " --frames " +
                      std::to_string(frames) + " --vm=qemu");
  const std::vector<std::string> lines = r.lines();

  // The consumer: one dispatch per frame, and in frame k the value the
  // producer sent in frame k (the producer's domain comes first).
  std::vector<std::string> consumer;
  unsigned long long rung = 0;
  for (const std::string& line : lines) {
    if (auto at = line.find("consumer: dispatch "); at != std::string::npos) consumer.push_back(line.substr(at));
    if (auto at = line.find("flooder: rang "); at != std::string::npos)
      rung = std::max(rung, std::stoull(line.substr(at + 14)));
  }
  std::vector<std::string> expected;
  for (int k = 1; k <= frames; ++k) {
    char line[64];
    std::snprintf(line, sizeof line, "consumer: dispatch %d received %02X", k, k - 1);
    expected.push_back(line);
  }
  EXPECT_EQ(consumer, expected) << r.text;

  // The attack took place: the flooder rang at least 2^16 doorbells.
  EXPECT_GE(rung, 65536u) << r.text;
  // The flooder, which never returns, is the one named (a VM partition's
  // name is "vm" and its process's); no one else is.
  bool flooderNamed = false;
  for (const std::string& line : lines) {
    if (!line.starts_with("bulkhead: health: ")) continue;
    if (line.find("partition vmflooder ") != std::string::npos) flooderNamed = true;
    EXPECT_EQ(line.find("partition vmproducer "), std::string::npos) << line;
    EXPECT_EQ(line.find("partition vmconsumer "), std::string::npos) << line;
  }
  EXPECT_TRUE(flooderNamed) << r.text;
}

}  // namespace
