#pragma once
// A transport over memory the caller already holds, in the same process:
// for the simulator (one process, virtual time) and for tests. It never
// blocks: the caller steps the dispatcher itself.
#include "runtime/transport.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace bulkhead::runtime {

// Counts notifications; the simulator reads the count to know a channel was
// written (and may wake a sporadic partition).
class CountingNotifier final : public channel::Notifier {
 public:
  void notify() override { ++count_; }
  std::uint64_t count() const { return count_; }

 private:
  std::uint64_t count_ = 0;
};

class InProcessTransport final : public Transport {
 public:
  // `regions[i]` is the channel at hand-over index i.
  explicit InProcessTransport(std::vector<std::span<std::byte>> regions);

  std::expected<Attachment, RuntimeError> attach(int handover, Access access,
                                                 PortCategory category) override;
  Status watch(int handover) override;
  std::expected<WaitOutcome, RuntimeError> wait(std::optional<Nanoseconds> timeout) override;

  const CountingNotifier& notifier(int handover) const { return *notifiers_[static_cast<std::size_t>(handover)]; }
  const std::vector<int>& watched() const { return watched_; }

 private:
  std::vector<std::span<std::byte>> regions_;
  std::vector<std::unique_ptr<CountingNotifier>> notifiers_;
  std::vector<int> watched_;
};

}  // namespace bulkhead::runtime
