#include "vm/qemu_host_factory.hpp"

#include "supervisor/console.hpp"
#include "base/errno_text.hpp"
#include "base/find_on_path.hpp"
#include "vm/vm_partition_host.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace bulkhead::vm {

bool qemuAvailable() { return !base::findOnPath("qemu-system-x86_64").empty(); }

supervisor::HostFactory qemuHostFactory(ProgramLookup programFor, supervisor::HostFactory native) {
  return [programFor = std::move(programFor), native = std::move(native)](
             supervisor::LaunchContext& c) -> std::expected<std::unique_ptr<supervisor::PartitionHost>, std::string> {
    const plan::Partition& partition = c.plan.partitions.at(static_cast<std::size_t>(c.partition));
    if (partition.kind != plan::PartitionKind::VirtualMachine) return native(c);
    auto program = programFor(partition);
    if (!program) return std::unexpected(program.error());
    VmPartitionConfig config;
    config.partition = partition.name;
    config.program = *program;
    config.planFingerprint = c.partitionEnvironment.planFingerprint;
    config.timeScale = c.partitionEnvironment.timeScale;
    supervisor::Console& console = c.console;
    config.progress = [&console](const std::string& line) { console.report(line); };
    for (const supervisor::ChannelHandover& entry : c.channels) {
      VmChannelEndpoint endpoint;
      endpoint.sending = entry.writable;
      endpoint.eventFd = entry.eventFd;
      endpoint.memoryFd = entry.memoryFd;
      if (!entry.writable) {
        // Receivers are handed a read-only descriptor; QEMU maps every
        // ivshmem region read-write, so the VM host opens the same memory
        // read-write for QEMU (the guest program still maps it read-only).
        std::string self = "/proc/self/fd/" + std::to_string(entry.memoryFd);
        endpoint.memoryFd = ::open(self.c_str(), O_RDWR | O_CLOEXEC);
        if (endpoint.memoryFd < 0)
          return std::unexpected(
              base::errnoText("VM vm" + partition.name + ": cannot open channel memory read-write for QEMU"));
        endpoint.ownsMemoryFd = true;
      }
      if (endpoint.eventFd < 0) {  // nothing ever notifies this entry
        endpoint.eventFd = ::eventfd(0, EFD_CLOEXEC);
        endpoint.ownsEventFd = true;
      }
      config.channels.push_back(endpoint);
    }
    // A cgroup of its own, for QEMU's CPU account only: never frozen (QEMU
    // is stopped with signals) and without the program's limits.
    auto cpuGroup = c.freezers.make(partition.name);
    if (!cpuGroup) return std::unexpected("VM vm" + partition.name + ": " + cpuGroup.error());
    return std::make_unique<VmPartitionHost>(std::move(config), std::move(*cpuGroup));
  };
}

}  // namespace bulkhead::vm
