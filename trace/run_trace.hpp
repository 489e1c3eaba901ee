#pragma once
// `bulkhead run --trace FILE`: the supervisor's half of the trace. Every
// partition is handed a trace ring (trace/partition/trace_ring.hpp) after its
// health channel (contract/handover.hpp's order) and writes into it what it does; a trace thread drains the rings
// every few milliseconds and writes, through trace/'s SystemTrace, the same
// Chrome trace layout as `bulkhead sim --trace`: the domain schedule and the
// pacer's ticks on the supervisor's track, each partition's windows,
// dispatches, sends, receives and drops on its own, with flow arrows from
// each send to its receives.
//
// Clocks: a native partition stamps records with the host's CLOCK_MONOTONIC,
// used as it is. A VM guest has a clock of its own; its records are placed
// by the first wake-up of each window, which is taken to happen when the
// supervisor released that window (each ring tells its partition the number
// of its latest release). Within a window the guest's own clock spaces the
// events; the error is the guest's wake-up latency.
//
// Windows: the supervisor's track shows the domain schedule as planned
// (slip included); each partition's "window" is drawn as it happened, from
// the walk's release (stamped just before the thaw) to its stop (stamped
// once the freezer's stop has returned), which under load can be later than
// planned. So everything a partition did in a window lies inside the window
// drawn for it; the plan's times of that window ride along as args.
//
// The schedule walk calls only released(), stopped(), slot() and
// pacerTick(): a store into the ring and a short-locked append, no I/O on
// the real-time path.
#include "base/unique_fd.hpp"
#include "channel/shared_region.hpp"
#include "plan/plan.hpp"
#include "trace/partition/trace_ring.hpp"
#include "trace/plan_tracks.hpp"
#include "trace/system_trace.hpp"
#include "trace/trace_writer.hpp"

#include <condition_variable>
#include <deque>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace bulkhead::trace {

class RunTrace {
 public:
  // Where the trace reports what it could not record (lost or bad
  // records): the supervisor's console, one line each.
  using Report = std::function<void(std::string_view)>;

  // Opens `file` for writing and creates one ring of `ringBytes` per
  // partition. Trace time 0 is the moment of this call.
  static std::expected<std::unique_ptr<RunTrace>, std::string> create(const plan::Plan& plan,
                                                                      const std::filesystem::path& file,
                                                                      Report report,
                                                                      std::size_t ringBytes = 1 << 20);
  ~RunTrace();

  // The ring's hand-over entry, after the partition's last channel: its
  // memory (writable by the partition) and an eventfd.
  struct RingHandover {
    int memoryFd = -1;
    int eventFd = -1;
  };
  RingHandover handover(int partition) const;
  // Whether the partition stamps records with the host's clock (a native
  // process) or a clock of its own (a VM guest).
  void setSharesHostClock(int partition, bool shares);

  // Told, on the trace thread, of each dispatch that overran its window
  // (`frame`: that window's frame, 1-based) as soon as the dispatch's record
  // is drained: the health monitor reports overruns while the system runs.
  // Set before start().
  using OverrunListener = std::function<void(int partition, std::uint64_t frame)>;
  void setOverrunListener(OverrunListener listener) { overrunListener_ = std::move(listener); }

  // Starts the trace thread.
  void start();

  // --- from the schedule walk --------------------------------------------
  // Before thawing `partition` for window number `window` at `at` (CLOCK_MONOTONIC).
  void released(int partition, std::uint64_t window, std::int64_t at);
  // After stopping `partition` at the end of its window, at `at`
  // (CLOCK_MONOTONIC, read once the freezer's stop has returned).
  void stopped(int partition, std::int64_t at);
  // Slot `slot` of `frame` (0-based) planned at `start` for `length` ns,
  // before its partitions are released.
  void slot(std::uint64_t frame, int slot, std::int64_t start, std::int64_t length);
  void pacerTick(std::int64_t at, std::uint8_t tick);
  // From the I/O thread: a fault the health monitor reported.
  void fault(int partition, std::string report, std::int64_t at);

  // Stops the thread, drains what is left, reports lost records and closes
  // the file. Returns false if the file could not be written completely.
  bool finish();

 private:
  struct ScheduleEvent {
    enum class Kind : std::uint8_t { Release, Stop, Slot, PacerTick, Fault } kind = Kind::Slot;
    int partition = 0;
    std::uint64_t frame = 0;  // Release: the window
    int slot = 0;
    std::int64_t at = 0;
    std::int64_t length = 0;
    std::uint8_t tick = 0;
    std::string report{};  // Fault
  };
  // A record copied out of its ring, value included.
  struct KeptRecord {
    explicit KeptRecord(const TraceRecord& r) : record(r), value(r.value.begin(), r.value.end()) {}
    TraceRecord view() const {
      TraceRecord r = record;
      r.value = value;
      return r;
    }
    TraceRecord record;
    std::vector<std::uint8_t> value;
  };
  struct Partition {
    channel::SharedRegion ring;
    base::UniqueFd event;  // handed over for the contract's shape; never rung
    std::optional<TraceRingReader> reader;
    bool sharesHostClock = true;
    std::vector<std::pair<std::uint64_t, std::int64_t>> releases{};  // (window, host time) not yet matched
    std::uint64_t placedWindow = 0;            // the window the guest clock offset comes from
    std::optional<std::int64_t> clockOffset{};   // host - guest
    std::vector<KeptRecord> drained{};         // this drain's records, taken after the walk's queue
    std::vector<KeptRecord> held{};            // guest records before the first placed wake
    bool failed = false;                       // its ring went bad: reported once, not drained again
    // Its latest windows (host time) as they happened, from release to
    // stop: a dispatch still running at the stop of the window it began in
    // overran it (the partition was stopped mid-dispatch).
    struct Window {
      std::int64_t released;
      std::optional<std::int64_t> stopped;  // none: still running
      PlannedWindow planned;                // host time, consecutive slots of its domain merged
      std::uint64_t frame;                  // 0-based, of the window's first slot
      int slot;
    };
    std::deque<Window> windows{};
    PlannedWindow latestSlot{};  // the latest slot of its domain (host time)
    std::uint64_t badRecords = 0;
  };

  RunTrace(const plan::Plan& plan, std::ofstream file, Report report);
  void enqueue(ScheduleEvent e);
  void loop();
  void drainOnce();
  void take(int partition, const TraceRecord& record);
  void write(int partition, const TraceRecord& record, std::int64_t offset);
  void drawWindow(int partition, const Partition::Window& window);
  std::int64_t traceTime(std::int64_t monotonic) const { return monotonic - zero_; }

  const plan::Plan& plan_;
  Report report_;
  std::ofstream file_;
  trace::TraceWriter writer_;
  trace::SystemTrace trace_;
  std::int64_t zero_ = 0;
  std::vector<Partition> partitions_;
  OverrunListener overrunListener_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<ScheduleEvent> queue_;   // from the walk, under mutex_
  std::vector<ScheduleEvent> taken_;   // the trace thread's copy
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace bulkhead::trace
