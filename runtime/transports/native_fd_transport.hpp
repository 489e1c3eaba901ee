#pragma once
// The native partition's transport (team contract): for the i-th channel in
// hand-over order the supervisor passes fd 3+2i (the shared-memory memfd;
// receivers get one that only maps read-only) and fd 4+2i (its eventfd);
// after the channels its health channel, then (traced) its trace ring.
// Waiting is a ppoll over the watched eventfds, stop signals as
// stop_signals.hpp says.
#include "channel/eventfd_notification.hpp"
#include "channel/shared_region.hpp"
#include "runtime/transport.hpp"

#include <csignal>
#include <poll.h>
#include <memory>
#include <vector>

namespace bulkhead::runtime {

class NativeFdTransport final : public Transport {
 public:
  // Blocks SIGTERM/SIGINT for the whole process (they are taken only in
  // wait()); `channelCount` is the number of hand-over entries expected.
  static std::expected<std::unique_ptr<NativeFdTransport>, RuntimeError> create(int channelCount);

  std::expected<Attachment, RuntimeError> attach(int handover, Access access,
                                                 PortCategory category) override;
  Status watch(int handover) override;
  std::expected<WaitOutcome, RuntimeError> wait(std::optional<Nanoseconds> timeout) override;
  std::expected<std::span<std::byte>, RuntimeError> attachHealthChannel() override;
  std::expected<std::span<std::byte>, RuntimeError> attachTraceRing() override;

 private:
  explicit NativeFdTransport(int channelCount);

  int channelCount_;
  std::vector<channel::Mapping> mappings_;
  channel::Mapping healthChannel_;
  channel::Mapping traceRing_;
  std::vector<std::unique_ptr<channel::EventfdNotifier>> notifiers_;
  std::vector<int> watchedFds_;
  std::vector<pollfd> pollFds_;
  sigset_t waitMask_{};
};

}  // namespace bulkhead::runtime
