#pragma once
// Enforcement of the domain schedule: stops a partition at its window end
// and releases it at its window start. The cgroup freezer (cgroups.hpp: v2
// cgroup.freeze, else v1 freezer.state) stops every thread of the
// partition wherever it is, however hostile: a same-priority SCHED_FIFO
// spinner, a timer sending itself SIGCONT. It is the only freezer bulkhead
// runs with unless told `--unconfined`; then SIGSTOP/SIGCONT stand in, and
// neither of those attacks is contained (the run says so).
#include "supervisor/cgroups.hpp"

#include <sys/types.h>

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

enum class FreezerKind { Cgroup, Signal };

// Freezes one partition's processes.
class Freezer {
 public:
  virtual ~Freezer() = default;
  // Puts the partition's first process under this freezer, before it runs
  // anything of the partition. `init`: it is its pid namespace's init,
  // which starts the program into programGroupFd() where that is not -1
  // (else the program inherits the init's group).
  virtual std::expected<void, std::string> adopt(pid_t pid, bool init) = 0;
  // The partition program's own pidfd, once it runs (the signal freezer
  // stops that process; the first one may be its pid namespace's init).
  virtual void attachProgram(int programPidFd) = 0;
  // A cgroup directory for clone3's CLONE_INTO_CGROUP, or -1 (cgroups.hpp).
  virtual int programGroupFd() const { return -1; }
  virtual void freeze() = 0;
  virtual void thaw() = 0;
  // A restart is held, its init included, until its first window.
  virtual void freezeWhole() { freeze(); }
  virtual FreezerKind kind() const = 0;
  // CPU time the partition used and waited for so far, where its cgroup tells.
  virtual std::optional<CpuAccount> cpuAccount() const { return std::nullopt; }
};

// Makes one Freezer per partition: a cgroup each (with its limits), or
// signals when unconfined.
class FreezerFactory {
 public:
  // The partitions' cgroups; an error says why there are none (no root,
  // no freezer hierarchy) and the run must stop unless unconfined.
  static std::expected<FreezerFactory, std::string> confined();
  static FreezerFactory unconfined();

  FreezerFactory(FreezerFactory&&) noexcept = default;
  FreezerFactory& operator=(FreezerFactory&&) noexcept = default;
  ~FreezerFactory();

  FreezerKind kind() const { return cgroups_ ? FreezerKind::Cgroup : FreezerKind::Signal; }
  // "cgroups: freezer v2, cpu v1, ..." or "signals".
  std::string describe() const;
  std::expected<std::unique_ptr<Freezer>, std::string> make(const std::string& partitionName,
                                                           const CgroupLimits& limits = {});

 private:
  FreezerFactory() = default;
  std::optional<PartitionCgroups> cgroups_;
};

}  // namespace bulkhead::supervisor
