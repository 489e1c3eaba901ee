#pragma once
// One cgroup per partition (docs/design.md section 7): the supervisor creates it
// before the partition program runs and removes it after the partition has
// been reaped. It freezes the partition outside its windows and bounds its
// memory, its tasks (threads and processes) and its CPU time.
//
// Machines differ: pure cgroup v2, pure v1, or hybrid (a v2 hierarchy
// without controllers beside v1 hierarchies for cpu, memory, pids and
// freezer). Each controller is taken from v2 where it is enabled there and
// from its v1 hierarchy otherwise; the freezer is v2's cgroup.freeze (any
// non-root v2 group has it) else v1's freezer.state. The layout is read
// from /proc/self/mountinfo and /proc/self/cgroup, never assumed.
#include "supervisor/cpu_account.hpp"

#include <sys/types.h>

#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::supervisor {

enum class CgroupVersion { V1, V2 };

// Where one controller is: the hierarchy's directory of this process's own
// cgroup, below which the supervisor makes its groups.
struct CgroupPlace {
  std::filesystem::path ownDirectory;
  CgroupVersion version = CgroupVersion::V1;
  bool operator==(const CgroupPlace&) const = default;
};

struct CgroupLayout {
  std::optional<CgroupPlace> freezer, cpu, memory, pids;

  // Reads this machine's layout. `v2Controllers(dir)` answers which
  // controllers a v2 group's children may use (tests pass their own).
  static CgroupLayout detect();
  // The same from the texts of /proc/self/mountinfo and /proc/self/cgroup;
  // `delegated` lists the controllers enabled for children of this
  // process's own v2 group (its cgroup.subtree_control, or its
  // cgroup.controllers when it is the hierarchy's root).
  static CgroupLayout parse(std::string_view mountinfo, std::string_view procCgroup,
                            const std::vector<std::string>& delegated);

  // "freezer v2, cpu v1, memory v1, pids v1" for notices and --stats.
  std::string describe() const;
};

// A partition's limits; 0 means none.
struct CgroupLimits {
  std::uint64_t memoryBytes = 0;   // memory.max / memory.limit_in_bytes
  std::uint64_t maxTasks = 0;      // pids.max: threads and processes together
  std::uint32_t cpuPercent = 0;    // of one CPU, as CFS bandwidth (cpu.max / cfs_quota_us)
};

// One partition's groups, one per hierarchy used.
class PartitionCgroup {
 public:
  ~PartitionCgroup();
  PartitionCgroup(const PartitionCgroup&) = delete;
  PartitionCgroup& operator=(const PartitionCgroup&) = delete;

  // Moves `pid` into every group; before the partition program runs. An
  // init (a pid namespace's first process, bulkhead's own code) stays out
  // of the frozen group: it starts the program into programGroupFd().
  std::expected<void, std::string> adopt(pid_t pid, bool init);
  void freeze();
  void thaw();
  // Freezes the init as well until the next thaw (a restart starts frozen).
  void freezeWhole();
  // The directory of the group the program must be started in (clone3's
  // CLONE_INTO_CGROUP), -1 without one (a v1 freezer: init and program
  // share the frozen group). With a v2 freezer the program sits in a child
  // group `program` of its own, frozen without its init: a freeze and a
  // thaw then wake one process, not two (the init would wake to enter the
  // freezer and again to leave it, doubling the cost of a domain switch).
  int programGroupFd() const { return programDirFd_; }
  // Every process of the partition, as this process's pid namespace numbers
  // them (the cgroup's own list: the partition's pid namespace is opaque).
  std::vector<pid_t> processes() const;
  // CPU time used by the whole partition so far (v2's cpu.stat, which
  // every v2 group has) and waited for (v2's cpu.pressure, where the
  // kernel has pressure stall information); none with a v1 freezer. Read
  // through descriptors kept open: the schedule walk reads it at every
  // window boundary.
  std::optional<CpuAccount> cpuAccount() const;
  CgroupVersion freezerVersion() const { return freezerVersion_; }

 private:
  friend class PartitionCgroups;
  PartitionCgroup() = default;
  std::vector<std::filesystem::path> directories_;  // created here, removed in reverse
  std::filesystem::path procsList_;                 // cgroup.procs of the frozen group
  std::filesystem::path wholeGroup_, programGroup_; // v2: the partition's group and its `program` child
  int freezeFd_ = -1;                               // the frozen group's cgroup.freeze or freezer.state
  int wholeFreezeFd_ = -1, programDirFd_ = -1;      // v2 only
  bool wholeFrozen_ = false;
  int cpuStatFd_ = -1, cpuPressureFd_ = -1;  // v2 only
  CgroupVersion freezerVersion_ = CgroupVersion::V2;
};

// The supervisor's own group `bulkhead-<pid>` in each hierarchy used,
// holding one group per partition; removed when destroyed (after the
// partitions are reaped).
class PartitionCgroups {
 public:
  // Fails (with the reason) when no freezer can be used: no cgroup
  // hierarchy with a freezer, or not writable (not root).
  static std::expected<PartitionCgroups, std::string> create(const CgroupLayout& layout);

  PartitionCgroups(PartitionCgroups&&) noexcept;
  PartitionCgroups& operator=(PartitionCgroups&&) noexcept;
  ~PartitionCgroups();

  std::expected<std::unique_ptr<PartitionCgroup>, std::string> make(const std::string& partitionName,
                                                                   const CgroupLimits& limits);
  const CgroupLayout& layout() const { return layout_; }

 private:
  PartitionCgroups() = default;
  void removeAll();
  CgroupLayout layout_;
  struct Root {
    std::filesystem::path directory;
    CgroupVersion version;
  };
  std::vector<Root> roots_;  // bulkhead-<pid> in each hierarchy used
};

// Groups `bulkhead-<pid>` left behind by supervisors that were killed
// (SIGKILL leaves no chance to remove them) are removed when empty.
void removeStaleGroups(const CgroupLayout& layout);

}  // namespace bulkhead::supervisor
