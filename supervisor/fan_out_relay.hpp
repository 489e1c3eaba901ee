#pragma once
// Fan-out notifications (channel_set.hpp): a fan-out channel's sender
// notifies its own eventfd and each notification is relayed to every
// receiver's. Two threads relay. The I/O thread relays as soon as the
// sender notifies, for a receiver running in the same window. The schedule
// walk relays the senders it stops at a window boundary, before its
// releases, so what a stopped sender notified reaches each receiver before
// the receiver's next window however late the I/O thread (not real-time)
// runs on a loaded host; without it a sporadic receiver slept through its
// windows with values in its queue. A priority-inheriting mutex makes each
// relay whole: the walk never releases a receiver while the I/O thread holds
// a count it has read and not yet written, and the real-time walk lends its
// priority to the I/O thread meanwhile.
#include "plan/plan.hpp"
#include "supervisor/channel_set.hpp"

#include <pthread.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

class FanOutRelay {
 public:
  // Told of a receiver whose notification was found saturated (it is
  // skipped, never waited on); must not block.
  using SaturationSink = std::function<void(int partition, std::string what)>;
  FanOutRelay(const plan::Plan& plan, const ChannelSet& channels, SaturationSink saturated);
  ~FanOutRelay();
  FanOutRelay(const FanOutRelay&) = delete;
  FanOutRelay& operator=(const FanOutRelay&) = delete;

  // Relays relay `r`'s pending notification, if any (the I/O thread, when
  // its sender's eventfd is readable).
  void relay(std::size_t r);
  // Relays what `partition`, a sender just stopped, notified on each of
  // its fan-out channels (the walk, at a window boundary).
  void relayFrom(int partition);

 private:
  void relayLocked(std::size_t r);

  const plan::Plan& plan_;
  const ChannelSet& channels_;
  SaturationSink saturated_;
  std::vector<std::vector<std::size_t>> relaysBySender_;  // by partition
  pthread_mutex_t mutex_;
};

}  // namespace bulkhead::supervisor
