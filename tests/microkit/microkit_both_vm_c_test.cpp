// examples/both_vm_c: both_vm's producer and consumer written in C against
// HAMR Microkit's API, run in their QEMU guests by the real binary (the C
// partitions statically linked for the guests): the consumer prints the
// seed's line for 00..0B.
#include "tests/support/command_output.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using bulkhead::testing::runCommand;

TEST(MicrokitBothVmC, TheCConsumerInItsGuestReceives00To0B) {
  auto r = runCommand(std::string(BULKHEAD_BINARY) + " run " + BOTH_VM_MODEL + " --hamr-microkit " + BOTH_VM_C +
                      " --frames 13 --time-scale 0.2 --vm=qemu");
  ASSERT_EQ(r.status, 0) << r.text;
  const std::string received = "vmconsumer: Received 8 bits on read_port: [ ";
  std::vector<int> values;
  for (const std::string& line : r.lines()) {
    const auto at = line.find(received);
    if (at != std::string::npos) values.push_back(std::stoi(line.substr(at + received.size(), 2), nullptr, 16));
  }
  // 00..0B in order, nothing lost: a 13th frame, so that a last window a
  // loaded host (TCG guests) lets pass before the consumer runs cannot
  // lose 0B, which the consumer then reads at its next window.
  ASSERT_GE(values.size(), 12u) << r.text;
  for (int v = 0; v < static_cast<int>(values.size()); ++v) EXPECT_EQ(values[v], v) << r.text;
  EXPECT_NE(r.text.find("producer_producer: initialized"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("consumer_consumer: initialized"), std::string::npos) << r.text;
}

}  // namespace
