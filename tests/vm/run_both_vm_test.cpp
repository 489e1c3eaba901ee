// The flagship end to end through the real binary: `bulkhead run` boots the
// producer and the consumer in two QEMU guests (TCG here) and the seed's
// lines come out, with consecutive values from the producer's first send;
// its --trace shows the guests' dispatches in their windows and the values.
#include "tests/support/chrome_trace.hpp"
#include "tests/support/command_output.hpp"
#include "tests/support/held_up_frames.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
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
  // A window the run reported the host starved may lose its dispatch (and
  // so its value), and only such a window (held_up_frames.hpp).
  const auto starved = bulkhead::testing::heldUpFrames(r.text);
  auto lostIn = [&](const std::string& partition) -> std::size_t {
    return starved.byPartition.contains(partition) ? starved.byPartition.at(partition).size() : 0;
  };
  if (starved.any()) std::cout << "[ starved  ]" << starved.describe() << "\n";
  ASSERT_GE(values.size() + lostIn("vmproducer") + lostIn("vmconsumer"), 5u) << r.text;
  // Consecutive values from the producer's first send; one is skipped only
  // where the consumer lost a window (its queue of 1 keeps the newest).
  int next = 0;
  std::size_t skipped = 0;
  for (int v : values) {
    EXPECT_GE(v, next) << r.text;
    skipped += static_cast<std::size_t>(std::max(0, v - next));
    next = v + 1;
  }
  EXPECT_LE(skipped, lostIn("vmconsumer")) << r.text;

  // The trace: events inside the guests, placed on the host's time line.
  auto chrome = bulkhead::testing::readChromeTrace(trace.string());
  std::filesystem::remove(trace);
  const int producer = chrome.pidOf("producer"), consumer = chrome.pidOf("consumer");
  for (const auto& [partition, pid] : {std::pair<std::string, int>{"vmproducer", producer}, {"vmconsumer", consumer}}) {
    const std::size_t dispatches = chrome.where("X", "dispatch", pid).size();
    EXPECT_LE(dispatches, 7u) << partition;
    EXPECT_GE(dispatches + lostIn(partition), 7u) << partition << "\n" << r.text;
  }
  std::vector<std::string> sent = chrome.values(producer, "send write_port");
  std::vector<std::string> receivedInTrace = chrome.values(consumer, "receive read_port");
  ASSERT_EQ(receivedInTrace.size(), values.size());
  auto hex = [](int v) {
    char text[3];
    std::snprintf(text, sizeof text, "%02X", v & 0xff);
    return std::string(text);
  };
  for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(receivedInTrace[i], hex(values[i]));
  ASSERT_GE(sent.size(), static_cast<std::size_t>(next));
  for (size_t i = 0; i < sent.size(); ++i) EXPECT_EQ(sent[i], hex(static_cast<int>(i)));
  for (const std::string& problem : bulkhead::testing::structureProblems(chrome)) ADD_FAILURE() << problem;
}

}  // namespace
