// The flagship end to end through the real binary: `bulkhead run` boots the
// producer and the consumer in two QEMU guests (TCG here) and the seed's
// lines come out, with consecutive values from the producer's first send;
// its --trace shows the guests' dispatches in their windows and the values.
#include "tests/support/chrome_trace.hpp"
#include "tests/support/command_output.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>

namespace {

using bulkhead::testing::runCommand;

bool has(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

TEST(RunBothVm, TwoGuestsPrintTheSeedLinesAndConsecutiveValues) {
  const auto trace = std::filesystem::temp_directory_path() / ("bulkhead-both-vm-" + std::to_string(::getpid()) + ".json");
  auto r = runCommand(std::string(BULKHEAD_BINARY) + " run " + BOTH_VM_MODEL + " --frames 7 --vm=qemu --trace " +
                      trace.string());
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

  // The trace: events inside the guests, placed on the host's time line.
  auto chrome = bulkhead::testing::readChromeTrace(trace.string());
  std::filesystem::remove(trace);
  const int producer = chrome.pidOf("producer"), consumer = chrome.pidOf("consumer");
  EXPECT_EQ(chrome.where("X", "dispatch", producer).size(), 7u);
  EXPECT_EQ(chrome.where("X", "dispatch", consumer).size(), 7u);
  std::vector<std::string> sent = chrome.values(producer, "send write_port");
  std::vector<std::string> receivedInTrace = chrome.values(consumer, "receive read_port");
  ASSERT_EQ(receivedInTrace.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    char expected[3];
    std::snprintf(expected, sizeof expected, "%02X", values[i]);
    EXPECT_EQ(receivedInTrace[i], expected);
    EXPECT_EQ(sent[i], expected);
  }
  for (const std::string& problem : bulkhead::testing::structureProblems(chrome)) ADD_FAILURE() << problem;
}

}  // namespace
