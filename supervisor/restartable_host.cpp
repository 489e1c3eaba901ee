#include "supervisor/restartable_host.hpp"

namespace bulkhead::supervisor {

RestartableHost::RestartableHost(std::unique_ptr<PartitionHost> first) {
  current_.store(first.get());
  lives_.push_back(std::move(first));
}

void RestartableHost::setPending(std::unique_ptr<PartitionHost> next) {
  PartitionHost* raw = next.get();
  {
    std::lock_guard lock(livesMutex_);
    lives_.push_back(std::move(next));
  }
  pending_.store(raw, std::memory_order_release);
}

// The walk's release: a pending restart becomes the partition from here on.
void RestartableHost::thaw() {
  if (PartitionHost* next = pending_.exchange(nullptr, std::memory_order_acq_rel))
    current_.store(next, std::memory_order_release);
  current().thaw();
}

}  // namespace bulkhead::supervisor
