#pragma once
// A VM partition's CPU account (supervisor/cpu_account.hpp), for the
// starvation watch: QEMU is stopped and continued with signals, but it is
// moved into a cgroup of its own (one the supervisor's FreezerFactory
// makes, never frozen, without limits), whose cpu.stat and cpu.pressure
// say what they say of a process partition's: the time QEMU's threads ran,
// and the time at least one of them was runnable but kept off the CPU.
// Pressure counts a stall while it lasts; the threads' own schedstat
// counters would not do: a thread's run-queue wait is added only when it
// next gets a CPU, so a window a guest waited out whole would show no
// waiting at all, and a later one all of it (measured here).
//
// QEMU's CPU includes the guest kernel's and the emulator's, no measure of
// the program's Compute_Execution_Time: the account says so (programOnly
// false) and the CPU budget leaves it out.
#include "supervisor/cpu_account.hpp"
#include "supervisor/freezer.hpp"

#include <sys/types.h>

#include <expected>
#include <memory>
#include <optional>
#include <string>

namespace bulkhead::vm {

class QemuCpuAccount {
 public:
  // `group`: the partition's (a signal "freezer" when the run is
  // unconfined: then there is no account).
  explicit QemuCpuAccount(std::unique_ptr<supervisor::Freezer> group) : group_(std::move(group)) {}

  // Moves QEMU's process `pid`, with its threads, into the group (again
  // after a boot restarted under TCG: a new process).
  std::expected<void, std::string> follow(pid_t pid);
  // The account so far; none without a cgroup.
  std::optional<supervisor::CpuAccount> read() const;

 private:
  std::unique_ptr<supervisor::Freezer> group_;
  pid_t followed_ = -1;
};

}  // namespace bulkhead::vm
