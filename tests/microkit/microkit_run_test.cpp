// HAMR Microkit C user code through the bulkhead binary (design section
// 7a): `run --hamr-microkit DIR` compiles only the model's C threads' user
// files against the generated headers, links them with the C runtime, and
// runs them; the API's semantics as the user code sees them; compiler
// errors with the user's file and line; a crash as a health event.
#include "tests/support/command_output.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace bulkhead {
namespace {

namespace fs = std::filesystem;
using testing::runCommand;

const std::string kBinary = BULKHEAD_BINARY;
const fs::path kFixtures = MICROKIT_FIXTURES;

// The lines of `text` that start with `prefix`, in order.
std::vector<std::string> linesOf(const testing::CommandOutput& output, const std::string& prefix) {
  std::vector<std::string> out;
  for (const std::string& line : output.lines()) {
    // Partition output is forwarded with the partition's prefix: take what follows it.
    const auto at = line.find(prefix);
    if (at != std::string::npos) out.push_back(line.substr(at));
  }
  return out;
}

testing::CommandOutput runApiSemantics(const fs::path& hamrDir, int frames) {
  return runCommand(kBinary + " run " + (kFixtures / "api_semantics" / "api_semantics.aadl").string() +
                    " --hamr-microkit " + hamrDir.string() + " --frames " + std::to_string(frames) +
                    " 2>&1");  // full-length frames: windows of 50 ms, robust on a loaded machine
}

TEST(MicrokitRun, TheCApiAsUserCodeSeesIt) {
  auto output = runApiSemantics(kFixtures / "api_semantics" / "hamr", 4);
  ASSERT_EQ(output.status, 0) << output.text;
  EXPECT_EQ(linesOf(output, "sender_p_sender: "),
            (std::vector<std::string>{"sender_p_sender: initialized",
                                      "sender_p_sender: frame 0: 1 values, 0 alarms, a level",
                                      "sender_p_sender: frame 1: 2 values, 1 alarms",
                                      "sender_p_sender: frame 2: 3 values, 2 alarms, a level",
                                      "sender_p_sender: frame 3: 4 values, 3 alarms"}))
      << output.text;
  // Queue_Size 3 drops the oldest and says so; the data port is fresh only
  // when written since the last get; the event port counts up to 2.
  EXPECT_EQ(linesOf(output, "receiver_p_receiver: "),
            (std::vector<std::string>{"receiver_p_receiver: initialized, empty=1",
                                      "receiver_p_receiver: value 0 (dropped 0)",
                                      "receiver_p_receiver: level 100 fresh",
                                      "receiver_p_receiver: 0 alarms, 1 values so far",
                                      "receiver_p_receiver: value 10 (dropped 0)",
                                      "receiver_p_receiver: value 11 (dropped 0)",
                                      "receiver_p_receiver: level 100 stale",
                                      "receiver_p_receiver: 1 alarms, 3 values so far",
                                      "receiver_p_receiver: value 20 (dropped 0)",
                                      "receiver_p_receiver: value 21 (dropped 0)",
                                      "receiver_p_receiver: value 22 (dropped 0)",
                                      "receiver_p_receiver: level 102 fresh",
                                      "receiver_p_receiver: 2 alarms, 6 values so far",
                                      "receiver_p_receiver: value 31 (dropped 1)",
                                      "receiver_p_receiver: value 32 (dropped 0)",
                                      "receiver_p_receiver: value 33 (dropped 0)",
                                      "receiver_p_receiver: level 102 stale",
                                      "receiver_p_receiver: 2 alarms, 9 values so far"}))
      << output.text;
  // The sporadic thread of the same process: its own `counter`, `value` and
  // `send`, a queue of 2.
  EXPECT_EQ(linesOf(output, "receiver_p_handler: "),
            (std::vector<std::string>{"receiver_p_handler: initialized", "receiver_p_handler: handled 0 (1 so far)",
                                      "receiver_p_handler: handled 10 (2 so far)",
                                      "receiver_p_handler: handled 11 (3 so far)",
                                      "receiver_p_handler: handled 21 (4 so far)",
                                      "receiver_p_handler: handled 22 (5 so far)",
                                      "receiver_p_handler: handled 32 (6 so far)",
                                      "receiver_p_handler: handled 33 (7 so far)"}))
      << output.text;
  // The stale monitor file (it holds an #error) was not compiled, and is named.
  EXPECT_NE(output.text.find("components/monitor_process_monitor_thread/src/monitor_process_monitor_thread_user.c is "
                             "not the code of a C thread"),
            std::string::npos)
      << output.text;
}

// sim builds the same C code into a simulation module: the same lines per
// component as run, deterministically.
TEST(MicrokitSim, TheSameLinesAsRun) {
  const fs::path model = kFixtures / "api_semantics" / "api_semantics.aadl";
  const fs::path hamr = kFixtures / "api_semantics" / "hamr";
  auto sim = runCommand(kBinary + " sim " + model.string() + " --hamr-microkit " + hamr.string() + " --frames 4");
  ASSERT_EQ(sim.status, 0) << sim.text;
  auto run = runApiSemantics(hamr, 4);
  ASSERT_EQ(run.status, 0) << run.text;
  for (const char* component : {"sender_p_sender: ", "receiver_p_receiver: ", "receiver_p_handler: "})
    EXPECT_EQ(linesOf(sim, component), linesOf(run, component)) << sim.text << run.text;
  EXPECT_EQ(linesOf(sim, "receiver_p_handler: ").size(), 8u) << sim.text;
}

// A copy of the fixture's user code with one file replaced.
fs::path copyWith(const std::string& name, const std::string& pd, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / ("bulkhead-microkit-test-" + name);
  fs::remove_all(dir);
  fs::copy(kFixtures / "api_semantics" / "hamr", dir, fs::copy_options::recursive);
  std::ofstream(dir / "components" / pd / "src" / (pd + "_user.c")) << text;
  return dir;
}

TEST(MicrokitRun, ACompileErrorShowsTheUsersFileAndLineAndExits1) {
  const fs::path dir = copyWith("compile-error", "receiver_p_handler",
                                "#include \"receiver_p_handler.h\"\n"
                                "void receiver_p_handler_initialize(void) {}\n"
                                "void handle_values(void) { int8_t v; get_values(&v, 3); }\n"
                                "void receiver_p_handler_notify(microkit_channel c) { (void) c; }\n");
  auto output = runApiSemantics(dir, 1);
  EXPECT_EQ(output.status, 1) << output.text;
  EXPECT_NE(output.text.find("receiver_p_handler_user.c:3:"), std::string::npos) << output.text;
  EXPECT_NE(output.text.find("too many arguments to function"), std::string::npos) << output.text;
  fs::remove_all(dir);
}

TEST(MicrokitRun, ACrashingCPartitionIsAHealthEvent) {
  const fs::path dir = copyWith("crash", "sender_p_sender",
                                "#include \"sender_p_sender.h\"\n"
                                "void sender_p_sender_initialize(void) {}\n"
                                "void sender_p_sender_timeTriggered(void) { volatile int *p = 0; *p = 1; }\n"
                                "void sender_p_sender_notify(microkit_channel c) { (void) c; }\n");
  auto output = runApiSemantics(dir, 2);
  EXPECT_EQ(output.status, 1) << output.text;
  EXPECT_NE(output.text.find("bulkhead: health: partition sender_p crashed: signal 11 (SIGSEGV)"), std::string::npos)
      << output.text;
  // The other partition keeps its schedule: it is dispatched after the crash.
  const std::string text = output.text;
  EXPECT_NE(text.find("receiver_p_receiver: level", text.find("crashed")), std::string::npos) << text;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace bulkhead
