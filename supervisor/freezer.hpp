#pragma once
// Enforcement of the domain schedule: stops a partition at its window end
// and releases it at its window start. The cgroup v2 freezer stops every
// thread of the partition wherever it is, without a signal the partition
// could observe; SIGSTOP/SIGCONT is the fallback where no writable cgroup2
// hierarchy exists.
#include <sys/types.h>

#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace bulkhead::supervisor {

enum class FreezerKind { CgroupV2, Signal };

// Freezes one partition's processes.
class Freezer {
 public:
  virtual ~Freezer() = default;
  // Puts `pid` under this freezer; called before the partition program runs.
  virtual std::expected<void, std::string> adopt(pid_t pid, int pidFd) = 0;
  virtual void freeze() = 0;
  virtual void thaw() = 0;
  virtual FreezerKind kind() const = 0;
};

// Makes one Freezer per partition. With cgroup v2, all partitions live in
// one cgroup `bulkhead-<supervisor pid>` below the supervisor's own, removed
// again when the factory is destroyed (after the partitions are reaped).
class FreezerFactory {
 public:
  // Signals when `useSignals`; else cgroup v2 when a writable cgroup2 mount
  // with cgroup.freeze is found, else signals with `notice` saying why.
  static FreezerFactory detect(bool useSignals, std::string& notice);

  FreezerFactory(FreezerFactory&&) noexcept;
  FreezerFactory& operator=(FreezerFactory&&) noexcept;
  ~FreezerFactory();

  FreezerKind kind() const { return root_ ? FreezerKind::CgroupV2 : FreezerKind::Signal; }
  std::expected<std::unique_ptr<Freezer>, std::string> make(const std::string& partitionName);

 private:
  explicit FreezerFactory(std::optional<std::filesystem::path> root) : root_(std::move(root)) {}
  std::optional<std::filesystem::path> root_;  // the supervisor's bulkhead-<pid> cgroup
};

// Where cgroup2 is mounted and this process's cgroup in it, from
// /proc/self/mountinfo and /proc/self/cgroup; nullopt if none.
std::optional<std::filesystem::path> ownCgroup2Directory();

}  // namespace bulkhead::supervisor
