#pragma once
// The VM partition's transport (design section 6, team contract): inside
// the guest, hand-over entry i is /dev/uio<i>, bound by our bulkhead_ivshmem
// module. Its uio map 0 is the channel region (the same bytes the
// supervisor formatted), a blocking read() or poll() waits for the guest's
// interrupt, and a write() of peer id 0 rings the doorbell, which QEMU turns
// into a write of the receiver's eventfd on the host.
//
// It also prints the guest program's lines of the seed ("VM App vmproducer
// started", "Setting up outgoing event data port /dev/uio0 4096", ...,
// "Hello from vmproducer's run method") and, before its first wait, the
// marker "bulkhead-guest: waiting" that tells the supervisor start-up is
// over.
#include "runtime/transport.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace bulkhead::runtime {

// The VM's name as the seed prints it: "vm" + the partition's name.
std::string vmName(const std::string& partition);

// UioTransport::create as a TransportChoice's open ("uio"), for the
// programs of VM partitions.
std::expected<std::unique_ptr<Transport>, RuntimeError> openUioTransport(const PartitionSpec& spec);

class UioTransport final : public Transport {
 public:
  // Opens /dev/uio0 .. /dev/uio<n-1> (n = the partition's hand-over count),
  // under `devices` and `sysfs` (the real ones by default; tests use fakes).
  // Blocks SIGTERM/SIGINT except inside wait(), as the native transport does.
  static std::expected<std::unique_ptr<UioTransport>, RuntimeError> create(
      const PartitionSpec& spec, const std::filesystem::path& devices = "/dev",
      const std::filesystem::path& sysfs = "/sys/class/uio");
  ~UioTransport() override;

  std::expected<Attachment, RuntimeError> attach(int handover, Access access,
                                                                   PortCategory category) override;
  Status watch(int handover) override;
  std::expected<WaitOutcome, RuntimeError> wait(std::optional<Nanoseconds> timeout) override;
  // /dev/uio<n> after the n channel devices: the health channel, mapped
  // read-write (the guest's health records go to the supervisor as a
  // native partition's do: through shared memory, no doorbell).
  std::expected<std::span<std::byte>, RuntimeError> attachHealthChannel() override;
  // /dev/uio<n+1>, when the supervisor traces.
  std::expected<std::span<std::byte>, RuntimeError> attachTraceRing() override;

 private:
  struct Device;
  UioTransport() = default;
  // /dev/uio<index> opened read-write, with the size of its map 0 from
  // sysfs; `openErrno` is set when the open itself failed.
  std::expected<std::unique_ptr<Device>, std::string> openDevice(int index, int& openErrno) const;
  // Device `index` after the channel devices, mapped read-write into
  // `device` once; empty when the VM was not given it.
  std::expected<std::span<std::byte>, RuntimeError> mapExtra(int index, const char* what,
                                                              std::unique_ptr<Device>& device);

  std::string vmName_;
  int periodQueue_ = -1;
  std::vector<std::unique_ptr<Device>> devices_;
  std::unique_ptr<Device> healthChannel_;
  std::unique_ptr<Device> traceRing_;
  std::filesystem::path devicesDir_, sysfsDir_;
  std::vector<int> watched_;
  bool announcedRun_ = false;
};

}  // namespace bulkhead::runtime
