// The direct VM-to-VM notification path under attack, through the real
// binary: tests/vm/doorbell_flood/, three QEMU guests. A channel between two
// guests is notified without the supervisor (the sender's QEMU writes the
// receiver's eventfd), so nothing but the schedule stands between a hostile
// guest ringing its doorbell without pause and the guest it is connected to.
// The flooder's QEMU is stopped outside its window: whatever it rings is at
// most one pending notification when the consumer's window opens, and the
// consumer takes every value of the producer in the frame it was sent
// (outside the windows the run reports the host starved).
#include "tests/support/command_output.hpp"
#include "tests/support/held_up_frames.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
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
  // A window the run reported the host starved (a guest kept off the CPU by
  // other work) may lose the producer's send or the consumer's dispatch;
  // the lines carry no frame, so then what such a run guarantees: numbered
  // dispatches, one in every frame but those the consumer was starved in,
  // the producer's values in order, none twice, "nothing" only after a
  // window of the producer's was starved.
  const auto starved = bulkhead::testing::heldUpFrames(r.text);
  if (!starved.any()) {
    EXPECT_EQ(consumer, expected) << r.text;
  } else {
    std::cout << "[ starved  ]" << starved.describe() << "\n";
    const std::size_t consumerStarved =
        starved.byPartition.contains("vmconsumer") ? starved.byPartition.at("vmconsumer").size() : 0;
    EXPECT_LE(consumer.size(), static_cast<std::size_t>(frames)) << r.text;
    EXPECT_GE(consumer.size() + consumerStarved, static_cast<std::size_t>(frames)) << r.text;
    int previous = -1;
    for (std::size_t k = 0; k < consumer.size(); ++k) {
      const std::string numbered = "consumer: dispatch " + std::to_string(k + 1) + " received ";
      ASSERT_TRUE(consumer[k].starts_with(numbered)) << consumer[k] << "\n" << r.text;
      const std::string value = consumer[k].substr(numbered.size());
      if (value == "nothing") {
        EXPECT_TRUE(starved.byPartition.contains("vmproducer")) << consumer[k] << "\n" << r.text;
        continue;
      }
      const int v = std::stoi(value, nullptr, 16);
      EXPECT_GT(v, previous) << consumer[k] << "\n" << r.text;
      EXPECT_LT(v, frames) << consumer[k] << "\n" << r.text;
      previous = v;
    }
  }

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
