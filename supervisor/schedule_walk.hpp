#pragma once
// The supervisor's schedule part: walks the domain timeline with absolute
// sleeps (CLOCK_MONOTONIC, no drift over frames). A window is never cut
// short: when the host holds the supervisor up so that a window is released
// later than its tolerance (kReleaseTolerance, or a quarter of the window),
// the rest of the schedule slips by that much, as a domain schedule on one
// core would; one node of a distributed system keeps the agreed plan
// instead (its frames must stay aligned with the other nodes'). At each slot
// start it stops the partitions of other domains that are running, ticks the
// pacer in its slot, relays fan-out notifications (fan_out_relay.hpp) and
// releases this slot's partitions; every slot start is logged
// (ReleaseLog, for --timing-log and --stats), and each window the host
// starved is reported (StarvationWatch). Runs on the calling thread,
// SCHED_FIFO where permitted; nothing on it does I/O (the trace calls only
// store into rings and append to a short-locked queue).
#include "supervisor/domain_timeline.hpp"
#include "supervisor/fan_out_relay.hpp"
#include "supervisor/health_report.hpp"
#include "supervisor/node_hooks.hpp"
#include "supervisor/pacer.hpp"
#include "supervisor/partition_host.hpp"
#include "supervisor/release_log.hpp"
#include "supervisor/starvation_watch.hpp"
#include "trace/run_trace.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

class ScheduleWalk {
 public:
  // Told of a partition whose period notification the pacer found
  // saturated (it is skipped, never waited on); must not block.
  using SaturationSink = std::function<void(int partition, std::string what)>;
  // `trace` may be null (no --trace), `node` too (not one node of a
  // distributed system): then the walk agrees its frame origin with the
  // other nodes and tells the node of every slot start and of its end.
  ScheduleWalk(const DomainTimeline& timeline, const std::vector<std::unique_ptr<PartitionHost>>& hosts,
               std::vector<int> domainOf, HealthMonitor& health, Pacer& pacer, trace::RunTrace* trace, ReleaseLog& log,
               Console& console, const std::atomic<bool>& stopRequested, SaturationSink saturated,
               NodeHooks* node);

  // Told of each partition the walk has just stopped at the end of its
  // window, before any other partition is released (the channel guard
  // looks at what it wrote then). Must not block. Set before run().
  using WindowEndListener = std::function<void(int partition)>;
  void setWindowEndListener(WindowEndListener listener) { windowEnded_ = std::move(listener); }
  // Each window that ended (the partition stopped, also at the end of the
  // run), after the starvation watch has judged it.
  struct EndedWindow {
    int partition = 0;
    std::uint64_t frame = 0;  // its frame (1-based)
    bool starved = false;     // the host starved it (reported then)
    // The latest period tick the pacer sent the partition before the
    // window ended, whose step it must have finished (none: never ticked).
    std::optional<std::uint8_t> owedTick;
  };
  // Told of each ended window. Must not block. Set before run().
  using WindowJudgedListener = std::function<void(const EndedWindow&)>;
  void setWindowJudgedListener(WindowJudgedListener listener) { windowJudged_ = std::move(listener); }

  // Relays, at each window boundary after the stops and before the
  // releases, what the senders stopped there notified to fan-out receivers
  // (fan_out_relay.hpp). Set before run().
  void setFanOutRelay(FanOutRelay* relay) { fanOut_ = relay; }

  // Walks `frames` frames (none: until stopped), or until every partition
  // has ended; leaves every partition stopped.
  void run(std::optional<std::uint64_t> frames);

 private:
  // When frame 0 starts; nullopt when the nodes could not agree (reported).
  std::optional<std::int64_t> origin();
  // Slot `s` of `frame` (0-based), planned at `planned`.
  void startSlot(std::uint64_t frame, std::size_t s, std::int64_t planned);
  // After a slot's release: slips the rest of the schedule if it came too late.
  void slipIfLate(const TimedSlot& slot, std::int64_t planned, std::int64_t released);
  void stopOtherDomains(int domain, Release& release);
  void releaseSlot(const TimedSlot& slot, std::uint64_t frame, std::uint64_t window, Release& release);
  // After a boundary's release: the CPU accounts of the partitions it
  // stopped and released (off the measured stop and release), and a
  // report of each window the host starved.
  void watchStarvation(const Release& release);

  const DomainTimeline& timeline_;
  const std::vector<std::unique_ptr<PartitionHost>>& hosts_;
  std::vector<int> domainOf_;   // by partition
  std::vector<bool> running_;   // thawed, by partition
  std::vector<int> stoppedNow_, releasedNow_;  // at the current boundary
  std::vector<std::optional<std::uint8_t>> owedTick_;  // by partition, as it was stopped
  StarvationWatch starvation_;
  HealthMonitor& health_;
  Pacer& pacer_;
  trace::RunTrace* trace_;
  ReleaseLog& log_;
  Console& console_;
  const std::atomic<bool>& stopRequested_;
  SaturationSink saturated_;
  WindowEndListener windowEnded_;
  WindowJudgedListener windowJudged_;
  NodeHooks* node_;
  FanOutRelay* fanOut_ = nullptr;
  std::int64_t slip_ = 0;  // ns the schedule runs behind its plan
};

// Lateness of a release that is jitter, not a hold-up: the smaller of this
// and a quarter of the window.
inline constexpr std::int64_t kReleaseTolerance = 1'000'000;

}  // namespace bulkhead::supervisor
