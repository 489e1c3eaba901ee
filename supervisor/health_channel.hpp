#pragma once
// The partitions' health channels (contract/health_report.hpp) as the
// supervisor holds them: one sealed memfd of kHealthChannelSize per
// partition, formatted before any partition starts and handed over after
// its port channels (contract::healthEntry), read-write: the partition
// writes its records there. A VM guest finds it as /dev/uio<n> like any
// other channel.
//
// The partition is hostile (docs/design.md section 7): the supervisor
// never waits on the channel (no notification is read; the I/O thread looks
// on a timer of its own, when the partition exits and at the end of the
// run), keeps its own read position, reads at most a ring's worth per look
// and reports at most kReportsPerFrame lines of a partition per frame (the
// rest counted in one line). A record out of range, a record count that
// goes back or runs beyond the ring are the partition's own fault, never a
// crash or a stall of the supervisor.
//
// Threads: publishFrame() on the schedule walk's; look() on the I/O
// thread (or the launching thread while it pumps the I/O part itself).
#include "base/unique_fd.hpp"
#include "channel/shared_region.hpp"
#include "contract/health_report.hpp"
#include "plan/plan.hpp"
#include "supervisor/channel_handover.hpp"

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

class HealthMonitor;

class HealthChannels {
 public:
  static constexpr int kLookIntervalMs = 10;
  static constexpr std::uint64_t kReportsPerFrame = 8;

  static std::expected<HealthChannels, std::string> create(const plan::Plan& plan);

  // Partition `partition`'s hand-over entry: its region and an eventfd
  // nobody reads (the hand-over has a notification slot per entry).
  ChannelHandover handover(int partition) const;
  // The partition is released in `frame`: records it makes from now on
  // carry that frame.
  void publishFrame(int partition, std::uint64_t frame) const;
  // Takes what `partition` wrote since the last look and reports it to
  // `health` (each record with the frame it carries; what is wrong as a
  // fault of the partition).
  void look(int partition, HealthMonitor& health);
  // Every partition; `last`: the run is over, and what was not shown is
  // counted now.
  void lookAll(HealthMonitor& health, bool last = false);
  // Fires every kLookIntervalMs; read it (8 bytes) and look.
  int timerFd() const { return timer_.get(); }
  // The region (tests write records into it as a partition would).
  std::span<std::byte> region(int partition) const { return entry(partition).region.bytes(); }

 private:
  struct Entry {
    channel::SharedRegion region;
    base::UniqueFd event;
    std::uint64_t read = 0;         // the supervisor's own: records taken
    std::uint64_t lost = 0;         // the partition's `lost` at the last look
    std::uint64_t shownFrame = 0;   // the frame the lines below are counted in
    std::uint64_t shown = 0;        // lines reported in it
    std::uint64_t notShown = 0;     // reports beyond kReportsPerFrame in it
  };
  HealthChannels(const plan::Plan& plan, base::UniqueFd timer) : plan_(&plan), timer_(std::move(timer)) {}
  const Entry& entry(int partition) const { return entries_.at(static_cast<std::size_t>(partition)); }
  // Why `record` (the `index`th) cannot be one of `partition`'s, or empty.
  std::string wrongIn(int partition, const contract::HealthRecord& record, std::uint64_t index,
                      std::uint64_t lastFrame) const;
  std::string describe(int partition, const contract::HealthRecord& record) const;
  // Reports `what` of `partition` in `frame` unless it had its lines in
  // the frame of its latest window already (then it is counted).
  void report(int partition, Entry& e, HealthMonitor& health, const std::string& what, std::uint64_t frame);
  void reportNotShown(int partition, Entry& e, HealthMonitor& health);

  const plan::Plan* plan_;
  std::vector<Entry> entries_;
  base::UniqueFd timer_;
};

}  // namespace bulkhead::supervisor
