#pragma once
// The supervisor's end of one QEMU ivshmem-doorbell device: it speaks the
// ivshmem server protocol (QEMU docs/specs/ivshmem-spec) on a Unix socket
// of its own, one socket per device, and pretends to be peer 0 of a two-peer
// group whose other peer is the guest (peer 1). On connect it sends, as
// 8-byte little-endian integers, some with one file descriptor attached:
//   protocol version 0; the guest's id 1; -1 with the channel's memory fd;
//   0 with ringFds[v] for every vector v (what the guest's doorbell writes);
//   1 with guestInterruptFd (what QEMU turns into the guest's MSI-X vector 0).
// So no process relays a notification: a guest's doorbell writes the
// receiver's eventfd itself, and an eventfd write raises the guest's
// interrupt, whoever the writer is (supervisor, native partition, other VM).
#include "vm/vm_error.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

namespace bulkhead::vm {

struct IvshmemEndpoint {
  int memoryFd = -1;          // the channel region, read-write (QEMU maps it shared)
  int guestInterruptFd = -1;  // eventfd: a write raises the guest's interrupt (receivers)
  std::vector<int> ringFds;   // eventfds the guest's doorbell writes, one per vector (senders)
};

// ivshmem's BAR2 must be a power of two of at least a page.
std::uint64_t ivshmemRegionSize(std::uint64_t channelBytes);

class IvshmemServer {
 public:
  // Validates the endpoint (a region of ivshmemRegionSize, growing the memfd
  // if it is smaller and not sealed) and listens on `socketPath`.
  static VmResult<std::unique_ptr<IvshmemServer>> listen(const std::filesystem::path& socketPath,
                                                         const IvshmemEndpoint& endpoint);
  ~IvshmemServer();
  IvshmemServer(const IvshmemServer&) = delete;
  IvshmemServer& operator=(const IvshmemServer&) = delete;

  const std::filesystem::path& socketPath() const { return socketPath_; }
  // The device's `vectors` option: one per ring target, at least one.
  int vectors() const;

  // Accepts QEMU's connection and sends the hand-shake. Gives up at
  // `deadline` or as soon as `peerAlive` says QEMU has gone.
  VmResult<void> serve(std::chrono::steady_clock::time_point deadline, const std::function<bool()>& peerAlive);

 private:
  IvshmemServer() = default;

  std::filesystem::path socketPath_;
  IvshmemEndpoint endpoint_;
  int listenFd_ = -1;
  int connectionFd_ = -1;  // kept open: QEMU treats a hang-up as the server going away
};

}  // namespace bulkhead::vm
