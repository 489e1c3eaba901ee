#include "supervisor/fan_out_relay.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <utility>

namespace bulkhead::supervisor {

namespace {

class Locked {
 public:
  explicit Locked(pthread_mutex_t& m) : m_(m) { ::pthread_mutex_lock(&m_); }
  ~Locked() { ::pthread_mutex_unlock(&m_); }
  Locked(const Locked&) = delete;
  Locked& operator=(const Locked&) = delete;

 private:
  pthread_mutex_t& m_;
};

}  // namespace

FanOutRelay::FanOutRelay(const plan::Plan& plan, const ChannelSet& channels, SaturationSink saturated)
    : plan_(plan), channels_(channels), saturated_(std::move(saturated)), relaysBySender_(plan.partitions.size()) {
  for (std::size_t r = 0; r < channels.relays().size(); ++r)
    if (const auto& sender = plan.channels[static_cast<std::size_t>(channels.relays()[r].channel)].sender)
      relaysBySender_[static_cast<std::size_t>(sender->partition)].push_back(r);
  pthread_mutexattr_t attr;
  ::pthread_mutexattr_init(&attr);
  ::pthread_mutexattr_setprotocol(&attr, PTHREAD_PRIO_INHERIT);
  ::pthread_mutex_init(&mutex_, &attr);
  ::pthread_mutexattr_destroy(&attr);
}

FanOutRelay::~FanOutRelay() { ::pthread_mutex_destroy(&mutex_); }

void FanOutRelay::relay(std::size_t r) {
  Locked lock(mutex_);
  relayLocked(r);
}

void FanOutRelay::relayFrom(int partition) {
  const auto& relays = relaysBySender_[static_cast<std::size_t>(partition)];
  if (relays.empty()) return;
  Locked lock(mutex_);
  for (std::size_t r : relays) relayLocked(r);
}

// Nothing to read: already relayed, or the sender drained its own
// notification. A receiver that saturated its own is skipped and reported.
void FanOutRelay::relayLocked(std::size_t r) {
  const auto& relay = channels_.relays()[r];
  std::uint64_t count = 0;
  if (::read(relay.from, &count, sizeof count) != sizeof count) return;
  for (std::size_t k = 0; k < relay.to.size(); ++k)
    if (::write(relay.to[k], &count, sizeof count) < 0 && errno == EAGAIN)
      saturated_(relay.toPartition[k], "channel " + plan_.channels[static_cast<std::size_t>(relay.channel)].name + "'s");
}

}  // namespace bulkhead::supervisor
