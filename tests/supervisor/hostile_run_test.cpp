// Attacks on the partition boundary through the real binary (design
// section 7). The hostile test model (hostile/hostile.aadl) runs once with
// every partition honest and once with one culprit replaced by a hostile
// program (hostile_partition.cpp); the producer's and the consumer's
// dispatches and values must be the same in both runs, and bulkhead must
// name the culprit. Nothing here depends on timing: only on what the
// schedule guarantees (one dispatch per frame, values in order).
#include "tests/support/command_output.hpp"
#include "tests/support/held_up_frames.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

const std::vector<std::string> kCulprits = {"spinner", "waker",  "saturator", "signaller", "setsig",
                                            "asyncer", "prober", "swarm",     "hog"};
constexpr int kFrames = 5;

class PartitionDirectory {
 public:
  // Every partition's program: honest, but `hostile` (if any) hostile.
  explicit PartitionDirectory(const std::string& hostile) {
    std::string pattern = (fs::temp_directory_path() / "bulkhead-hostile-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
    fs::permissions(path_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                               fs::perms::others_read | fs::perms::others_exec);
    std::vector<std::string> names = {"producer", "consumer"};
    names.insert(names.end(), kCulprits.begin(), kCulprits.end());
    for (const auto& name : names) fs::create_symlink(name == hostile ? HOSTILE_PARTITION : HONEST_PARTITION, path_ / name);
  }
  ~PartitionDirectory() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string runArguments(const PartitionDirectory& dir, const std::string& extra = "") {
  return std::string(HOSTILE_MODEL) + " --frames " + std::to_string(kFrames) + " --time-scale 0.2 --partitions " +
         dir.path().string() + extra;
}

struct RunResult {
  int status = -1;
  std::string text;
  std::vector<std::string> lines;
  // One honest partition's dispatches, in order. Each partition's own, not
  // the two merged: the I/O thread reads each partition's pipe as it gets
  // to it, so how the two partitions' lines interleave is not the
  // schedule's to say.
  std::vector<std::string> dispatchesOf(const std::string& partition) const {
    std::vector<std::string> out;
    for (const auto& l : lines)
      if (l.starts_with(partition + ": tick ")) out.push_back(l);
    return out;
  }
  bool unconfinable() const { return text.find("bulkhead: cannot confine the partitions") != std::string::npos; }
};

// A hang would be a failure, never a stuck test: the run is bounded.
RunResult run(const std::string& hostile, const std::string& extra = "") {
  PartitionDirectory dir(hostile);
  auto r = bulkhead::testing::runCommand("timeout -s KILL 120 " + std::string(BULKHEAD_BINARY) + " run " +
                                         runArguments(dir, extra));
  return {r.status, r.text, r.lines()};
}

// The attack run beside an all-honest run of the same model: the same
// dispatches, or where the host starved a window in either run (reported,
// held_up_frames.hpp), what the schedule guarantees in both.
void expectHonestPartitionsUndisturbed(const RunResult& attacked) {
  const RunResult honest = run("");
  ASSERT_EQ(honest.status, 0) << honest.text;
  if (bulkhead::testing::heldUpFrames(attacked.text).any() || bulkhead::testing::heldUpFrames(honest.text).any()) {
    for (const RunResult* r : {&attacked, &honest}) {
      const auto producer = r->dispatchesOf("producer");
      for (const auto& broken : bulkhead::testing::pairBreaks(r->dispatchesOf("consumer"), &producer,
                                                              bulkhead::testing::heldUpFrames(r->text), "producer",
                                                              "consumer", kFrames))
        ADD_FAILURE() << broken << "\n" << r->text;
    }
    return;
  }
  for (const char* partition : {"producer", "consumer"}) {
    const auto expected = honest.dispatchesOf(partition);
    ASSERT_EQ(expected.size(), static_cast<std::size_t>(kFrames)) << partition << "\n" << honest.text;
    EXPECT_EQ(attacked.dispatchesOf(partition), expected) << partition << "\n" << attacked.text;
  }
}

// The culprit is named: its CPU time went beyond its Compute_Execution_Time
// (1 ms in the model; the frame it is seen in depends on when it is looked at).
void expectOverBudget(const RunResult& r, const std::string& culprit) {
  EXPECT_EQ(r.status, 1) << r.text;
  EXPECT_THAT(r.text, ::testing::ContainsRegex("bulkhead: health: partition " + culprit +
                                               " used [0-9.]+ ms of CPU time in one frame in frame [0-9]+, beyond its "
                                               "Compute_Execution_Time of 1.0 ms\n"));
}

// The tick of the culprit's dispatch that attacked (its first from tick 2
// on, hostile_partition.cpp): its tick line just before `attackLine`; 0
// when it did not attack.
int tickOfAttack(const RunResult& r, const std::string& culprit, const std::string& attackLine) {
  int tick = 0;
  for (const auto& line : r.lines) {
    if (line.starts_with(attackLine)) return tick;
    if (line.starts_with(culprit + ": tick ")) tick = std::stoi(line.substr(culprit.size() + 7));
  }
  return 0;
}

#define SKIP_IF_UNCONFINABLE(r) \
  if ((r).unconfinable()) GTEST_SKIP() << "this machine cannot confine partitions: " << (r).text

// The culprit attacks at its first dispatch from tick 2 on. When the host
// starved (reported) every one of its windows from frame 2 to the last, as
// other real-time work on its CPU can, that dispatch never came: there was
// no attack to judge, and the run says why.
bool everyWindowFromFrameTwoStarved(const RunResult& r, const std::string& culprit) {
  const auto starved = bulkhead::testing::heldUpFrames(r.text);
  for (int frame = 2; frame <= kFrames; ++frame)
    if (!starved.has(culprit, frame)) return false;
  return true;
}
#define SKIP_IF_THE_ATTACK_NEVER_CAME(r, culprit)                                                          \
  if (everyWindowFromFrameTwoStarved((r), (culprit)))                                                      \
  GTEST_SKIP() << "the host starved every window of " << (culprit) << " from frame 2 on (reported): it never " \
               << "attacked\n"                                                                              \
               << (r).text

TEST(HostilePartition, ASpinningHelperThreadTakesNoOtherPartitionsWindow) {
  const RunResult r = run("spinner");
  SKIP_IF_UNCONFINABLE(r);
  SKIP_IF_THE_ATTACK_NEVER_CAME(r, "spinner");
  EXPECT_THAT(r.text, HasSubstr("spinner: helper thread spins"));
  expectHonestPartitionsUndisturbed(r);
  expectOverBudget(r, "spinner");
}

TEST(HostilePartition, ATimerSendingItselfSigcontDoesNotResumeItOutsideItsWindow) {
  const RunResult r = run("waker");
  SKIP_IF_UNCONFINABLE(r);
  SKIP_IF_THE_ATTACK_NEVER_CAME(r, "waker");
  EXPECT_THAT(r.text, HasSubstr("waker: SIGCONT timer armed"));
  expectHonestPartitionsUndisturbed(r);
  expectOverBudget(r, "waker");
}

TEST(HostilePartition, ASaturatedNotificationNeitherBlocksTheSupervisorNorGoesUnreported) {
  const RunResult r = run("saturator");
  SKIP_IF_UNCONFINABLE(r);
  SKIP_IF_THE_ATTACK_NEVER_CAME(r, "saturator");
  EXPECT_THAT(r.text, HasSubstr("saturator: saturate eventfd: written"));
  EXPECT_THAT(r.text, HasSubstr("saturator: clear O_NONBLOCK: refused"));
  EXPECT_THAT(r.text, HasSubstr("saturator: clear O_NONBLOCK with FIONBIO: refused"));
  EXPECT_EQ(r.status, 1) << r.text;  // a health fault, not a hang (timeout's KILL would be -1)
  // Reported once, in the frame of the window it saturated in: the window
  // of its attack's tick (the tick line just before it), or, when the host
  // kept it off the CPU for the rest of that window, a later one; every
  // window in between is then reported starved.
  const int attackTick = tickOfAttack(r, "saturator", "saturator: saturate eventfd: ");
  ASSERT_GE(attackTick, 2) << r.text;
  const std::regex report("bulkhead: health: partition saturator saturated its period queue's notification "
                          "in frame ([0-9]+); it is skipped");
  std::vector<int> reported;
  for (const auto& line : r.lines)
    if (std::smatch m; std::regex_match(line, m, report)) reported.push_back(std::stoi(m[1].str()));
  ASSERT_EQ(reported.size(), 1u) << r.text;
  EXPECT_EQ(bulkhead::testing::frameOfDispatchBreak(bulkhead::testing::heldUpFrames(r.text), "saturator", attackTick,
                                                    reported[0]),
            "")
      << r.text;
  expectHonestPartitionsUndisturbed(r);
}

void expectArmingKills(const std::string& culprit, const std::string& how) {
  const RunResult r = run(culprit);
  SKIP_IF_UNCONFINABLE(r);
  SKIP_IF_THE_ATTACK_NEVER_CAME(r, culprit);
  EXPECT_THAT(r.text, HasSubstr(culprit + ": processes found by pid: 0"));
  EXPECT_THAT(r.text, HasSubstr(culprit + ": arming its stdout: " + how));
  EXPECT_THAT(r.text, ::testing::Not(HasSubstr(culprit + ": " + how + " ALLOWED")));
  EXPECT_EQ(r.status, 1) << r.text;
  // It arms after probing 4096 pids from its frame-2 window on; the frame
  // named is the partition's latest window when its exit is seen. The probe
  // takes more CPU time than one 14 ms window on a loaded host, so it may
  // arm in a later window or, past the last frame, while shutting down.
  EXPECT_THAT(r.text, ::testing::ContainsRegex("bulkhead: health: partition " + culprit +
                                               " crashed: signal 31 \\(SIGSYS\\) (in frame ([2-9]|[1-9][0-9]+)|"
                                               "while shutting down)\n"));
  expectHonestPartitionsUndisturbed(r);
}

TEST(HostilePartition, FSetownEndsTheCulpritAndNobodyElse) { expectArmingKills("signaller", "F_SETOWN"); }
TEST(HostilePartition, FSetsigEndsTheCulpritAndNobodyElse) { expectArmingKills("setsig", "F_SETSIG"); }
TEST(HostilePartition, OAsyncEndsTheCulpritAndNobodyElse) { expectArmingKills("asyncer", "O_ASYNC"); }

TEST(HostilePartition, SeesNoOtherProcessInProc) {
  const RunResult r = run("prober");
  SKIP_IF_UNCONFINABLE(r);
  SKIP_IF_THE_ATTACK_NEVER_CAME(r, "prober");
  // Without /proc (a release build) or with one of its own pid namespace
  // (sanitizer builds: its init and itself).
  EXPECT_THAT(r.text, ::testing::ContainsRegex("prober: process entries in /proc: [012]\n"));
  EXPECT_THAT(r.text, HasSubstr("prober: files of other processes opened: 0\n"));
  EXPECT_THAT(r.text, HasSubstr("prober: processes found by pid: 0\n"));
  expectHonestPartitionsUndisturbed(r);
}

TEST(HostilePartition, TenThousandThreadsAreRefusedBeyondItsTaskLimit) {
  const RunResult r = run("swarm");
  SKIP_IF_UNCONFINABLE(r);
  SKIP_IF_THE_ATTACK_NEVER_CAME(r, "swarm");
  EXPECT_THAT(r.text, HasSubstr("swarm: threads started: fewer than 64\n"));  // pids.max 64, the runtime's own included
  expectHonestPartitionsUndisturbed(r);
}

TEST(HostilePartition, MemoryBeyondItsLimitEndsTheCulpritAndNobodyElse) {
  const RunResult r = run("hog");
  SKIP_IF_UNCONFINABLE(r);
  SKIP_IF_THE_ATTACK_NEVER_CAME(r, "hog");
  EXPECT_THAT(r.text, ::testing::Not(HasSubstr("hog: touched 1024 MiB")));
  EXPECT_EQ(r.status, 1) << r.text;
  // Its cgroup's OOM killer ends it, in whichever window it reaches the
  // limit (touching pages is slow under the limit; the frame is not fixed).
  EXPECT_THAT(r.text, ::testing::ContainsRegex("bulkhead: health: partition hog crashed: signal 9 \\(SIGKILL\\) "
                                               "(in frame [0-9]+|while shutting down)\n"));
  expectHonestPartitionsUndisturbed(r);
}

// Processes running one of the test's partition programs.
std::vector<pid_t> partitionProcesses() {
  const fs::path honest = fs::canonical(HONEST_PARTITION), hostile = fs::canonical(HOSTILE_PARTITION);
  std::vector<pid_t> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] < '0' || name[0] > '9') continue;
    std::error_code linkError;
    const auto exe = fs::read_symlink(entry.path() / "exe", linkError);
    if (!linkError && (exe == honest || exe == hostile)) out.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return out;
}

TEST(HostilePartition, KillingTheSupervisorLeavesNoPartitionProcess) {
  PartitionDirectory dir("spinner");
  const fs::path out = dir.path() / "out";
  // Until killed: no --frames.
  const std::string command = "exec " + std::string(BULKHEAD_BINARY) + " run " + std::string(HOSTILE_MODEL) +
                              " --time-scale 0.2 --partitions " + dir.path().string() + " >" + out.string() + " 2>&1";
  pid_t supervisor = -1;
  const char* argv[] = {"sh", "-c", command.c_str(), nullptr};
  ASSERT_EQ(::posix_spawn(&supervisor, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ), 0);
  // Wait until every partition runs (the spinner has attacked), bounded.
  std::string text;
  for (int i = 0; i < 600 && text.find("consumer: tick 3") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    text = bulkhead::testing::runCommand("cat " + out.string()).text;
    if (text.find("bulkhead: cannot confine the partitions") != std::string::npos) {
      ::waitpid(supervisor, nullptr, 0);
      GTEST_SKIP() << "this machine cannot confine partitions: " << text;
    }
  }
  ASSERT_THAT(text, HasSubstr("consumer: tick 3"));
  ASSERT_EQ(partitionProcesses().size(), 11u) << text;
  ASSERT_EQ(::kill(supervisor, SIGKILL), 0);
  ::waitpid(supervisor, nullptr, 0);
  const auto killed = std::chrono::steady_clock::now();
  // The kernel sends the parent-death signals as the supervisor exits;
  // polled for up to 10 s so that a loaded machine cannot fail the test,
  // and the time it took is printed.
  std::vector<pid_t> left = partitionProcesses();
  while (!left.empty() && std::chrono::steady_clock::now() - killed < std::chrono::seconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    left = partitionProcesses();
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - killed);
  std::printf("partition processes gone %lld ms after the supervisor was killed\n", static_cast<long long>(ms.count()));
  EXPECT_TRUE(left.empty()) << left.size() << " partition processes outlived the supervisor";
}

TEST(HostilePartition, RefusesToRunUnconfinedUnlessToldAndThenSaysSo) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to run bulkhead as another user";
  PartitionDirectory dir("");
  const std::string asNobody = "timeout -s KILL 120 setpriv --reuid=65534 --regid=65534 --clear-groups ";
  auto refused = bulkhead::testing::runCommand(asNobody + BULKHEAD_BINARY + " run " + runArguments(dir));
  if (refused.text.find("setpriv") != std::string::npos || refused.text.find("Permission denied") != std::string::npos)
    GTEST_SKIP() << "cannot run the build as nobody: " << refused.text;
  EXPECT_EQ(refused.status, 2) << refused.text;
  EXPECT_THAT(refused.text, HasSubstr("bulkhead: cannot confine the partitions: not running as root; run as root on a "
                                      "machine with a cgroup freezer, or give --unconfined to run without one\n"));
  EXPECT_THAT(refused.text, ::testing::Not(HasSubstr("producer: initialise")));
  auto unconfined = bulkhead::testing::runCommand(asNobody + BULKHEAD_BINARY + " run " +
                                                  runArguments(dir, " --unconfined --no-realtime"));
  EXPECT_EQ(unconfined.status, 0) << unconfined.text;
  const RunResult unconfinedRun{unconfined.status, unconfined.text, unconfined.lines()};
  EXPECT_THAT(unconfined.text, HasSubstr("bulkhead: running unconfined (--unconfined): partitions are stopped outside "
                                         "their windows by SIGSTOP/SIGCONT"));
  // Unconfined and not real-time, the partitions compete with whatever
  // else the host runs and no starved window can be measured (no cgroup):
  // what holds is that the run ends, and that the values the consumer got
  // came in order, none twice.
  const auto consumer = unconfinedRun.dispatchesOf("consumer");
  EXPECT_FALSE(consumer.empty()) << unconfined.text;
  EXPECT_LE(consumer.size(), static_cast<std::size_t>(kFrames)) << unconfined.text;
  const std::regex value("consumer: tick [0-9]+ received ([0-9A-F]{2}) dropped [0-9]+");
  int previous = -1;
  for (const auto& line : consumer)
    if (std::smatch m; std::regex_match(line, m, value)) {
      const int v = std::stoi(m[1].str(), nullptr, 16);
      EXPECT_GT(v, previous) << line << "\n" << unconfined.text;
      previous = v;
    }
  EXPECT_THAT(unconfined.text, HasSubstr("consumer: finalise"));
}

}  // namespace
