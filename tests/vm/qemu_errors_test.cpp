// Launch errors that need no guest boot.
#include "vm/qemu_partition.hpp"
#include "vm/vm_partition_host.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

namespace bulkhead::vm {
namespace {

TEST(QemuPartitionErrors, QemuMissing) {
  test::TempDir dir;
  test::writeText(dir.path() / "vmlinuz", "k");
  test::writeText(dir.path() / "initrd", "i");
  QemuPartitionSpec spec;
  spec.name = "vmproducer";
  spec.kernelImage = dir.path() / "vmlinuz";
  spec.initramfs = dir.path() / "initrd";
  spec.qemuProgram = "bulkhead-no-such-qemu";
  auto vm = QemuPartition::launch(spec);
  ASSERT_FALSE(vm);
  EXPECT_EQ(vm.error().message,
            "VM vmproducer: QEMU is not installed: bulkhead-no-such-qemu not found on PATH (install the Debian "
            "package qemu-system-x86, or run with --vm=process)");
}

TEST(QemuPartitionErrors, KernelMissing) {
  test::TempDir dir;
  test::writeText(dir.path() / "initrd", "i");
  QemuPartitionSpec spec;
  spec.name = "vmconsumer";
  spec.kernelImage = dir.path() / "vmlinuz";
  spec.initramfs = dir.path() / "initrd";
  spec.qemuProgram = "/bin/true";
  auto vm = QemuPartition::launch(spec);
  ASSERT_FALSE(vm);
  EXPECT_EQ(vm.error().message, "VM vmconsumer: guest kernel " + (dir.path() / "vmlinuz").string() + " is missing");
}

TEST(QemuPartitionErrors, EnvironmentThatCannotCrossTheCommandLine) {
  test::TempDir dir;
  test::writeText(dir.path() / "vmlinuz", "k");
  test::writeText(dir.path() / "initrd", "i");
  QemuPartitionSpec spec;
  spec.name = "vm";
  spec.kernelImage = dir.path() / "vmlinuz";
  spec.initramfs = dir.path() / "initrd";
  spec.qemuProgram = "/bin/true";
  spec.environment = {{"BULKHEAD_PARTITION", "has space"}};
  auto vm = QemuPartition::launch(spec);
  ASSERT_FALSE(vm);
  EXPECT_EQ(vm.error().message,
            "VM vm: environment BULKHEAD_PARTITION=has space cannot cross the kernel command line (no spaces, "
            "quotes, dots in names or empty values)");
}

TEST(QemuPartitionErrors, QemuThatDiesBeforeConnecting) {
  test::TempDir dir;
  test::writeText(dir.path() / "vmlinuz", "k");
  test::writeText(dir.path() / "initrd", "i");
  int memory = ::memfd_create("channel", MFD_CLOEXEC);
  ASSERT_EQ(::ftruncate(memory, 4096), 0);
  int interrupt = ::eventfd(0, EFD_CLOEXEC);
  QemuPartitionSpec spec;
  spec.name = "vm";
  spec.kernelImage = dir.path() / "vmlinuz";
  spec.initramfs = dir.path() / "initrd";
  spec.qemuProgram = "/bin/false";
  spec.accelerator = Accelerator::Tcg;
  spec.endpoints = {IvshmemEndpoint{memory, interrupt, {}}};
  auto vm = QemuPartition::launch(spec);
  ASSERT_FALSE(vm);
  EXPECT_TRUE(vm.error().message.starts_with("VM vm: channel device 0: QEMU exited before connecting to "))
      << vm.error().message;
  ::close(memory);
  ::close(interrupt);
}

TEST(VmPartitionHostErrors, KernelPackageMissing) {
  test::TempDir root;
  VmPartitionConfig config;
  config.partition = "producer";
  config.program = VM_GUEST_PROBE;
  config.guestRoot = root.path();
  VmPartitionHost host(config);
  auto started = host.start();
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error(), "VM vmproducer: no guest kernel: no " + (root.path() / "boot" / "vmlinuz-*").string() +
                                 " (install the Debian package linux-image-amd64)");
}

}  // namespace
}  // namespace bulkhead::vm
