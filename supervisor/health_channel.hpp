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
// Overruns (docs/design.md section 7): at the end of each of a partition's
// windows, while it is stopped, the walk asks atWindowEnd() about the
// dispatch the partition says it is in (its `dispatching` word). One that
// began in an earlier frame than this window's had this whole window and
// did not finish: it overran its window (in the frame it began in), once
// per dispatch. An honest partition's dispatch takes microseconds, so it is
// never still running after a whole window of its own unless the host kept
// it off the CPU: a window the starvation watch reported starved proves
// nothing and is not judged (the next one is). A dispatch cut at the end of
// the window it began in is not judged an overrun (the host may have
// preempted it there), only late (below). A frame after this window's is
// the writer's fault.
//
// Late frames (docs/design.md section 7): at the same window end, a
// partition that writes `stepped` (contract/health_report.hpp) and has not
// finished the step of the latest tick the pacer sent it before the window
// ended is late: what it sends in that step reaches its receivers in a
// later window. It is not a fault (the host may have held it up in a way
// the starvation watch does not count: a stall in the kernel, a dispatch
// cut at the window's end), so no policy answers it; it is reported
// (`bulkhead: late: …`), so that a frame whose output is late or missing
// is never so silently. A window reported starved, or one whose dispatch
// overran from an earlier window, says so already and is not judged late.
//
// Threads: publishFrame() and atWindowEnd() on the schedule walk's; look()
// on the I/O thread (or the launching thread while it pumps the I/O part
// itself); clearDispatching() on the I/O thread while the partition has
// no process (a restart).
#include "base/unique_fd.hpp"
#include "channel/shared_region.hpp"
#include "contract/health_report.hpp"
#include "plan/plan.hpp"
#include "supervisor/channel_handover.hpp"
#include "supervisor/release_log.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

class HealthMonitor;

// "partition producer had not finished its periodic dispatch when its window in frame 2 ended: …"
std::string describe(const LateWindow& w, const std::string& partitionName);

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
  // What the walk found at the end of `partition`'s window in `frame`.
  struct WindowEnd {
    std::uint64_t overranIn = 0;  // a dispatch that began in this frame overran its window (0: none)
    std::string wrong;            // the `dispatching` word is out of range (empty: it is not)
    bool late = false;            // the step of `owedTick` had not finished
  };
  // The walk has stopped `partition` at the end of its window in `frame`;
  // `starved`: the starvation watch reported that window starved;
  // `owedTick`: the latest tick the pacer sent it before then (none: never).
  WindowEnd atWindowEnd(int partition, std::uint64_t frame, bool starved, std::optional<std::uint8_t> owedTick);
  // A restart: the former life's dispatch is no dispatch of the new one.
  void clearDispatching(int partition) const;
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
    // The walk's own (atWindowEnd): the latest dispatch reported as an
    // overrun (the frame it began in), and whether a wrong word was.
    std::uint64_t overranIn = 0;
    bool wrongDispatching = false;
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
