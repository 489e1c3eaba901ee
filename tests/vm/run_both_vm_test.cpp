// The flagship end to end through the real binary: `bulkhead run` boots the
// producer and the consumer in two QEMU guests (TCG here) and the seed's
// lines come out, with consecutive values from the producer's first send.
#include "tests/support/command_output.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace {

using bulkhead::testing::runCommand;

bool has(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

TEST(RunBothVm, TwoGuestsPrintTheSeedLinesAndConsecutiveValues) {
  auto r = runCommand(std::string(BULKHEAD_BINARY) + " run " + BOTH_VM_MODEL + " --frames 7 --vm=qemu");
  ASSERT_EQ(r.status, 0) << r.text;
  auto lines = r.lines();
  for (const char* seed : {"vmproducer: VM App vmproducer started",
                           "vmproducer: Setting up outgoing event data port /dev/uio0 4096",
                           "vmproducer: Successfully setup /dev/uio0",
                           "vmproducer: Setting up incoming event data port /dev/uio1 with size 4096",
                           "vmproducer: Successfully setup incoming event data port /dev/uio1",
                           "vmproducer: Hello from vmproducer's run method",
                           "vmconsumer: VM App vmconsumer started",
                           "vmconsumer: Setting up incoming data port /dev/uio0 with size 4096",
                           "vmconsumer: Successfully setup incoming data port /dev/uio0",
                           "vmconsumer: Setting up incoming event data port /dev/uio1 with size 4096",
                           "vmconsumer: Successfully setup incoming event data port /dev/uio1",
                           "vmconsumer: Hello from vmconsumer's run method"})
    EXPECT_TRUE(has(lines, seed)) << seed << "\n" << r.text;
  const std::string received = "vmconsumer: Received 8 bits on read_port: [ ";
  std::vector<int> values;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].starts_with(received)) continue;
    values.push_back(std::stoi(lines[i].substr(received.size(), 2), nullptr, 16));
    ASSERT_LT(i + 1, lines.size());
    EXPECT_EQ(lines[i + 1], "") << "each value is followed by an empty line";
  }
  ASSERT_GE(values.size(), 5u) << r.text;
  for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(values[i], static_cast<int>(i)) << r.text;
}

}  // namespace
