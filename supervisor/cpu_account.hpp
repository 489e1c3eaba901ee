#pragma once
// What the host's scheduler says of a partition's CPU so far: the time its
// threads ran, and (where the kernel keeps pressure stall information for
// its cgroup) the time at least one of them was runnable but kept off the
// CPU by other work. Both only grow over a partition's life.
#include <cstdint>
#include <optional>

namespace bulkhead::supervisor {

struct CpuAccount {
  std::uint64_t usedUs = 0;
  std::optional<std::uint64_t> waitedUs;  // cgroup v2 cpu.pressure "some" total
  // Whether usedUs is the partition program's threads' alone, comparable
  // with its Compute_Execution_Time; a VM's QEMU also runs the guest kernel
  // and the emulator (vm/qemu_cpu_account.hpp).
  bool programOnly = true;
};

}  // namespace bulkhead::supervisor
