// Hostile partitions through the real binary (docs/design.md section 7):
// lines that pass for bulkhead's reports, raw terminal escapes, a console
// nobody reads, a crash under each health policy, a partition crashing
// again after every restart, one spinning at shutdown, a sender corrupting
// its channel. Each run is the honest producer and consumer plus the
// attacker (health/health.aadl), and the honest pair's values and
// dispatches must be those of the all-honest run. Assertions are on what
// the design guarantees (values per frame, counts, reports), never on how
// fast a quiet machine happens to be.
#include "tests/support/command_output.hpp"
#include "tests/support/restarted_values.hpp"
#include "tests/support/held_up_frames.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kModel = std::string(BULKHEAD_SOURCE_DIR) + "/tests/supervisor/health/health.aadl";
constexpr int kFrames = 12;

struct Workspace {
  fs::path dir;
  Workspace() {
    std::string pattern = (fs::temp_directory_path() / "bulkhead-health-XXXXXX").string();
    dir = ::mkdtemp(pattern.data());
    fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                             fs::perms::others_read | fs::perms::others_exec);
    // `run --partitions DIR` takes DIR/<partition name>: the test program,
    // whose mode is the partition's name.
    fs::create_directories(dir / "programs");
    for (const char* name : {"producer", "consumer", "logger", "receiver", "impostor", "chatter", "spinner",
                             "corrupter", "faulty", "relapser", "feeder", "reporter", "scribbler", "overrunner", "garbler",
                             "dawdler"})
      fs::create_symlink(TEST_PARTITION, dir / "programs" / name);
  }
  ~Workspace() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  // The model with the attacker's Health_Policy written in.
  std::string model(const std::string& policy = "Report") const {
    std::ifstream in(kModel);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text = std::regex_replace(text, std::regex("@POLICY@"), policy);
    const fs::path out = dir / ("health_" + policy + ".aadl");
    std::ofstream(out) << text;
    return out.string();
  }
  // A hang would be a failure, never a stuck test: the run is bounded.
  std::string command(const std::string& root, const std::string& policy = "Report",
                      const std::string& timeScale = "0.1") const {
    return "timeout -s KILL 120 " + std::string(BULKHEAD_BINARY) + " run " + model(policy) + " --root top." + root +
           " --frames " + std::to_string(kFrames) + " --time-scale " + timeScale + " --partitions " +
           (dir / "programs").string();
  }
};

bool unconfinable(const std::string& err) { return err.find("bulkhead: cannot confine the partitions") != std::string::npos; }
#define SKIP_IF_UNCONFINABLE(err) \
  if (unconfinable(err)) GTEST_SKIP() << "this machine cannot confine partitions: " << (err)

std::vector<std::string> linesOf(const std::string& text, const std::string& start) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.starts_with(start)) out.push_back(line.substr(0, line.rfind(" t=")));  // without the time stamp
  return out;
}

// What the honest pair did: the consumer's value lines and both
// partitions' dispatches, and the windows the host starved in that run.
struct Honest {
  std::vector<std::string> received;
  std::size_t producerTicks = 0, consumerTicks = 0, finalised = 0;
  std::vector<std::string> producer;  // its dispatch lines
  bulkhead::testing::HeldUpFrames starved;
  std::string text;  // the run's output, for a failure to show
};
Honest honestPart(const std::string& text, const std::string& consumer, const std::string& err) {
  Honest h;
  h.received = linesOf(text, consumer + ": tick ");
  h.producer = linesOf(text, "producer: tick ");
  h.producerTicks = h.producer.size();
  h.consumerTicks = h.received.size();
  h.finalised = linesOf(text, "producer: finalise").size() + linesOf(text, consumer + ": finalise").size();
  h.starved = bulkhead::testing::heldUpFrames(err);
  h.text = text == err ? err : text + err;
  return h;
}

// What the schedule guarantees the honest pair whatever its neighbour does,
// outside the frames the host starved (held_up_frames.hpp).
void expectHonestPairKeptItsFrames(const Honest& h, const std::string& consumer) {
  // The logger's lines are on stderr, the producer's elsewhere.
  const auto* producer = consumer == "logger" ? nullptr : &h.producer;
  for (const auto& broken : bulkhead::testing::pairBreaks(h.received, producer, h.starved, "producer", consumer, kFrames))
    ADD_FAILURE() << broken << "\n" << h.text;
}

// The honest pair next to an attacker did what it does in the all-honest
// run: the same lines, or where the host starved a window in either run,
// what the schedule guarantees in both.
void expectSameAsHonestRun(const Honest& run, const Honest& honest, const std::string& consumer = "consumer") {
  EXPECT_EQ(run.finalised, honest.finalised);
  if (run.starved.any() || honest.starved.any()) {
    expectHonestPairKeptItsFrames(run, consumer);
    expectHonestPairKeptItsFrames(honest, consumer);
    return;
  }
  EXPECT_EQ(run.received, honest.received);
  EXPECT_EQ(run.producerTicks, honest.producerTicks);
  EXPECT_EQ(run.consumerTicks, honest.consumerTicks);
}

const Honest& honestRun() {
  static const Honest honest = [] {
    Workspace w;
    auto r = bulkhead::testing::runCommandSeparated(w.command("honest"));
    EXPECT_EQ(r.status, 0) << r.err;
    return honestPart(r.out, "consumer", r.err);
  }();
  return honest;
}

TEST(HealthRun, TheHonestRunDeliversEveryValueInOrder) {
  Workspace w;
  auto r = bulkhead::testing::runCommandSeparated(w.command("honest"));
  SKIP_IF_UNCONFINABLE(r.err);
  expectHonestPairKeptItsFrames(honestPart(r.out, "consumer", r.err), "consumer");
  expectHonestPairKeptItsFrames(honestRun(), "consumer");
  EXPECT_EQ(honestRun().finalised, 2u);
}

// Every line a partition prints starts with its name, so none passes for
// bulkhead's; nothing bulkhead prints to a pipe holds ESC or CR. What it
// prints on stderr is output too, never a health report, even in the
// words of one: health reports come on the health channel alone.
TEST(HealthRun, APartitionCannotImpersonateBulkheadOrDriveTheTerminal) {
  Workspace w;
  auto r = bulkhead::testing::runCommandSeparated(w.command("impostor"));
  SKIP_IF_UNCONFINABLE(r.err);
  EXPECT_EQ(r.status, 0) << r.err;  // nothing it printed was taken for a fault
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos);
  EXPECT_EQ(r.out.find('\r'), std::string::npos);
  EXPECT_EQ(r.err.find('\r'), std::string::npos);
  EXPECT_TRUE(linesOf(r.out, "bulkhead:").empty()) << r.out;
  EXPECT_TRUE(linesOf(r.err, "bulkhead: health:").empty()) << r.err;  // (a starved window may be reported)
  EXPECT_THAT(r.out, HasSubstr("\nimpostor: bulkhead: health: partition producer crashed: signal 9 (SIGKILL) in frame 1\n"));
  EXPECT_THAT(r.out, HasSubstr("\nimpostor: \\x1B[2J\\x1B[H\\x1B]0;owned\\x07\\x0Dbulkhead: every partition ran cleanly\n"));
  EXPECT_THAT(r.out, HasSubstr("\nimpostor: \\u{009B}31m\\u{202E}deifitrec\n"));
  const auto ticks = linesOf(r.out, "impostor: tick ").size();
  EXPECT_GT(ticks, 0u);
  EXPECT_EQ(linesOf(r.err, "impostor: bulkhead: health: partition consumer crashed: signal 11 (SIGSEGV) in frame ").size(),
            ticks)
      << r.err;
  expectSameAsHonestRun(honestPart(r.out, "consumer", r.err), honestRun());
}

// Issue 13's defect C: a report is dated by the frame in which the
// partition observed the fault, carried in its record, not by the frame in
// which the supervisor reads it. The reporter makes one record a dispatch
// but lets the supervisor see it only at its next dispatch (as a report
// read late would be), with a thread spinning beside the run for load:
// every report must name exactly the frame the partition stamped on it.
// (The honest pair is not compared with the all-honest run here: the
// added load, not the reporter, may cost a non-real-time partition a
// window.)
TEST(HealthRun, AReportIsDatedByTheFrameItWasMadeInEvenWhenReadAFrameLate) {
  Workspace w;
  std::atomic<bool> stop{false};
  std::thread load([&stop] {
    while (!stop.load(std::memory_order_relaxed)) {
    }
  });
  auto r = bulkhead::testing::runCommandSeparated(w.command("reporter"));
  stop.store(true);
  load.join();
  SKIP_IF_UNCONFINABLE(r.err);
  EXPECT_EQ(r.status, 1) << r.err;
  std::map<int, int> stamped;  // dispatch -> the frame the partition stamped on its record
  const std::regex record("reporter: record dispatch ([0-9]+) frame ([0-9]+)");
  for (const auto& line : linesOf(r.out, "reporter: record ")) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, record)) << line;
    stamped[std::stoi(m[1])] = std::stoi(m[2]);
  }
  // The load may cost the reporter windows (it is not real-time here); the
  // frames of those it had are what is asserted.
  ASSERT_FALSE(stamped.empty()) << r.out;
  const std::regex report("bulkhead: health: partition reporter reported a queue overflow on t\\.read_port "
                          "\\(Overflow_Handling_Protocol Error\\): ([0-9]+) dropped at dispatch ([0-9]+) in frame ([0-9]+)");
  const auto reports = linesOf(r.err, "bulkhead: health: partition reporter");
  ASSERT_EQ(reports.size(), stamped.size()) << r.err;
  for (const auto& line : reports) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, report)) << line;
    const int dispatch = std::stoi(m[2]);
    ASSERT_TRUE(stamped.contains(dispatch)) << line;
    EXPECT_EQ(std::stoi(m[3]), stamped[dispatch]) << line;
    EXPECT_GE(stamped[dispatch], std::stoi(m[1])) << "stamped in the frame of its tick or later: " << line;
  }
  EXPECT_EQ(linesOf(r.err, "bulkhead: health:").size(), reports.size()) << r.err;
  std::cout << "[ reporter ] " << reports.size() << " reports, each in the frame its record carries\n";
}

// A hostile partition writing garbage to its health channel (records out
// of range, a record count going back, then a flood far beyond the ring
// every frame) and printing the old stderr health marker: the garbage is
// its own fault, named, at most a few lines a frame; the marker line is
// its output; the honest pair keeps its schedule and values.
TEST(HealthRun, GarbageOnItsHealthChannelIsItsOwnFaultAndTheOldMarkerIsOnlyOutput) {
  Workspace w;
  auto r = bulkhead::testing::runCommandSeparated(w.command("scribbler"));
  SKIP_IF_UNCONFINABLE(r.err);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(linesOf(r.err, "scribbler: ").size(), 1u) << r.err;
  EXPECT_EQ(linesOf(r.err, "scribbler: ").front(),
            "scribbler: health: queue overflow on read_port (Overflow_Handling_Protocol Error): 3 dropped");
  EXPECT_TRUE(linesOf(r.err, "bulkhead: health: partition producer").empty()) << r.err;
  EXPECT_TRUE(linesOf(r.err, "bulkhead: health: partition consumer").empty()) << r.err;
  const auto reports = linesOf(r.err, "bulkhead: health:");
  ASSERT_FALSE(reports.empty()) << r.err;
  EXPECT_LE(reports.size(), static_cast<std::size_t>(9 * kFrames + 1)) << r.err;
  for (const auto& line : reports) {
    EXPECT_TRUE(line.starts_with("bulkhead: health: partition scribbler wrote a corrupt health channel (") ||
                line.starts_with("bulkhead: health: partition scribbler had "))
        << line;
    EXPECT_THAT(line, Not(HasSubstr(" reported "))) << line;
  }
  const std::regex flood("bulkhead: health: partition scribbler wrote a corrupt health channel \\(its record count "
                         "went from [0-9]+ to [0-9]+, beyond the 64 records the channel holds; 64 more wrong "
                         "records\\) in frame ([0-9]+)");
  std::size_t floods = 0;
  for (const auto& line : reports) {
    std::smatch m;
    if (!std::regex_match(line, m, flood)) continue;
    ++floods;
    EXPECT_GE(std::stoi(m[1]), 4) << "the flood starts at its tick 4: " << line;
  }
  EXPECT_GE(floods, 1u) << r.err;
  expectSameAsHonestRun(honestPart(r.out, "consumer", r.err), honestRun());
}

// Runs `command` with its stdout on a pipe nobody reads until it has exited.
struct BlockedRun {
  int status = -1;
  std::string err, outHead;
};
BlockedRun runWithUnreadStdout(const std::string& command, const fs::path& errFile) {
  BlockedRun r;
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return r;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
  pid_t pid = -1;
  if (::posix_spawn(&pid, "/bin/sh", &actions, nullptr, const_cast<char**>(argv), environ) == 0) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  char buffer[4096];
  for (ssize_t n; (n = ::read(out[0], buffer, sizeof buffer)) > 0;) r.outHead.append(buffer, static_cast<size_t>(n));
  ::close(out[0]);
  std::ifstream in(errFile);
  r.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return r;
}

// A partition flooding a console nobody reads: the run still ends with
// every value, the lines that did not fit are dropped and counted.
TEST(HealthRun, AConsoleNobodyReadsCostsLinesNeverTheSchedule) {
  Workspace w;
  auto logged = bulkhead::testing::runCommandSeparated(w.command("logged"));
  SKIP_IF_UNCONFINABLE(logged.err);
  ASSERT_EQ(logged.status, 0) << logged.err;
  const Honest honest = honestPart(logged.err, "logger", logged.err);  // the producer's lines are on stdout
  expectHonestPairKeptItsFrames(honest, "logger");
  ASSERT_EQ(honest.finalised, 1u) << logged.err;

  auto r = runWithUnreadStdout(w.command("chatter"), w.dir / "err");
  EXPECT_EQ(r.status, 0) << r.err;
  expectSameAsHonestRun(honestPart(r.err, "logger", r.err), honest, "logger");
  EXPECT_THAT(r.err, Not(HasSubstr("killing it")));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.err, m,
                                std::regex("bulkhead: console: ([0-9]+) lines were dropped because standard output or "
                                           "standard error was not being read(; [0-9]+ more were still waiting to be written at "
                                           "exit)?\n")))
      << r.err;
  EXPECT_GT(std::stoull(m[1]), 0u);
  // What the pipe took is whole lines, each named.
  ASSERT_FALSE(r.outHead.empty());
  for (const auto& line : linesOf(r.outHead, "")) {
    if (line.empty()) continue;
    EXPECT_TRUE(line.starts_with("chatter: ") || line.starts_with("producer: ")) << line;
  }
}

TEST(HealthRun, APartitionSpinningAtShutdownIsReportedAndKilledAndTheOthersFinalise) {
  Workspace w;
  auto r = bulkhead::testing::runCommandSeparated(w.command("spinner"));
  SKIP_IF_UNCONFINABLE(r.err);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("bulkhead: health: partition spinner overran its window while shutting down: still "
                               "running 2000 ms after SIGTERM; killing it\n"));
  // It dispatched in every frame but those the host starved it in.
  for (const auto& broken : bulkhead::testing::dispatchBreaks(linesOf(r.out, "spinner: tick "),
                                                             bulkhead::testing::heldUpFrames(r.err), "spinner", kFrames))
    ADD_FAILURE() << broken << "\n" << r.out << r.err;
  expectSameAsHonestRun(honestPart(r.out, "consumer", r.err), honestRun());
}

// A dispatch held up past its window's end without being kept from the CPU
// (here: blocked in a sleep) is neither starved nor an overrun, yet what it
// sends reaches its receiver a window late. The run says so, in that frame,
// and it is no fault: the exit status is 0 and no policy answers it. Its
// receiver's values are what the schedule guarantees around a held-up frame.
TEST(HealthRun, ADispatchHeldUpPastItsWindowsEndIsReportedLate) {
  Workspace w;
  auto r = bulkhead::testing::runCommandSeparated(w.command("dawdler"));
  SKIP_IF_UNCONFINABLE(r.err);
  EXPECT_EQ(r.status, 0) << r.err;
  const std::string dawdling = "dawdler: dawdling at tick ";
  const auto lines = linesOf(r.out, dawdling);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  const int tick = std::stoi(lines[0].substr(dawdling.size()));
  ASSERT_GE(tick, 3) << r.out;
  const auto heldUp = bulkhead::testing::heldUpFrames(r.err);
  EXPECT_TRUE(heldUp.has("dawdler", tick)) << r.err;
  // Late, unless the host starved that very window (reported as that).
  const std::string late = "bulkhead: late: partition dawdler had not finished its periodic dispatch when its window in "
                           "frame " + std::to_string(tick) +
                           " ended (it was not starved and did not overrun a window): what it sends in that dispatch "
                           "reaches its receivers in a later window\n";
  const std::regex starved("bulkhead: starved: partition dawdler was kept off the CPU .* in frame " +
                           std::to_string(tick) + " ");
  if (!std::regex_search(r.err, starved)) {
    EXPECT_THAT(r.err, HasSubstr(late));
  }
  EXPECT_THAT(r.err, Not(HasSubstr("bulkhead: health:")));
  const auto producer = linesOf(r.out, "dawdler: tick ");
  for (const auto& broken :
       bulkhead::testing::pairBreaks(linesOf(r.out, "consumer: tick "), &producer, heldUp, "dawdler", "consumer", kFrames))
    ADD_FAILURE() << broken << "\n" << r.out << r.err;
}

// It corrupts its channel at its first dispatch from tick 2 on (tick 2
// unless the host starved its frame-2 window; its line names the tick),
// after sending that dispatch's value, which is withdrawn with the
// corruption.
TEST(HealthRun, ASenderCorruptingItsChannelIsNamedAndItsReceiverLivesOn) {
  Workspace w;
  auto r = bulkhead::testing::runCommandSeparated(w.command("corrupter"));
  SKIP_IF_UNCONFINABLE(r.err);
  EXPECT_EQ(r.status, 1) << r.err;
  const auto corrupting = linesOf(r.out, "corrupter: corrupting its channel at tick ");
  ASSERT_EQ(corrupting.size(), 1u) << r.out;
  const int tick = std::stoi(corrupting[0].substr(std::string("corrupter: corrupting its channel at tick ").size()));
  ASSERT_GE(tick, 2) << r.out;
  const auto sent = linesOf(r.out, "corrupter: tick " + std::to_string(tick) + " sent ");
  ASSERT_EQ(sent.size(), 1u) << r.out;
  const std::string withdrawn = sent[0].substr(sent[0].size() - 2);
  const std::regex report("bulkhead: health: partition corrupter wrote a corrupt channel \\(channel "
                          "corrupter\\.t\\.write_port: header overwritten, counter set to 9223372036854775808 "
                          "\\(last 1\\)\\) in frame ([0-9]+)\n");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.err, m, report)) << r.err;
  const auto starved = bulkhead::testing::heldUpFrames(r.err);
  EXPECT_EQ(bulkhead::testing::frameOfDispatchBreak(starved, "corrupter", tick, std::stoi(m[1].str())), "") << r.err;
  EXPECT_THAT(r.err, Not(HasSubstr("health: partition receiver")));
  // The receiver never saw the corruption: that dispatch's message was withdrawn with it.
  auto received = linesOf(r.out, "receiver: tick ");
  for (const auto& line : received) EXPECT_THAT(line, Not(HasSubstr(" received " + withdrawn + " "))) << r.out;
  if (!starved.any()) {
    ASSERT_EQ(received.size(), static_cast<std::size_t>(kFrames)) << r.out;
    for (int f = 1; f <= kFrames; ++f) {
      char expected[64];
      if (f == tick)
        std::snprintf(expected, sizeof expected, "receiver: tick %d received nothing", f);
      else
        std::snprintf(expected, sizeof expected, "receiver: tick %d received %02X dropped %d", f, f - 1,
                      f == tick + 1 ? 1 : 0);
      EXPECT_EQ(received[static_cast<std::size_t>(f - 1)], expected) << r.out;
    }
  }
  expectSameAsHonestRun(honestPart(r.out, "consumer", r.err), honestRun());
}

// The receiver of the partition that aborts, per frame.
std::vector<std::string> receiverValues(const std::string& out) { return linesOf(out, "receiver: tick "); }

// The frame "faulty" aborted in: its tick 3, unless a loaded host kept it
// from that window (its tick 3 then dropped); 0 when it did not abort.
int crashFrame(const std::string& out) {
  const auto lines = linesOf(out, "faulty: aborting at tick ");
  return lines.empty() ? 0 : std::stoi(lines.front().substr(std::string("faulty: aborting at tick ").size()));
}

TEST(HealthRun, ACrashUnderReportIsReportedAndThePartitionStaysDown) {
  Workspace w;
  auto r = bulkhead::testing::runCommandSeparated(w.command("faulty", "Report"));
  SKIP_IF_UNCONFINABLE(r.err);
  EXPECT_EQ(r.status, 1) << r.err;
  const int crashed = crashFrame(r.out);
  ASSERT_GE(crashed, 3) << r.out;
  EXPECT_THAT(r.err, HasSubstr("bulkhead: health: partition faulty crashed: signal 6 (SIGABRT) in frame " +
                               std::to_string(crashed) + "\n"));
  // One line a frame is what the checks below index by: a window the host
  // starved (reported) breaks that, and the run is not theirs to judge.
  BULKHEAD_SKIP_IF_HELD_UP(r.err);
  auto values = receiverValues(r.out);
  ASSERT_EQ(values.size(), static_cast<std::size_t>(kFrames)) << r.out << r.err;
  for (int f = crashed; f <= kFrames; ++f)
    EXPECT_EQ(values[static_cast<std::size_t>(f - 1)], "receiver: tick " + std::to_string(f) + " received nothing");
  expectSameAsHonestRun(honestPart(r.out, "consumer", r.err), honestRun());
}

// The restart demonstration: aborted in frame 3 and started anew, frozen,
// for its next window; its receiver's values resume with the new life
// (00 again), nothing in between. The new life normally takes over at
// frame 4 (one value lost); on a host that holds the supervisor's I/O
// thread up for a frame it takes over a window later, which the report
// of lost values shows.
TEST(HealthRun, ACrashUnderRestartStartsThePartitionAnewAtItsNextWindow) {
  Workspace w;
  auto r = bulkhead::testing::runCommandSeparated(w.command("faulty", "Restart"));
  SKIP_IF_UNCONFINABLE(r.err);
  EXPECT_EQ(r.status, 1) << r.err;
  const int crashed = crashFrame(r.out);
  ASSERT_GE(crashed, 3) << r.out;
  EXPECT_THAT(r.err, HasSubstr("bulkhead: health: partition faulty crashed: signal 6 (SIGABRT) in frame " +
                               std::to_string(crashed) + "; restarting it at its next window (restart 1 of 3)\n"));
  EXPECT_EQ(linesOf(r.out, "faulty: initialise").size(), 2u);
  // One line a frame is what the checks below index by: a window the host
  // starved (reported) breaks that, and the run is not theirs to judge.
  BULKHEAD_SKIP_IF_HELD_UP(r.err);
  auto values = receiverValues(r.out);
  ASSERT_EQ(values.size(), static_cast<std::size_t>(kFrames)) << r.out << r.err;
  const int resumed = bulkhead::testing::expectValuesResumeAfterRestart(
      values, crashed,
      [](int f, int v) {
        char expected[64];
        std::snprintf(expected, sizeof expected, "receiver: tick %d received %02X dropped 0", f, v);
        return std::string(expected);
      },
      [](int f) { return "receiver: tick " + std::to_string(f) + " received nothing"; });
  ASSERT_NE(resumed, 0) << r.out;
  std::cout << "[ restart  ] crashed in frame " << crashed << ", values resumed in frame " << resumed << "; "
            << resumed - crashed << " value(s) lost\n";
  expectSameAsHonestRun(honestPart(r.out, "consumer", r.err), honestRun());
}

// A partition that crashes again in every life: restarted Restart_Limit
// (3) times, then stopped; every crash is reported with its own frame, each
// life's value reaches the receiver, and the honest pair never notices.
TEST(HealthRun, APartitionCrashingAfterEveryRestartIsStoppedAtItsRestartLimit) {
  Workspace w;
  // Frames of 500 ms: a restarted life's program (slow to start under ASan)
  // must be up by its next window for four lives to fit in the run.
  auto r = bulkhead::testing::runCommandSeparated(w.command("relapser", "Restart", "0.5"));
  SKIP_IF_UNCONFINABLE(r.err);
  EXPECT_EQ(r.status, 1) << r.err;
  const auto crashes = linesOf(r.err, "bulkhead: health: partition relapser");
  ASSERT_EQ(crashes.size(), 4u) << r.err;
  const std::regex report("bulkhead: health: partition relapser crashed: signal 6 \\(SIGABRT\\) in frame ([0-9]+); (.*)");
  std::vector<int> frames;
  for (std::size_t k = 0; k < crashes.size(); ++k) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(crashes[k], m, report)) << crashes[k];
    frames.push_back(std::stoi(m[1]));
    EXPECT_EQ(m[2], k < 3 ? "restarting it at its next window (restart " + std::to_string(k + 1) + " of 3)"
                          : std::string("it was restarted 3 times (Restart_Limit): stopping it"));
  }
  // Each life runs two dispatches and aborts in the second: the first in
  // frames 1 and 2 (later only by windows the host starved it in before,
  // reported), every later one two windows after it took over.
  const auto starved = bulkhead::testing::heldUpFrames(r.err);
  int starvedBefore = 0;
  for (int f = 1; f < frames[0]; ++f) starvedBefore += starved.has("relapser", f) ? 1 : 0;
  EXPECT_GE(frames[0], 2) << r.err;
  EXPECT_LE(frames[0], 2 + starvedBefore) << r.err;
  for (std::size_t k = 1; k < frames.size(); ++k) EXPECT_GE(frames[k], frames[k - 1] + 2) << r.err;
  EXPECT_EQ(linesOf(r.out, "relapser: initialise").size(), 4u);
  EXPECT_EQ(linesOf(r.out, "relapser: aborting").size(), 4u);
  // One value per life, each a new life's first (00), in the frame before
  // its crash (one line a frame: not to judge where the host starved one).
  BULKHEAD_SKIP_IF_HELD_UP(r.err);
  const auto values = receiverValues(r.out);
  ASSERT_EQ(values.size(), static_cast<std::size_t>(kFrames)) << r.out << r.err;
  std::vector<int> valueFrames;
  for (int f = 1; f <= kFrames; ++f) {
    const auto& v = values[static_cast<std::size_t>(f - 1)];
    if (v.ends_with("received nothing")) continue;
    EXPECT_EQ(v, "receiver: tick " + std::to_string(f) + " received 00 dropped 0");
    valueFrames.push_back(f);
  }
  std::vector<int> expected;
  for (int f : frames) expected.push_back(f - 1);
  EXPECT_EQ(valueFrames, expected) << r.out;
  expectSameAsHonestRun(honestPart(r.out, "consumer", r.err), honestRun());
}

TEST(HealthRun, ACrashUnderStopPartitionStopsIt) {
  Workspace w;
  auto r = bulkhead::testing::runCommandSeparated(w.command("faulty", "Stop_Partition"));
  SKIP_IF_UNCONFINABLE(r.err);
  EXPECT_EQ(r.status, 1) << r.err;
  const int crashed = crashFrame(r.out);
  ASSERT_GE(crashed, 3) << r.out;
  EXPECT_THAT(r.err, HasSubstr("bulkhead: health: partition faulty crashed: signal 6 (SIGABRT) in frame " +
                               std::to_string(crashed) + "; stopping it (Health_Policy Stop_Partition)\n"));
  EXPECT_EQ(linesOf(r.out, "faulty: initialise").size(), 1u);
  // The receiver dispatches in every frame but those the host starved it in.
  const auto starved = bulkhead::testing::heldUpFrames(r.err);
  const auto receiverStarved = starved.byPartition.contains("receiver") ? starved.byPartition.at("receiver").size() : 0;
  EXPECT_GE(receiverValues(r.out).size() + receiverStarved, static_cast<std::size_t>(kFrames)) << r.out << r.err;
  expectSameAsHonestRun(honestPart(r.out, "consumer", r.err), honestRun());
}

// The walk stops at the slot after the report reaches it: within a frame
// or so of the crash, never at the end; every partition still finalises.
TEST(HealthRun, ACrashUnderStopSystemShutsEveryPartitionDownAndFinalisesThem) {
  Workspace w;
  auto r = bulkhead::testing::runCommandSeparated(w.command("faulty", "Stop_System"));
  SKIP_IF_UNCONFINABLE(r.err);
  EXPECT_EQ(r.status, 1) << r.err;
  const int crashed = crashFrame(r.out);
  ASSERT_GE(crashed, 3) << r.out;
  EXPECT_THAT(r.err, HasSubstr("bulkhead: health: partition faulty crashed: signal 6 (SIGABRT) in frame " +
                               std::to_string(crashed) + "; stopping the system (Health_Policy Stop_System)\n"));
  const auto honest = honestPart(r.out, "consumer", r.err);
  EXPECT_LT(honest.producerTicks, static_cast<std::size_t>(kFrames));
  EXPECT_EQ(honest.finalised, 2u);
  EXPECT_EQ(linesOf(r.out, "receiver: finalise").size(), 1u);
  // The honest pair's windows come before faulty's in each frame: up to
  // the crash frame they walked every frame (but those the host starved),
  // every value in order; after it, until the stop, still in order.
  std::vector<std::string> producerUpToCrash;
  for (const auto& line : honest.producer)
    if (std::stoi(line.substr(std::string("producer: tick ").size())) <= crashed) producerUpToCrash.push_back(line);
  for (const auto& broken :
       bulkhead::testing::pairBreaks(honest.received, &producerUpToCrash, honest.starved, "producer", "consumer", crashed))
    ADD_FAILURE() << broken << "\n" << r.out << r.err;
}

// Issue 13 item 4: an overrun is reported while the system runs, without
// --trace, for a partition with no Compute_Execution_Time (no CPU budget),
// through the `dispatching` word of its health channel. The overrunner's
// dispatch begins in frame F (the frame it prints) and spins through its
// windows of F+1 and F+2: the report names F, once. Only where the host
// starved both of those windows (reported) may it be missing: a starved
// window proves nothing.
int spinFrame(const std::string& out) {
  const auto lines = linesOf(out, "overrunner: spinning from frame ");
  return lines.size() == 1 ? std::stoi(lines.front().substr(std::string("overrunner: spinning from frame ").size())) : 0;
}
std::string overranLine(int frame) {
  return "bulkhead: health: partition overrunner overran its window in frame " + std::to_string(frame);
}
bool bothJudgedWindowsStarved(const std::string& err, int frame) {
  const auto starved = bulkhead::testing::heldUpFrames(err);
  return starved.has("overrunner", frame + 1) && starved.has("overrunner", frame + 2);
}

TEST(HealthRun, ADispatchSpinningPastItsWindowIsReportedWithoutATraceOrABudget) {
  Workspace w;
  auto r = bulkhead::testing::runCommandSeparated(w.command("overrunner"));
  SKIP_IF_UNCONFINABLE(r.err);
  const int frame = spinFrame(r.out);
  ASSERT_GE(frame, 3) << r.out;
  if (bothJudgedWindowsStarved(r.err, frame)) GTEST_SKIP() << "the host starved both windows after it:\n" << r.err;
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(linesOf(r.err, "bulkhead: health:"), std::vector<std::string>{overranLine(frame)}) << r.err;
  EXPECT_EQ(linesOf(r.out, "overrunner: spun until frame ").size(), 1u) << r.out;
  expectSameAsHonestRun(honestPart(r.out, "consumer", r.err), honestRun());
}

// Stop_System: the report comes while the system runs, at the end of the
// overrunner's next window, and the run ends there, frames before its 12;
// the honest pair's values up to then are the all-honest run's.
TEST(HealthRun, AnOverrunUnderStopSystemEndsTheRunWhileItRuns) {
  Workspace w;
  auto r = bulkhead::testing::runCommandSeparated(w.command("overrunner", "Stop_System"));
  SKIP_IF_UNCONFINABLE(r.err);
  const int frame = spinFrame(r.out);
  ASSERT_GE(frame, 3) << r.out;
  if (bothJudgedWindowsStarved(r.err, frame)) GTEST_SKIP() << "the host starved both windows after it:\n" << r.err;
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr(overranLine(frame) + "; stopping the system (Health_Policy Stop_System)\n"));
  EXPECT_EQ(linesOf(r.err, "bulkhead: health:").size(), 1u) << r.err;
  // It never saw the frame it spins for: the system stopped first.
  EXPECT_TRUE(linesOf(r.out, "overrunner: spun until frame ").empty()) << r.out;
  const auto honest = honestPart(r.out, "consumer", r.err);
  EXPECT_LT(honest.producerTicks, static_cast<std::size_t>(kFrames));
  EXPECT_LE(honest.consumerTicks, static_cast<std::size_t>(frame + 3)) << r.out;
  EXPECT_EQ(honest.finalised, 2u);
  ASSERT_LE(honest.received.size(), honestRun().received.size());
  if (!honest.starved.any() && !honestRun().starved.any()) {
    for (std::size_t f = 0; f < honest.received.size(); ++f) EXPECT_EQ(honest.received[f], honestRun().received[f]);
  }
}

// Stop_Partition: the spinning life is killed while it is stopped, at the
// end of the window that judged it, and is gone: it never prints again (no
// `spun until`, no finalise), and nothing of it is left to report or kill
// at shutdown (one health line only).
TEST(HealthRun, AnOverrunUnderStopPartitionEndsThePartition) {
  Workspace w;
  auto r = bulkhead::testing::runCommandSeparated(w.command("overrunner", "Stop_Partition"));
  SKIP_IF_UNCONFINABLE(r.err);
  const int frame = spinFrame(r.out);
  ASSERT_GE(frame, 3) << r.out;
  if (bothJudgedWindowsStarved(r.err, frame)) GTEST_SKIP() << "the host starved both windows after it:\n" << r.err;
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(linesOf(r.err, "bulkhead: health:"),
            std::vector<std::string>{overranLine(frame) + "; stopping it (Health_Policy Stop_Partition)"})
      << r.err;
  EXPECT_EQ(linesOf(r.out, "overrunner: initialise").size(), 1u) << r.out;
  EXPECT_EQ(linesOf(r.out, "overrunner: tick ").size(), static_cast<std::size_t>(frame)) << r.out;
  EXPECT_TRUE(linesOf(r.out, "overrunner: spun until frame ").empty()) << r.out;
  EXPECT_TRUE(linesOf(r.out, "overrunner: finalise").empty()) << r.out;
  expectSameAsHonestRun(honestPart(r.out, "consumer", r.err), honestRun());
}

// Restart: the overrunning life is killed while it is stopped and a new
// one (which does not spin) is released at the partition's next window;
// it boots (exec, runtime start) in its own windows only, the freezer
// holding it outside them. The overrunner has no Compute_Execution_Time,
// so its windows are the default 10 ms: at --time-scale 0.1 they are 1 ms,
// and a boot measured at about 7 such windows did not fit in the frames
// left (the new life, still booting, died of the shutdown's SIGTERM).
// Frames at scale 1 give it 10 ms windows. The new life's first dispatch
// comes after the report (at the end of the window of frame+1 at the
// earliest), and from then on it dispatches once a frame, in order, to the
// end; the honest pair never notices.
TEST(HealthRun, AnOverrunUnderRestartStartsThePartitionAnew) {
  Workspace w;
  auto r = bulkhead::testing::runCommandSeparated(w.command("overrunner", "Restart", "1"));
  SKIP_IF_UNCONFINABLE(r.err);
  const int frame = spinFrame(r.out);
  ASSERT_GE(frame, 3) << r.out;
  if (bothJudgedWindowsStarved(r.err, frame)) GTEST_SKIP() << "the host starved both windows after it:\n" << r.err;
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(linesOf(r.err, "bulkhead: health:"),
            std::vector<std::string>{overranLine(frame) + "; restarting it at its next window (restart 1 of 3)"})
      << r.err;
  EXPECT_EQ(linesOf(r.out, "overrunner: initialise").size(), 2u) << r.out;
  EXPECT_TRUE(linesOf(r.out, "overrunner: spun until frame ").empty()) << r.out;
  EXPECT_EQ(linesOf(r.out, "overrunner: finalise").size(), 1u) << r.out;
  // The second life's dispatches: those after its initialise.
  std::vector<int> second;
  bool reborn = false;
  int initialised = 0;
  for (const auto& line : linesOf(r.out, "overrunner: ")) {
    if (line == "overrunner: initialise") {
      reborn = ++initialised == 2;
    } else if (reborn && line.starts_with("overrunner: tick ")) {
      second.push_back(std::stoi(line.substr(std::string("overrunner: tick ").size())));
    }
  }
  ASSERT_FALSE(second.empty()) << r.out;
  EXPECT_GE(second.front(), frame + 2) << r.out;
  const auto starved = bulkhead::testing::heldUpFrames(r.err);
  for (std::size_t k = 1; k < second.size(); ++k) EXPECT_GT(second[k], second[k - 1]) << r.out;
  for (int f = second.front(); f <= kFrames; ++f) {
    if (starved.has("overrunner", f)) continue;
    EXPECT_NE(std::find(second.begin(), second.end(), f), second.end()) << "no dispatch in frame " << f << "\n"
                                                                        << r.out << r.err;
  }
  std::cout << "[ restart  ] overran from frame " << frame << ", its new life dispatched from frame "
            << second.front() << "\n";
  expectSameAsHonestRun(honestPart(r.out, "consumer", r.err), honestRun());
}

// A frame in the future written into the `dispatching` word: the writer's
// own fault, named once, and nobody else's harm.
TEST(HealthRun, GarbageInTheDispatchingWordIsItsOwnFault) {
  Workspace w;
  auto r = bulkhead::testing::runCommandSeparated(w.command("garbler"));
  SKIP_IF_UNCONFINABLE(r.err);
  EXPECT_EQ(r.status, 1) << r.err;
  const auto garbled = linesOf(r.out, "garbler: garbling its dispatching word at tick ");
  ASSERT_EQ(garbled.size(), 1u) << r.out;
  const auto reports = linesOf(r.err, "bulkhead: health:");
  ASSERT_EQ(reports.size(), 1u) << r.err;
  EXPECT_THAT(reports.front(),
              ::testing::MatchesRegex("bulkhead: health: partition garbler wrote a corrupt health channel \\(its "
                                      "dispatch is said to have begun in frame 999999, after its latest window "
                                      "\\(in frame [0-9]+\\)\\) in frame [0-9]+"));
  // It dispatched in every frame but those the host held up.
  for (const auto& broken : bulkhead::testing::dispatchBreaks(linesOf(r.out, "garbler: tick "),
                                                             bulkhead::testing::heldUpFrames(r.err), "garbler", kFrames))
    ADD_FAILURE() << broken << "\n" << r.out << r.err;
  expectSameAsHonestRun(honestPart(r.out, "consumer", r.err), honestRun());
}

}  // namespace
