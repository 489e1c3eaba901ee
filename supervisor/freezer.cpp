#include "supervisor/freezer.hpp"

#include "supervisor/pidfd.hpp"

#include <signal.h>
#include <unistd.h>

namespace bulkhead::supervisor {
namespace {

class CgroupFreezer final : public Freezer {
 public:
  explicit CgroupFreezer(std::unique_ptr<PartitionCgroup> group) : group_(std::move(group)) {}
  std::expected<void, std::string> adopt(pid_t pid, bool init) override { return group_->adopt(pid, init); }
  void attachProgram(int) override {}
  int programGroupFd() const override { return group_->programGroupFd(); }
  void freeze() override { group_->freeze(); }
  void thaw() override { group_->thaw(); }
  void freezeWhole() override { group_->freezeWhole(); }
  FreezerKind kind() const override { return FreezerKind::Cgroup; }
  std::optional<CpuAccount> cpuAccount() const override { return group_->cpuAccount(); }

 private:
  std::unique_ptr<PartitionCgroup> group_;
};

// pidfd_send_signal cannot hit a recycled pid, unlike kill().
class SignalFreezer final : public Freezer {
 public:
  std::expected<void, std::string> adopt(pid_t, bool) override { return {}; }
  void attachProgram(int programPidFd) override { pidFd_ = programPidFd; }
  void freeze() override { pidfdSignal(pidFd_, SIGSTOP); }
  void thaw() override { pidfdSignal(pidFd_, SIGCONT); }
  FreezerKind kind() const override { return FreezerKind::Signal; }

 private:
  int pidFd_ = -1;
};

}  // namespace

std::expected<FreezerFactory, std::string> FreezerFactory::confined() {
  if (::geteuid() != 0) return std::unexpected(std::string("not running as root"));
  auto layout = CgroupLayout::detect();
  removeStaleGroups(layout);
  auto groups = PartitionCgroups::create(layout);
  if (!groups) return std::unexpected(groups.error());
  FreezerFactory factory;
  factory.cgroups_.emplace(std::move(*groups));
  return factory;
}

FreezerFactory FreezerFactory::unconfined() { return FreezerFactory(); }

FreezerFactory::~FreezerFactory() = default;

std::string FreezerFactory::describe() const {
  return cgroups_ ? "cgroups (" + cgroups_->layout().describe() + ")" : std::string("signals");
}

std::expected<std::unique_ptr<Freezer>, std::string> FreezerFactory::make(const std::string& partitionName,
                                                                         const CgroupLimits& limits) {
  if (!cgroups_) return std::make_unique<SignalFreezer>();
  auto group = cgroups_->make(partitionName, limits);
  if (!group) return std::unexpected(group.error());
  return std::make_unique<CgroupFreezer>(std::move(*group));
}

}  // namespace bulkhead::supervisor
