#pragma once
// One entry of a partition's channel hand-over (team contract): the
// channel's shared memory and its notification eventfd. For a receiving
// port the memory fd is read-only; it stays owned by the supervisor's
// ChannelSet.
namespace bulkhead::supervisor {

struct ChannelHandover {
  int memoryFd = -1;
  int eventFd = -1;
  bool writable = false;  // the partition sends on this channel
};

}  // namespace bulkhead::supervisor
