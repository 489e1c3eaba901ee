// Where each cgroup controller is taken from, for the layouts machines
// have: hybrid (a v2 hierarchy without controllers beside v1 ones), pure
// v2, pure v1, and a v1 hierarchy mounted from a sub-tree (containers).
#include "supervisor/cgroups.hpp"

#include "plan_builder.hpp"
#include "supervisor_harness.hpp"

#include <gtest/gtest.h>

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace bulkhead::supervisor {
namespace {

// Lines of /proc/self/mountinfo as this kind of machine has them.
const char* kHybridMounts =
    "24 1 0:22 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "25 24 0:23 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "26 24 0:24 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
    "27 24 0:25 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "28 24 0:26 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer\n"
    "29 24 0:27 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
    "30 24 0:28 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
    "31 24 0:29 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
const char* kHybridOwn =
    "9:name=systemd:/\n8:pids:/\n6:freezer:/\n4:memory:/jobs/42\n2:cpuacct:/\n1:cpu:/\n0::/\n";

TEST(CgroupLayout, HybridTakesTheFreezerFromV2AndTheControllersFromV1) {
  auto layout = CgroupLayout::parse(kHybridMounts, kHybridOwn, {});
  ASSERT_TRUE(layout.freezer && layout.cpu && layout.memory && layout.pids);
  EXPECT_EQ(*layout.freezer, (CgroupPlace{"/sys/fs/cgroup/unified", CgroupVersion::V2}));
  EXPECT_EQ(*layout.cpu, (CgroupPlace{"/sys/fs/cgroup/cpu", CgroupVersion::V1}));
  EXPECT_EQ(*layout.memory, (CgroupPlace{"/sys/fs/cgroup/memory/jobs/42", CgroupVersion::V1}));
  EXPECT_EQ(*layout.pids, (CgroupPlace{"/sys/fs/cgroup/pids", CgroupVersion::V1}));
  EXPECT_EQ(layout.describe(), "freezer v2, cpu v1, memory v1, pids v1");
}

TEST(CgroupLayout, ControllersEnabledInV2AreTakenFromV2) {
  auto layout = CgroupLayout::parse(kHybridMounts, kHybridOwn, {"memory", "pids"});
  EXPECT_EQ(layout.describe(), "freezer v2, cpu v1, memory v2, pids v2");
  EXPECT_EQ(*layout.memory, (CgroupPlace{"/sys/fs/cgroup/unified", CgroupVersion::V2}));
}

TEST(CgroupLayout, PureV2UsesItsOwnGroupForEverything) {
  const char* mounts = "30 22 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n";
  auto layout = CgroupLayout::parse(mounts, "0::/user.slice/session-1.scope\n", {"cpu", "memory", "pids"});
  EXPECT_EQ(layout.describe(), "freezer v2, cpu v2, memory v2, pids v2");
  EXPECT_EQ(*layout.freezer, (CgroupPlace{"/sys/fs/cgroup/user.slice/session-1.scope", CgroupVersion::V2}));
  auto without = CgroupLayout::parse(mounts, "0::/user.slice/session-1.scope\n", {});
  EXPECT_EQ(without.describe(), "freezer v2, cpu none, memory none, pids none");
}

TEST(CgroupLayout, PureV1UsesTheV1Freezer) {
  const char* mounts =
      "25 24 0:23 / /sys/fs/cgroup/freezer rw - cgroup cgroup rw,freezer\n"
      "26 24 0:24 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n";
  auto layout = CgroupLayout::parse(mounts, "3:freezer:/\n2:cpu,cpuacct:/a\n", {});
  EXPECT_EQ(layout.describe(), "freezer v1, cpu v1, memory none, pids none");
  EXPECT_EQ(*layout.cpu, (CgroupPlace{"/sys/fs/cgroup/cpu,cpuacct/a", CgroupVersion::V1}));
}

TEST(CgroupLayout, AV1MountOfASubTreeSeesTheOwnPathBelowIt) {
  const char* mounts = "25 24 0:23 /docker/abc /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";
  auto layout = CgroupLayout::parse(mounts, "4:memory:/docker/abc/inner\n", {});
  EXPECT_EQ(*layout.memory, (CgroupPlace{"/sys/fs/cgroup/memory/inner", CgroupVersion::V1}));
}

TEST(CgroupLayout, NoCgroupsMeansNoFreezer) {
  auto layout = CgroupLayout::parse("22 1 0:5 / /proc rw - proc proc rw\n", "", {});
  EXPECT_FALSE(layout.freezer);
  auto groups = PartitionCgroups::create(layout);
  ASSERT_FALSE(groups);
  EXPECT_EQ(groups.error(), "no cgroup freezer: neither a cgroup v2 hierarchy nor a v1 freezer hierarchy is mounted");
}

std::vector<std::string> lines(const std::filesystem::path& file) {
  std::vector<std::string> out;
  std::istringstream in(testing::readFile(file));
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Context switches of a process so far: it ran if they grew.
long switches(const std::string& pid) {
  long total = 0;
  for (const auto& line : lines("/proc/" + pid + "/status"))
    if (line.rfind("voluntary_ctxt_switches:", 0) == 0 || line.rfind("nonvoluntary_ctxt_switches:", 0) == 0)
      total += std::stol(line.substr(line.find(':') + 1));
  return total;
}

// With a v2 freezer a window end freezes the partition program alone: its
// init (bulkhead's own code, waiting for the program's end) sits in the
// partition's group outside the frozen child group and is never woken by
// a freeze or a thaw (in the frozen group it was woken twice per window,
// which made the domain switch cost more than with signals).
TEST(PartitionCgroup, FreezesTheProgramWithoutWakingItsInit) {
  const auto layout = CgroupLayout::detect();
  if (::geteuid() != 0 || !layout.freezer || layout.freezer->version != CgroupVersion::V2)
    GTEST_SKIP() << "needs root and a cgroup v2 freezer: " << layout.describe();
  testing::PlanBuilder b;
  b.partition("first", 2);
  b.partition("second", 3);
  b.periodQueues();
  b.schedule({{1, 1}, {2, 4}, {3, 4}, {0, 1}});
  SupervisorOptions options;  // no frame limit: the helper ends the run once it has looked
  const auto group = layout.freezer->ownDirectory / ("bulkhead-" + std::to_string(::getpid())) / "first";
  std::vector<std::string> init, program;
  long before = -1, after = -1;
  auto waitFor = [](const std::filesystem::path& out, const std::string& text) {
    for (int look = 0; look < 6000 && testing::readFile(out).find(text) == std::string::npos; ++look)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  };
  auto r = testing::runSystem(b.plan(), {{"first", {"sleeper"}}, {"second", {"sleeper"}}}, options,
                              [&](const std::filesystem::path& out, const std::atomic<bool>&) {
    // This thread predates the supervisor's signal mask: SIGTERM blocked
    // here reaches the supervisor's signalfd.
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    ::pthread_sigmask(SIG_BLOCK, &term, nullptr);
    waitFor(out, "first: tick 2 ");
    init = lines(group / "cgroup.procs");
    program = lines(group / "program" / "cgroup.procs");
    if (init.size() == 1) before = switches(init[0]);
    waitFor(out, "first: tick 6 ");  // four more windows, each ended by a freeze
    if (init.size() == 1) after = switches(init[0]);
    ::kill(::getpid(), SIGTERM);
  });
  EXPECT_EQ(r.status, kRunClean) << r.err;
  ASSERT_EQ(init.size(), 1u) << "the partition's group holds its init alone";
  ASSERT_EQ(program.size(), 1u) << "the frozen group holds the program alone";
  EXPECT_NE(init[0], program[0]);
  EXPECT_GE(r.outLines("first: tick").size(), 6u) << r.out;
  EXPECT_EQ(after, before) << "the init ran while its program was frozen and thawed";
}

}  // namespace
}  // namespace bulkhead::supervisor
