// Where each cgroup controller is taken from, for the layouts machines
// have: hybrid (a v2 hierarchy without controllers beside v1 ones), pure
// v2, pure v1, and a v1 hierarchy mounted from a sub-tree (containers).
#include "supervisor/cgroups.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace bulkhead::supervisor
