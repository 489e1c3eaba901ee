// `bulkhead run --trace` end to end: the real binary runs the examples with
// their partitions as processes and writes a Chrome trace; the test reads
// it back. It must show every partition's windows and dispatches, each
// value sent and received (joined by flows), the drops, and the same values
// as `bulkhead sim --trace` of the same model.
#include "tests/support/chrome_trace.hpp"
#include "tests/support/command_output.hpp"
#include "tests/support/held_up_frames.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>

namespace {

using bulkhead::testing::ChromeTrace;
using bulkhead::testing::readChromeTrace;
using bulkhead::testing::runCommand;
using bulkhead::testing::structureProblems;

class RunTrace : public ::testing::Test {
 protected:
  std::string file(const std::string& name) const { return (dir_.path() / name).string(); }
  static std::string example(const std::string& path) { return std::string(BULKHEAD_SOURCE_DIR) + "/examples/" + path; }

  bulkhead::testing::TempDir dir_;
};

std::string hex(int v) {
  const char* digits = "0123456789ABCDEF";
  return std::string{digits[v / 16], digits[v % 16]};
}

TEST_F(RunTrace, BothVmShowsWindowsDispatchesAndEveryValueFromSendToReceive) {
  const int frames = 6;
  auto r = runCommand(std::string(BULKHEAD_BINARY) + " run " + example("both_vm/both_vm.aadl") + " --frames " +
                      std::to_string(frames) + " --time-scale 0.05 --vm=process --trace " + file("run.json"));
  ASSERT_EQ(r.status, 0) << r.text;
  // A window per frame, a dispatch in each: a window the host starved
  // (reported) may lose its dispatch, and the run is not this test's to judge.
  BULKHEAD_SKIP_IF_HELD_UP(r.text);
  ChromeTrace trace = readChromeTrace(file("run.json"));
  const int producer = trace.pidOf("producer"), consumer = trace.pidOf("consumer");
  ASSERT_GT(producer, 0);
  ASSERT_GT(consumer, 0);
  EXPECT_EQ(trace.processNames[0], "supervisor (domain 0, pacer)");
  for (int pid : {producer, consumer}) {
    int windows = 0;
    for (const auto& e : trace.where("X", "schedule", pid)) windows += e.name == "window" ? 1 : 0;
    EXPECT_EQ(windows, frames) << pid;
    EXPECT_EQ(trace.where("X", "dispatch", pid).size(), static_cast<std::size_t>(frames)) << pid;
  }
  EXPECT_EQ(trace.where("i", "schedule", 0).size(), static_cast<std::size_t>(frames)) << "one pacer tick a frame";
  std::vector<std::string> expected;
  for (int v = 0; v < frames; ++v) expected.push_back(hex(v));
  EXPECT_EQ(trace.values(producer, "send write_port"), expected);
  EXPECT_EQ(trace.values(consumer, "receive read_port"), expected);
  // Each value's flow goes from the producer's send to the consumer's receive.
  auto starts = trace.where("s", "message", producer);
  auto ends = trace.where("f", "message", consumer);
  ASSERT_EQ(starts.size(), static_cast<std::size_t>(frames));
  ASSERT_EQ(ends.size(), static_cast<std::size_t>(frames));
  for (int i = 0; i < frames; ++i) {
    EXPECT_EQ(starts[static_cast<std::size_t>(i)].id, ends[static_cast<std::size_t>(i)].id);
    EXPECT_LT(starts[static_cast<std::size_t>(i)].ts, ends[static_cast<std::size_t>(i)].ts);
  }
  for (const std::string& problem : structureProblems(trace)) ADD_FAILURE() << problem;
}

// The run's trace and the simulation's trace of the same model tell the
// same story: the same values at every port, the same drops.
TEST_F(RunTrace, AgreesWithTheSimulationsTraceOnDataPortsAndOnSporadicDrops) {
  struct Case {
    std::string model;
    std::string timeScale;
    int frames;
  };
  for (const Case& c : {Case{"data_port/data_port.aadl", "0.05", 6}, Case{"sporadic_events/sporadic_events.aadl", "0.05", 6}}) {
    SCOPED_TRACE(c.model);
    auto r = runCommand(std::string(BULKHEAD_BINARY) + " run " + example(c.model) + " --frames " +
                        std::to_string(c.frames) + " --time-scale " + c.timeScale + " --vm=process --trace " +
                        file("run.json"));
    ASSERT_EQ(r.status, 0) << r.text;
    // Every dispatch's values, as sim has them: not where the host starved a window.
    BULKHEAD_SKIP_IF_HELD_UP(r.text);
    auto s = runCommand(std::string(BULKHEAD_BINARY) + " sim " + example(c.model) + " --frames " +
                        std::to_string(c.frames) + " --trace " + file("sim.json"));
    ASSERT_EQ(s.status, 0) << s.text;
    ChromeTrace run = readChromeTrace(file("run.json"));
    ChromeTrace sim = readChromeTrace(file("sim.json"));
    for (const std::string& problem : structureProblems(run)) ADD_FAILURE() << "run: " << problem;
    EXPECT_EQ(run.processNames, sim.processNames);
    std::size_t compared = 0;
    for (const auto& [pid, name] : sim.processNames) {
      if (pid == 0) continue;
      std::map<std::string, std::vector<std::string>> portsInSim, portsInRun;
      for (const auto& e : sim.where("i", "port", pid)) portsInSim[e.name];
      for (const auto& e : sim.where("i", "drop", pid)) portsInSim[e.name];
      for (auto& [event, values] : portsInSim) {
        values = sim.values(pid, event);
        portsInRun[event] = run.values(pid, event);
        ++compared;
      }
      EXPECT_EQ(portsInRun, portsInSim) << name;
      // Drops carry their counts: compare those too.
      auto counts = [](const ChromeTrace& t, int p) {
        std::vector<long> out;
        for (const auto& e : t.where("i", "drop", p)) out.push_back(e.args.value("dropped", 0L));
        return out;
      };
      EXPECT_EQ(counts(run, pid), counts(sim, pid)) << name;
    }
    EXPECT_GE(compared, 2u);
  }
  ChromeTrace sporadic = readChromeTrace(file("run.json"));
  EXPECT_FALSE(sporadic.where("i", "drop").empty()) << "sporadic_events drops every frame";
}

TEST_F(RunTrace, AFileThatCannotBeWrittenStopsTheRunBeforeItStarts) {
  const std::string target = file("no-such-directory/run.json");
  auto r = runCommand(std::string(BULKHEAD_BINARY) + " run " + example("both_vm/both_vm.aadl") +
                      " --frames 1 --vm=process --trace " + target);
  EXPECT_EQ(r.status, 2) << r.text;
  EXPECT_EQ(r.text, "bulkhead: --trace: cannot write " + target + ": No such file or directory\n");
}

}  // namespace
