#include "vm/qemu_cpu_account.hpp"

namespace bulkhead::vm {

std::expected<void, std::string> QemuCpuAccount::follow(pid_t pid) {
  if (pid <= 0 || pid == followed_) return {};
  if (auto adopted = group_->adopt(pid, /*init=*/false); !adopted) return adopted;  // where cpuAccount() reads
  followed_ = pid;
  return {};
}

std::optional<supervisor::CpuAccount> QemuCpuAccount::read() const {
  if (followed_ <= 0) return std::nullopt;
  auto account = group_->cpuAccount();
  if (account) account->programOnly = false;
  return account;
}

}  // namespace bulkhead::vm
