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
                      " --frames 12 --time-scale 0.2 --vm=qemu");
  ASSERT_EQ(r.status, 0) << r.text;
  const std::string received = "vmconsumer: Received 8 bits on read_port: [ ";
  std::vector<int> values;
  for (const std::string& line : r.lines()) {
    const auto at = line.find(received);
    if (at != std::string::npos) values.push_back(std::stoi(line.substr(at + received.size(), 2), nullptr, 16));
  }
  std::vector<int> expected;
  for (int v = 0; v < 12; ++v) expected.push_back(v);
  EXPECT_EQ(values, expected) << r.text;
  EXPECT_NE(r.text.find("producer_producer: initialized"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("consumer_consumer: initialized"), std::string::npos) << r.text;
}

}  // namespace
