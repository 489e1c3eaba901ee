#include "vm/ivshmem_server.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

namespace bulkhead::vm {
namespace {

using namespace std::chrono_literals;

struct Message {
  std::int64_t value = 0;
  int fd = -1;
};

// Plays QEMU's part: connect and read one message with its optional fd.
int connectTo(const std::filesystem::path& path) {
  int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strcpy(address.sun_path, path.c_str());
  EXPECT_EQ(::connect(s, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  return s;
}

Message receive(int s) {
  Message m;
  iovec data{&m.value, sizeof m.value};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
  msghdr header{};
  header.msg_iov = &data;
  header.msg_iovlen = 1;
  header.msg_control = control;
  header.msg_controllen = sizeof control;
  EXPECT_EQ(::recvmsg(s, &header, 0), 8);
  if (cmsghdr* c = CMSG_FIRSTHDR(&header); c && c->cmsg_type == SCM_RIGHTS) std::memcpy(&m.fd, CMSG_DATA(c), sizeof(int));
  return m;
}

TEST(IvshmemServer, RegionSizeIsAPowerOfTwoOfAtLeastAPage) {
  EXPECT_EQ(ivshmemRegionSize(1), 4096u);
  EXPECT_EQ(ivshmemRegionSize(4096), 4096u);
  EXPECT_EQ(ivshmemRegionSize(4097), 8192u);
  EXPECT_EQ(ivshmemRegionSize(70000), 131072u);
}

TEST(IvshmemServer, SpeaksTheProtocolAsPeerZero) {
  test::TempDir dir;
  int memory = ::memfd_create("channel", MFD_CLOEXEC);
  ASSERT_EQ(::ftruncate(memory, 5000), 0);  // not a power of two: the server grows it
  int interrupt = ::eventfd(0, EFD_CLOEXEC);
  int ringA = ::eventfd(0, EFD_CLOEXEC), ringB = ::eventfd(0, EFD_CLOEXEC);
  auto server = IvshmemServer::listen(dir.path() / "s.sock", IvshmemEndpoint{memory, interrupt, {ringA, ringB}});
  ASSERT_TRUE(server) << server.error().message;
  EXPECT_EQ((*server)->vectors(), 2);
  struct stat info {};
  ::fstat(memory, &info);
  EXPECT_EQ(info.st_size, 8192);

  int client = connectTo(dir.path() / "s.sock");
  auto served = (*server)->serve(std::chrono::steady_clock::now() + 5s, [] { return true; });
  ASSERT_TRUE(served) << served.error().message;

  Message version = receive(client), id = receive(client), shm = receive(client);
  EXPECT_EQ(version.value, 0);
  EXPECT_EQ(version.fd, -1);
  EXPECT_EQ(id.value, 1);
  EXPECT_EQ(id.fd, -1);
  EXPECT_EQ(shm.value, -1);
  ASSERT_GE(shm.fd, 0);
  Message vector0 = receive(client), vector1 = receive(client), own = receive(client);
  EXPECT_EQ(vector0.value, 0);
  EXPECT_EQ(vector1.value, 0);
  EXPECT_EQ(own.value, 1);

  // The received descriptors are the endpoint's: shared memory and eventfds.
  auto* mine = static_cast<char*>(::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, memory, 0));
  auto* theirs = static_cast<char*>(::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, shm.fd, 0));
  std::strcpy(mine, "channel bytes");
  EXPECT_STREQ(theirs, "channel bytes");
  ::eventfd_write(vector1.fd, 3);  // QEMU does this on a doorbell write to vector 1
  eventfd_t count = 0;
  ::eventfd_read(ringB, &count);
  EXPECT_EQ(count, 3u);
  ::eventfd_write(interrupt, 1);  // the supervisor raising the guest's interrupt
  ::eventfd_read(own.fd, &count);
  EXPECT_EQ(count, 1u);

  ::munmap(mine, 4096);
  ::munmap(theirs, 4096);
  for (int fd : {client, shm.fd, vector0.fd, vector1.fd, own.fd, memory, interrupt, ringA, ringB}) ::close(fd);
}

TEST(IvshmemServer, GivesUpWhenQemuIsGone) {
  test::TempDir dir;
  int memory = ::memfd_create("channel", MFD_CLOEXEC);
  ASSERT_EQ(::ftruncate(memory, 4096), 0);
  int interrupt = ::eventfd(0, EFD_CLOEXEC);
  auto server = IvshmemServer::listen(dir.path() / "s.sock", IvshmemEndpoint{memory, interrupt, {}});
  ASSERT_TRUE(server);
  auto served = (*server)->serve(std::chrono::steady_clock::now() + 5s, [] { return false; });
  ASSERT_FALSE(served);
  EXPECT_EQ(served.error().message, "QEMU exited before connecting to " + (dir.path() / "s.sock").string());
  ::close(memory);
  ::close(interrupt);
}

TEST(IvshmemServer, SealedRegionOfTheWrongSizeIsRejected) {
  test::TempDir dir;
  int memory = ::memfd_create("channel", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  ASSERT_EQ(::ftruncate(memory, 5000), 0);
  ASSERT_EQ(::fcntl(memory, F_ADD_SEALS, F_SEAL_GROW | F_SEAL_SHRINK), 0);
  int interrupt = ::eventfd(0, EFD_CLOEXEC);
  auto server = IvshmemServer::listen(dir.path() / "s.sock", IvshmemEndpoint{memory, interrupt, {}});
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().message,
            "channel region of 5000 bytes cannot be shared with a VM: ivshmem needs a power of two of at least "
            "4096 bytes (8192) and growing it failed: Operation not permitted");
  ::close(memory);
  ::close(interrupt);
}

}  // namespace
}  // namespace bulkhead::vm
