#include "vm/vm_partition_host.hpp"

#include "contract/environment.hpp"
#include "vm/file_io.hpp"
#include "vm/guest_image.hpp"
#include "vm/guest_kernel.hpp"
#include "vm/guest_module.hpp"
#include "vm/guest_packages.hpp"

#include <csignal>
#include <cstdio>
#include <sys/eventfd.h>
#include <unistd.h>

namespace bulkhead::vm {

VmPartitionHost::VmPartitionHost(VmPartitionConfig config, std::unique_ptr<supervisor::Freezer> cpuGroup)
    : config_(std::move(config)), vmName_("vm" + config_.partition) {
  if (cpuGroup) cpuAccount_.emplace(std::move(cpuGroup));
}

VmPartitionHost::~VmPartitionHost() {
  vm_.reset();
  for (int fd : unusedInterrupts_) ::close(fd);
  for (const VmChannelEndpoint& channel : config_.channels) {
    if (channel.ownsMemoryFd) ::close(channel.memoryFd);
    if (channel.ownsEventFd) ::close(channel.eventFd);
  }
}

std::expected<void, std::string> VmPartitionHost::start() {
  auto packages = findGuestPackages(config_.guestRoot);
  if (!packages) return std::unexpected("VM " + vmName_ + ": " + packages.error().message);
  auto cache = cacheDirectory();
  if (!cache) return std::unexpected(cache.error().message);
  auto module = guestModule(*packages, *cache, config_.progress);
  if (!module) return std::unexpected("VM " + vmName_ + ": " + module.error().message);
  auto image = buildGuestImage(*packages, *module, config_.program, *cache);
  if (!image) return std::unexpected("VM " + vmName_ + ": " + image.error().message);
  auto kernel = guestKernel(*packages, *cache);
  if (!kernel) return std::unexpected("VM " + vmName_ + ": " + kernel.error().message);
  if (!kernel->pvh && config_.progress)
    config_.progress("partition " + vmName_ + ": booting the compressed kernel (slower under TCG): " + kernel->why);

  QemuPartitionSpec spec;
  spec.name = vmName_;
  spec.kernelImage = kernel->image;
  spec.initramfs = image->initramfs;
  spec.accelerator = config_.accelerator;
  spec.bootTimeout = config_.bootTimeout;
  spec.progress = config_.progress;
  // Always a first start (restart 0): a VM partition is never restarted
  // (plan/health_policy.cpp refuses it the Restart policy, and this host
  // is not restartable).
  spec.environment = contract::environmentEntries(contract::PartitionEnvironment{
      config_.partition, config_.planFingerprint, contract::kGuestTransport, 0, config_.timeScale});
  for (const VmChannelEndpoint& channel : config_.channels) {
    if (channel.sending) {
      // The guest's doorbell writes the receiver's eventfd directly; its own
      // interrupt on a sending channel is never raised.
      int unused = ::eventfd(0, EFD_CLOEXEC);
      if (unused < 0) return std::unexpected("VM " + vmName_ + ": eventfd failed");
      unusedInterrupts_.push_back(unused);
      spec.endpoints.push_back(IvshmemEndpoint{channel.memoryFd, unused, {channel.eventFd}});
    } else {
      spec.endpoints.push_back(IvshmemEndpoint{channel.memoryFd, channel.eventFd, {}});
    }
  }
  auto vm = QemuPartition::launch(spec);
  if (!vm) return std::unexpected(vm.error().message);
  vm_ = std::move(*vm);
  return followQemu();
}

std::expected<void, std::string> VmPartitionHost::followQemu() {
  if (!cpuAccount_) return {};
  auto followed = cpuAccount_->follow(vm_->processId());
  if (!followed) return std::unexpected("VM " + vmName_ + ": " + followed.error());
  return {};
}

bool VmPartitionHost::startupComplete() {
  if (!vm_) return true;
  if (!bootFailure_.empty()) return true;
  auto up = vm_->pollUp();
  if (auto followed = up ? followQemu() : std::expected<void, std::string>(); !followed) {
    // A boot restarted under TCG is a new QEMU process; it could not be
    // moved into the account's cgroup.
    bootFailure_ = followed.error();
    vm_->kill();
    return true;
  }
  if (!up) {
    // Reported by collectExit(); stop the VM so exitFd() fires.
    bootFailure_ = up.error().message;
    vm_->kill();
    return true;
  }
  return *up && vm_->state() != GuestState::Up;  // Waiting (or Exited)
}

void VmPartitionHost::freeze() {
  if (vm_) vm_->freeze();
}
void VmPartitionHost::thaw() {
  if (vm_) vm_->thaw();
}
void VmPartitionHost::terminate() {
  if (vm_) vm_->terminate();
}
void VmPartitionHost::kill() {
  if (vm_) vm_->kill();
}
int VmPartitionHost::outputFd() const { return vm_ ? vm_->consoleFd() : -1; }
int VmPartitionHost::exitFd() const { return vm_ ? vm_->exitFd() : -1; }
pid_t VmPartitionHost::processId() const { return vm_ ? vm_->processId() : -1; }

std::optional<supervisor::CpuAccount> VmPartitionHost::cpuAccount() const {
  return cpuAccount_ ? cpuAccount_->read() : std::nullopt;
}

std::vector<supervisor::OutputSource> VmPartitionHost::outputs() const {
  if (!vm_) return {};
  return {supervisor::OutputSource{vm_->consoleFd(), supervisor::OutputStream::Stdout, outputPrefix()}};
}

std::expected<supervisor::ExitStatus, std::string> VmPartitionHost::collectExit() {
  if (!vm_) return std::unexpected("VM " + vmName_ + " was not started");
  auto status = vm_->collectExit();
  if (!status) return std::unexpected("VM " + vmName_ + " is still running");
  if (!bootFailure_.empty()) return std::unexpected(bootFailure_);
  supervisor::ExitStatus exit;
  if (*status > 128 && *status < 128 + 65) {
    exit.signalled = true;
    exit.signal = *status - 128;
  } else {
    exit.code = *status;
  }
  if (exit.code != 0 || exit.signalled) {
    std::string report = vm_->failureReport();
    if (!report.empty()) return std::unexpected("VM " + vmName_ + " ended:" + report);
  }
  return exit;
}

}  // namespace bulkhead::vm
