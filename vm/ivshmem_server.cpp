#include "vm/ivshmem_server.hpp"

#include "base/errno_text.hpp"

#include <bit>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace bulkhead::vm {

namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kProtocolVersion = 0;
constexpr std::int64_t kSupervisorPeer = 0;
constexpr std::int64_t kGuestPeer = 1;
constexpr std::int64_t kSharedMemory = -1;

VmResult<void> sendMessage(int socket, std::int64_t value, int fd) {
  // The protocol is little-endian; so is every host QEMU/x86 runs this on.
  static_assert(std::endian::native == std::endian::little);
  iovec data{&value, sizeof value};
  msghdr message{};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  if (fd >= 0) {
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    cmsghdr* header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(header), &fd, sizeof fd);
  }
  for (;;) {
    ssize_t n = ::sendmsg(socket, &message, MSG_NOSIGNAL);
    if (n == static_cast<ssize_t>(sizeof value)) return {};
    if (n < 0 && errno == EINTR) continue;
    return vmFail(n < 0 ? base::errnoText("ivshmem server: sendmsg") : "ivshmem server: short sendmsg");
  }
}

}  // namespace

std::uint64_t ivshmemRegionSize(std::uint64_t channelBytes) {
  return std::bit_ceil(std::max<std::uint64_t>(channelBytes, 4096));
}

VmResult<std::unique_ptr<IvshmemServer>> IvshmemServer::listen(const fs::path& socketPath,
                                                               const IvshmemEndpoint& endpoint) {
  struct stat info {};
  if (::fstat(endpoint.memoryFd, &info) != 0) return vmFail(base::errnoText("ivshmem server: channel memory fd"));
  auto size = static_cast<std::uint64_t>(info.st_size);
  if (size != ivshmemRegionSize(size)) {
    // Growing keeps every existing mapping of the region valid.
    if (::ftruncate(endpoint.memoryFd, static_cast<off_t>(ivshmemRegionSize(size))) != 0)
      return vmFail("channel region of " + std::to_string(size) +
                    " bytes cannot be shared with a VM: ivshmem needs a power of two of at least 4096 bytes (" +
                    std::to_string(ivshmemRegionSize(size)) + ") and growing it failed: " + std::strerror(errno));
  }
  if (endpoint.guestInterruptFd < 0) return vmFail("ivshmem server: no guest interrupt eventfd");
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socketPath.native().size() >= sizeof address.sun_path)
    return vmFail("ivshmem server: socket path too long: " + socketPath.string());
  std::strcpy(address.sun_path, socketPath.c_str());
  std::unique_ptr<IvshmemServer> server(new IvshmemServer());
  server->socketPath_ = socketPath;
  server->endpoint_ = endpoint;
  server->listenFd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (server->listenFd_ < 0) return vmFail(base::errnoText("ivshmem server: socket"));
  ::unlink(socketPath.c_str());
  if (::bind(server->listenFd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    return vmFail(base::errnoText("ivshmem server: bind " + socketPath.string()));
  if (::listen(server->listenFd_, 1) != 0) return vmFail(base::errnoText("ivshmem server: listen"));
  return server;
}

IvshmemServer::~IvshmemServer() {
  if (connectionFd_ >= 0) ::close(connectionFd_);
  if (listenFd_ >= 0) {
    ::close(listenFd_);
    ::unlink(socketPath_.c_str());
  }
}

int IvshmemServer::vectors() const { return std::max<int>(1, static_cast<int>(endpoint_.ringFds.size())); }

VmResult<void> IvshmemServer::serve(std::chrono::steady_clock::time_point deadline,
                                    const std::function<bool()>& peerAlive) {
  // QEMU connects while it creates its chardevs and then blocks reading
  // the hand-shake; poll in short steps so a QEMU that died is seen early.
  while (connectionFd_ < 0) {
    if (std::chrono::steady_clock::now() >= deadline)
      return vmFail("QEMU did not connect to " + socketPath_.string() + " in time");
    if (peerAlive && !peerAlive()) return vmFail("QEMU exited before connecting to " + socketPath_.string());
    pollfd ready{listenFd_, POLLIN, 0};
    int n = ::poll(&ready, 1, 50);
    if (n < 0 && errno != EINTR) return vmFail(base::errnoText("ivshmem server: poll"));
    if (n > 0) {
      connectionFd_ = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (connectionFd_ < 0 && errno != EINTR && errno != EAGAIN) return vmFail(base::errnoText("ivshmem server: accept"));
    }
  }
  const int socket = connectionFd_;
  if (auto r = sendMessage(socket, kProtocolVersion, -1); !r) return r;
  if (auto r = sendMessage(socket, kGuestPeer, -1); !r) return r;
  if (auto r = sendMessage(socket, kSharedMemory, endpoint_.memoryFd); !r) return r;
  for (int ring : endpoint_.ringFds)
    if (auto r = sendMessage(socket, kSupervisorPeer, ring); !r) return r;
  return sendMessage(socket, kGuestPeer, endpoint_.guestInterruptFd);
}

}  // namespace bulkhead::vm
