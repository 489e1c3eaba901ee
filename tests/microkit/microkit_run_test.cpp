// HAMR Microkit C user code through the bulkhead binary (design section
// 7a): `run --hamr-microkit DIR` compiles only the model's C threads' user
// files against the generated headers, links them with the C runtime, and
// runs them; the API's semantics as the user code sees them; compiler
// errors with the user's file and line; a crash as a health event.
#include "tests/support/command_output.hpp"
#include "tests/support/held_up_frames.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace bulkhead {
namespace {

namespace fs = std::filesystem;
using testing::runCommand;

const std::string kBinary = BULKHEAD_BINARY;
const fs::path kFixtures = MICROKIT_FIXTURES;

// A directory of the test's own that the partitions (run as nobody) can
// read, as the system's temporary directory was.
void openToAll(const testing::TempDir& tmp) {
  fs::permissions(tmp.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
}

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

// The lines api_semantics's C code prints in 4 frames, per component.
// (A window the host starved, reported by the run, loses that dispatch and
// shifts what follows; these lines carry no frame to leave it out by.)
void expectApiSemanticsLines(const testing::CommandOutput& output) {
  BULKHEAD_SKIP_IF_HELD_UP(output.text);
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
}

TEST(MicrokitRun, TheCApiAsUserCodeSeesIt) {
  auto output = runApiSemantics(kFixtures / "api_semantics" / "hamr", 4);
  ASSERT_EQ(output.status, 0) << output.text;
  expectApiSemanticsLines(output);
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
  BULKHEAD_SKIP_IF_HELD_UP(run.text);
  for (const char* component : {"sender_p_sender: ", "receiver_p_receiver: ", "receiver_p_handler: "})
    EXPECT_EQ(linesOf(sim, component), linesOf(run, component)) << sim.text << run.text;
  EXPECT_EQ(linesOf(sim, "receiver_p_handler: ").size(), 8u) << sim.text;
}

// bulkhead_add_partitions(... C_USER_DIR ...) built the same C code into
// programs and a simulation module (tests/microkit/CMakeLists.txt): `run`
// and `sim` find them through the build's manifest, without --hamr-microkit,
// and print the same lines.
TEST(MicrokitCMake, CPartitionsBuiltByTheCMakeFunctionRunAndSimulate) {
  const std::string model = (kFixtures / "api_semantics" / "api_semantics.aadl").string();
  for (const char* verb : {"run", "sim"}) {
    SCOPED_TRACE(verb);
    auto output = runCommand(kBinary + " " + verb + " " + model + " --frames 4 2>&1");
    ASSERT_EQ(output.status, 0) << output.text;
    expectApiSemanticsLines(output);
  }
}

// The build's check: every partition in PARTITIONS has C user code.
TEST(MicrokitCMake, APartitionWithoutCUserCodeFailsTheBuildNamingIt) {
  const testing::TempDir tmp;  // its own: runs of this test at once (two builds) must not share it
  const fs::path& dir = tmp.path();
  openToAll(tmp);
  fs::copy(kFixtures / "api_semantics" / "hamr", dir / "hamr", fs::copy_options::recursive);
  fs::remove_all(dir / "hamr" / "components" / "sender_p_sender");
  auto output = runCommand(kBinary + " gen --lang c " + (kFixtures / "api_semantics" / "api_semantics.aadl").string() +
                           " -o " + (dir / "gen").string() + " --behaviour-dir " + (dir / "hamr").string() +
                           " --require-behaviour --partitions sender_p,receiver_p --programs " +
                           (dir / "partitions").string() + " 2>&1");
  EXPECT_EQ(output.status, 1) << output.text;
  EXPECT_NE(output.text.find("error: partition sender_p has no C user code in " + (dir / "hamr").string() +
                             " (components/<process>_<thread>/src/<process>_<thread>_user.c for each of its threads)"),
            std::string::npos)
      << output.text;
  // The other partition was built.
  EXPECT_TRUE(fs::exists(dir / "partitions" / "receiver_p")) << output.text;
}

// A copy of the fixture's user code in `tmp` (a directory of the test's
// own: runs at once, as two builds' ctest, must not share it) with one
// file replaced.
fs::path copyWith(const testing::TempDir& tmp, const std::string& pd, const std::string& text) {
  const fs::path dir = tmp.path() / "hamr";
  openToAll(tmp);
  fs::copy(kFixtures / "api_semantics" / "hamr", dir, fs::copy_options::recursive);
  std::ofstream(dir / "components" / pd / "src" / (pd + "_user.c")) << text;
  return dir;
}

// A copy of the fixture's user code in `tmp` whose microkit.schedule.xml
// (HAMR writes it beside the components) is `schedule`, or absent when empty.
fs::path copyWithSchedule(const testing::TempDir& tmp, const std::string& schedule) {
  const fs::path dir = tmp.path() / "hamr";
  openToAll(tmp);
  fs::copy(kFixtures / "api_semantics" / "hamr", dir, fs::copy_options::recursive);
  if (schedule.empty())
    fs::remove(dir / "microkit.schedule.xml");
  else
    std::ofstream(dir / "microkit.schedule.xml") << schedule;
  return dir;
}

// Self-paced, the sender's domain twice a frame (windows of 100 ms or more).
// How many windows of `partition` the run reported the host held up,
// starved or late (a dispatch in such a window may be missing or late; sim
// reports none).
std::size_t heldUpWindows(const testing::CommandOutput& output, const std::string& partition) {
  return linesOf(output, "bulkhead: starved: partition " + partition + " ").size() +
         linesOf(output, "bulkhead: late: partition " + partition + " ").size();
}

const char* const kSenderTwice =
    "<domain_schedule>\n"
    "  <domain name=\"domain_2\" length=\"100\"/>\n"
    "  <domain name=\"domain_3\" length=\"200\"/>\n"
    "  <domain name=\"domain_2\" length=\"100\"/>\n"
    "  <domain name=\"domain_3\" length=\"200\"/>\n"
    "  <domain name=\"domain_0\" length=\"400\"/>\n"
    "</domain_schedule>\n";

std::string apiSemanticsCommand(const std::string& verb, const fs::path& hamrDir, int frames) {
  return kBinary + " " + verb + " " + (kFixtures / "api_semantics" / "api_semantics.aadl").string() +
         " --hamr-microkit " + hamrDir.string() + " --frames " + std::to_string(frames);
}

// DIR/microkit.schedule.xml is the schedule when the model names none (the
// model's Frame_Period, the folder's slots): the sender runs at each of its
// two windows, four dispatches in two frames, in run and in sim alike.
TEST(MicrokitRun, TheFoldersMicrokitScheduleIsTheSchedule) {
  const testing::TempDir tmp;
  const fs::path dir = copyWithSchedule(tmp, kSenderTwice);
  for (const char* verb : {"run", "sim"}) {
    SCOPED_TRACE(verb);
    auto output = runCommand(apiSemanticsCommand(verb, dir, 2) + " 2>&1");
    ASSERT_EQ(output.status, 0) << output.text;
    const std::size_t senderHeldUp = heldUpWindows(output, "sender_p");
    const std::size_t receiverHeldUp = heldUpWindows(output, "receiver_p");
    if (senderHeldUp == 0) {
      EXPECT_EQ(linesOf(output, "sender_p_sender: frame"),
                (std::vector<std::string>{"sender_p_sender: frame 0: 1 values, 0 alarms, a level",
                                          "sender_p_sender: frame 1: 2 values, 1 alarms",
                                          "sender_p_sender: frame 2: 3 values, 2 alarms, a level",
                                          "sender_p_sender: frame 3: 4 values, 3 alarms"}))
          << output.text;
    } else {
      EXPECT_GE(linesOf(output, "sender_p_sender: frame").size(), 4u - std::min<std::size_t>(senderHeldUp, 4))
          << output.text;
    }
    EXPECT_LE(linesOf(output, "sender_p_sender: frame").size(), 4u) << output.text;
    // The receiver, self-paced too, runs at each of its two windows (less
    // the windows the host held up, which the run reports).
    EXPECT_GE(linesOf(output, " values so far").size(), 4u - std::min<std::size_t>(receiverHeldUp, 4))
        << output.text;
    EXPECT_LE(linesOf(output, " values so far").size(), 4u) << output.text;
  }
}

// A model whose Schedule_Source_Text names a file that is not there (as
// HAMR's micro-examples name domain_schedule.c, which their Microkit output
// does without): the folder's file is the schedule, and a warning says so.
TEST(MicrokitRun, AMissingScheduleSourceTextFileGivesWayToTheFoldersFile) {
  const testing::TempDir tmp;
  const fs::path dir = copyWithSchedule(tmp, kSenderTwice);
  std::ifstream in(kFixtures / "api_semantics" / "api_semantics.aadl");
  std::string model((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string clock = "      Clock_Period => 1 ms;\n";
  ASSERT_NE(model.find(clock), std::string::npos);
  model.insert(model.find(clock) + clock.size(), "      CASE_Scheduling::Schedule_Source_Text => \"domain_schedule.c\";\n");
  std::ofstream(dir / "api_semantics.aadl") << model;
  auto output = runCommand(kBinary + " sim " + (dir / "api_semantics.aadl").string() + " --hamr-microkit " +
                           dir.string() + " --frames 2 2>&1");
  ASSERT_EQ(output.status, 0) << output.text;
  EXPECT_NE(output.text.find("warning: the domain schedule file 'domain_schedule.c' does not exist next to the model; "
                             "the schedule is --hamr-microkit's '" +
                             (dir / "microkit.schedule.xml").string() + "'"),
            std::string::npos)
      << output.text;
  EXPECT_EQ(linesOf(output, "sender_p_sender: frame").size(), 4u) << output.text;
  // Without the folder's file, the model's missing file is the error it was.
  fs::remove(dir / "microkit.schedule.xml");
  output = runCommand(kBinary + " sim " + (dir / "api_semantics.aadl").string() + " --hamr-microkit " + dir.string() +
                      " --frames 2 2>&1");
  EXPECT_EQ(output.status, 1) << output.text;
  EXPECT_NE(output.text.find("error: cannot read the domain schedule file '" + (dir / "domain_schedule.c").string() + "'"),
            std::string::npos)
      << output.text;
}

// --schedule wins over the folder's file: the sender once a frame.
TEST(MicrokitRun, ScheduleOptionWinsOverTheFoldersFile) {
  const testing::TempDir tmp;
  const fs::path dir = copyWithSchedule(tmp, kSenderTwice);
  const fs::path once = dir / "once.xml";
  std::ofstream(once) << "<domain_schedule>\n"
                         "  <domain name=\"domain_2\" length=\"100\"/>\n"
                         "  <domain name=\"domain_3\" length=\"200\"/>\n"
                         "  <domain name=\"domain_0\" length=\"700\"/>\n"
                         "</domain_schedule>\n";
  for (const char* verb : {"run", "sim"}) {
    SCOPED_TRACE(verb);
    auto output = runCommand(apiSemanticsCommand(verb, dir, 2) + " --schedule " + once.string() + " 2>&1");
    ASSERT_EQ(output.status, 0) << output.text;
    if (heldUpWindows(output, "sender_p") == 0) {
      EXPECT_EQ(linesOf(output, "sender_p_sender: frame"),
                (std::vector<std::string>{"sender_p_sender: frame 0: 1 values, 0 alarms, a level",
                                          "sender_p_sender: frame 1: 2 values, 1 alarms"}))
          << output.text;
    }
    EXPECT_LE(linesOf(output, "sender_p_sender: frame").size(), 2u) << output.text;
  }
}

// A problem in the folder's file is located in that file.
TEST(MicrokitRun, AProblemInTheFoldersScheduleIsLocatedInIt) {
  const testing::TempDir tmp;
  const fs::path dir = copyWithSchedule(tmp,
                                        "<domain_schedule>\n"
                                        "  <domain name=\"pacer\" length=\"1000\"/>\n"
                                        "</domain_schedule>\n");
  for (const char* verb : {"run", "sim"}) {
    SCOPED_TRACE(verb);
    auto output = runCommand(apiSemanticsCommand(verb, dir, 1) + " 2>&1");
    EXPECT_EQ(output.status, 1) << output.text;
    EXPECT_NE(output.text.find((dir / "microkit.schedule.xml").string() +
                               ":2:17: error: domain name 'pacer' is not of the form domain_N"),
              std::string::npos)
        << output.text;
  }
}

// Without the folder's file and without a schedule in the model, bulkhead
// does not make one up: the generated default would not be what seL4 runs.
TEST(MicrokitRun, AFolderWithoutMicrokitScheduleAndAModelWithoutScheduleIsAnError) {
  const testing::TempDir tmp;
  const fs::path dir = copyWithSchedule(tmp, "");
  for (const char* verb : {"run", "sim"}) {
    SCOPED_TRACE(verb);
    auto output = runCommand(apiSemanticsCommand(verb, dir, 1) + " 2>&1");
    EXPECT_EQ(output.status, 1) << output.text;
    EXPECT_NE(output.text.find("--hamr-microkit: error: no domain schedule: '" + (dir / "microkit.schedule.xml").string() +
                               "' does not exist and the model names none (CASE_Scheduling::Schedule_Source_Text or "
                               "ARINC653::Module_Schedule); name one with --schedule FILE"),
              std::string::npos)
        << output.text;
  }
  // --schedule is enough.
  const fs::path once = dir / "once.xml";
  std::ofstream(once) << "<domain_schedule>\n"
                         "  <domain name=\"domain_2\" length=\"100\"/>\n"
                         "  <domain name=\"domain_3\" length=\"200\"/>\n"
                         "  <domain name=\"domain_0\" length=\"700\"/>\n"
                         "</domain_schedule>\n";
  auto output = runCommand(apiSemanticsCommand("sim", dir, 1) + " --schedule " + once.string() + " 2>&1");
  EXPECT_EQ(output.status, 0) << output.text;
}

TEST(MicrokitRun, ACompileErrorShowsTheUsersFileAndLineAndExits1) {
  const testing::TempDir tmp;
  const fs::path dir = copyWith(tmp, "receiver_p_handler",
                                "#include \"receiver_p_handler.h\"\n"
                                "void receiver_p_handler_initialize(void) {}\n"
                                "void handle_values(void) { int8_t v; get_values(&v, 3); }\n"
                                "void receiver_p_handler_notify(microkit_channel c) { (void) c; }\n");
  auto output = runApiSemantics(dir, 1);
  EXPECT_EQ(output.status, 1) << output.text;
  EXPECT_NE(output.text.find("receiver_p_handler_user.c:3:"), std::string::npos) << output.text;
  EXPECT_NE(output.text.find("too many arguments to function"), std::string::npos) << output.text;
}

TEST(MicrokitRun, ACrashingCPartitionIsAHealthEvent) {
  const testing::TempDir tmp;
  const fs::path dir = copyWith(tmp, "sender_p_sender",
                                "#include \"sender_p_sender.h\"\n"
                                "void sender_p_sender_initialize(void) {}\n"
                                "void sender_p_sender_timeTriggered(void) { volatile int *p = 0; *p = 1; }\n"
                                "void sender_p_sender_notify(microkit_channel c) { (void) c; }\n");
  auto output = runApiSemantics(dir, 2);
  EXPECT_EQ(output.status, 1) << output.text;
  EXPECT_NE(output.text.find("bulkhead: health: partition sender_p crashed: signal 11 (SIGSEGV)"), std::string::npos)
      << output.text;
  // The other partition keeps its schedule: it is dispatched after the
  // crash (in a window from the crash's frame on that the host did not
  // starve; a run where it starved all of them has nothing to show).
  const std::string text = output.text;
  const std::string crashed = "bulkhead: health: partition sender_p crashed: signal 11 (SIGSEGV) in frame ";
  const auto at = text.find(crashed);
  ASSERT_NE(at, std::string::npos) << text;
  const int frame = std::stoi(text.substr(at + crashed.size()));
  const auto starved = testing::heldUpFrames(text);
  bool unstarved = false;
  for (int f = frame; f <= 2; ++f) unstarved = unstarved || !starved.has("receiver_p", f);
  if (unstarved) {
    EXPECT_NE(text.find("receiver_p_receiver: level", at), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace bulkhead
