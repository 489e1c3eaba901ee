#include "trace/run_trace.hpp"

#include "base/errno_text.hpp"
#include "base/monotonic_clock.hpp"

#include <sys/eventfd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

namespace bulkhead::trace {

namespace {

// Often enough that a 1 MiB ring holds several drains' worth of records at
// any rate a partition reaches in practice; rarely enough to cost nothing.
constexpr auto kDrainInterval = std::chrono::milliseconds(20);

}  // namespace

std::expected<std::unique_ptr<RunTrace>, std::string> RunTrace::create(const plan::Plan& plan,
                                                                       const std::filesystem::path& file,
                                                                       Report report, std::size_t ringBytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) return std::unexpected(base::errnoText("--trace: cannot write " + file.string()));
  std::unique_ptr<RunTrace> trace(new RunTrace(plan, std::move(out), std::move(report)));
  for (const plan::Partition& p : plan.partitions) {
    auto region = channel::SharedRegion::create("bulkhead-trace-" + p.name, ringBytes);
    if (!region) return std::unexpected("--trace: trace ring of partition " + p.name + ": " + region.error().message);
    if (auto formatted = formatTraceRing(region->bytes()); !formatted)
      return std::unexpected("--trace: trace ring of partition " + p.name + ": " + formatted.error().message);
    auto reader = TraceRingReader::attach(region->bytes());
    if (!reader) return std::unexpected("--trace: trace ring of partition " + p.name + ": " + reader.error().message);
    const int event = ::eventfd(0, EFD_CLOEXEC);
    if (event < 0) return std::unexpected(base::errnoText("--trace: eventfd"));
    trace->partitions_.push_back(Partition{.ring = std::move(*region), .event = base::UniqueFd(event), .reader = *reader});
  }
  return trace;
}

RunTrace::RunTrace(const plan::Plan& plan, std::ofstream file, Report report)
    : plan_(plan), report_(std::move(report)), file_(std::move(file)), writer_(file_), trace_(plan, writer_),
      zero_(base::monotonicNow()) {}

RunTrace::~RunTrace() {
  if (thread_.joinable()) finish();
}

RunTrace::RingHandover RunTrace::handover(int partition) const {
  const Partition& p = partitions_.at(static_cast<std::size_t>(partition));
  return RingHandover{p.ring.fd(), p.event.get()};
}

void RunTrace::setSharesHostClock(int partition, bool shares) {
  partitions_.at(static_cast<std::size_t>(partition)).sharesHostClock = shares;
}

void RunTrace::start() { thread_ = std::thread([this] { loop(); }); }

// The walk's events reach the trace thread through one queue under one lock.
void RunTrace::enqueue(ScheduleEvent e) {
  std::lock_guard lock(mutex_);
  queue_.push_back(std::move(e));
}

void RunTrace::released(int partition, std::uint64_t window, std::int64_t at) {
  partitions_[static_cast<std::size_t>(partition)].reader->publishWindow(window);
  ScheduleEvent e;
  e.kind = ScheduleEvent::Kind::Release;
  e.partition = partition;
  e.frame = window;
  e.at = at;
  enqueue(std::move(e));
}

void RunTrace::stopped(int partition, std::int64_t at) {
  ScheduleEvent e;
  e.kind = ScheduleEvent::Kind::Stop;
  e.partition = partition;
  e.at = at;
  enqueue(std::move(e));
}

void RunTrace::slot(std::uint64_t frame, int slot, std::int64_t start, std::int64_t length) {
  ScheduleEvent e;
  e.kind = ScheduleEvent::Kind::Slot;
  e.frame = frame;
  e.slot = slot;
  e.at = start;
  e.length = length;
  enqueue(std::move(e));
}

void RunTrace::pacerTick(std::int64_t at, std::uint8_t tick) {
  ScheduleEvent e;
  e.kind = ScheduleEvent::Kind::PacerTick;
  e.at = at;
  e.tick = tick;
  enqueue(std::move(e));
}

void RunTrace::fault(int partition, std::string report, std::int64_t at) {
  ScheduleEvent e;
  e.kind = ScheduleEvent::Kind::Fault;
  e.partition = partition;
  e.at = at;
  e.report = std::move(report);
  enqueue(std::move(e));
}

void RunTrace::loop() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock, kDrainInterval, [this] { return stop_; });
    if (stop_) break;
    lock.unlock();
    drainOnce();
    lock.lock();
  }
}

void RunTrace::drainOnce() {
  // Rings first, then the walk's queue: a record drained now belongs to a
  // release the walk queued before it thawed the partition, so that
  // release is in the queue taken next.
  for (std::size_t p = 0; p < partitions_.size(); ++p) {
    Partition& partition = partitions_[p];
    if (partition.failed) continue;
    auto drained = partition.reader->drain([&](const TraceRecord& record) {
      partition.drained.emplace_back(record);
    });
    if (!drained) {
      partition.failed = true;
      report_("--trace: partition " + plan_.partitions[p].name + " wrote a bad trace ring (" +
                      drained.error().message + "); its events are missing from the trace from here on");
    }
  }
  {
    std::lock_guard lock(mutex_);
    taken_.swap(queue_);
  }
  for (const ScheduleEvent& e : taken_) {
    switch (e.kind) {
      case ScheduleEvent::Kind::Release: {
        Partition& p = partitions_[static_cast<std::size_t>(e.partition)];
        p.releases.emplace_back(e.frame, e.at);
        // Released without a stop in between: the walk never does that;
        // close the earlier window here rather than lose it.
        if (!p.windows.empty() && !p.windows.back().stopped) {
          p.windows.back().stopped = e.at;
          drawWindow(e.partition, p.windows.back());
        }
        const std::uint64_t slots = std::max<std::uint64_t>(plan_.schedule.slots.size(), 1);
        const std::uint64_t index = e.frame > 0 ? e.frame - 1 : 0;  // windows count from 1
        p.windows.push_back({e.at, std::nullopt, p.latestSlot, index / slots, static_cast<int>(index % slots)});
        if (p.windows.size() > 64) p.windows.pop_front();
        break;
      }
      case ScheduleEvent::Kind::Stop: {
        Partition& p = partitions_[static_cast<std::size_t>(e.partition)];
        if (p.windows.empty() || p.windows.back().stopped) break;  // stopped before any release
        p.windows.back().stopped = e.at;
        drawWindow(e.partition, p.windows.back());
        break;
      }
      case ScheduleEvent::Kind::Slot: {
        trace_.scheduleSlot(e.frame, e.slot, traceTime(e.at), e.length);
        const int domain = plan_.schedule.slots[static_cast<std::size_t>(e.slot)].domain;
        for (std::size_t p = 0; p < partitions_.size(); ++p) {
          if (plan_.partitions[p].domain != domain) continue;
          Partition& partition = partitions_[p];
          partition.latestSlot = {e.at, e.at + e.length};
          // A window running on into the next slot of its domain: that
          // slot is planned for it too.
          if (!partition.windows.empty() && !partition.windows.back().stopped &&
              partition.windows.back().planned.end == e.at)
            partition.windows.back().planned.end = e.at + e.length;
        }
        break;
      }
      case ScheduleEvent::Kind::PacerTick:
        trace_.pacerTick(traceTime(e.at), e.tick);
        break;
      case ScheduleEvent::Kind::Fault:
        trace_.health(traceTime(e.at), e.partition, e.report);
        break;
    }
  }
  taken_.clear();
  for (std::size_t p = 0; p < partitions_.size(); ++p) {
    for (const KeptRecord& kept : partitions_[p].drained) take(static_cast<int>(p), kept.view());
    partitions_[p].drained.clear();
  }
}

void RunTrace::take(int partition, const TraceRecord& record) {
  Partition& p = partitions_[static_cast<std::size_t>(partition)];
  if (p.sharesHostClock) {
    if (record.kind != TraceRecordKind::Wake) write(partition, record, 0);
    return;
  }
  if (record.kind == TraceRecordKind::Wake) {
    const std::uint64_t window = record.sequence;
    if (window == 0 || window == p.placedWindow) return;
    // The release of this window, and none before it, is still wanted.
    auto release = std::find_if(p.releases.begin(), p.releases.end(), [&](const auto& r) { return r.first == window; });
    if (release == p.releases.end()) return;
    p.clockOffset = release->second - record.at;
    p.placedWindow = window;
    p.releases.erase(p.releases.begin(), release + 1);
    for (const KeptRecord& kept : p.held) write(partition, kept.view(), *p.clockOffset);
    p.held.clear();
    return;
  }
  if (!p.clockOffset) {
    p.held.emplace_back(record);
    return;
  }
  write(partition, record, *p.clockOffset);
}

void RunTrace::write(int partition, const TraceRecord& record, std::int64_t offset) {
  const plan::Partition& p = plan_.partitions[static_cast<std::size_t>(partition)];
  Partition& state = partitions_[static_cast<std::size_t>(partition)];
  if (record.thread >= p.threads.size()) {
    ++state.badRecords;
    return;
  }
  const plan::Thread& thread = p.threads[record.thread];
  const std::int64_t at = traceTime(record.at + offset);
  if (record.kind == TraceRecordKind::Dispatch) {
    const std::int64_t end = traceTime(record.end + offset);
    if (end < at) {
      ++state.badRecords;
      return;
    }
    trace_.dispatch(partition, record.thread, at, end);
    // The window it began in (the latest released no later): stopped
    // before the dispatch ended, it was stopped mid-dispatch. One still
    // running was not stopped before the record was drained: a record is
    // drained after the release of the window it was written in, and the
    // stops before that release.
    const std::int64_t hostStart = record.at + offset, hostEnd = record.end + offset;
    for (auto w = state.windows.rbegin(); w != state.windows.rend(); ++w) {
      if (w->released > hostStart) continue;
      if (w->stopped && hostStart < *w->stopped && hostEnd > *w->stopped) {
        trace_.overrun(traceTime(*w->stopped), partition, record.thread);
        if (overrunListener_) overrunListener_(partition, w->frame + 1);
      }
      break;
    }
    return;
  }
  if (record.port >= thread.ports.size() || thread.ports[record.port].channel < 0) {
    ++state.badRecords;
    return;
  }
  const plan::Port& port = thread.ports[record.port];
  trace::PortEvent e;
  e.partition = partition;
  e.thread = record.thread;
  e.port = record.port;
  e.channel = port.channel;
  e.sequence = record.sequence;
  if (port.category == plan::PortCategory::Event)
    e.events = record.count;
  else
    e.numBits = record.count;
  e.bytes = record.value;
  e.valueCut = record.valueCut;
  switch (record.kind) {
    case TraceRecordKind::Sent: trace_.sent(at, e); break;
    case TraceRecordKind::Received: trace_.received(at, e); break;
    case TraceRecordKind::Dropped: trace_.dropped(at, e, record.count); break;
    default: ++state.badRecords; break;
  }
}

void RunTrace::drawWindow(int partition, const Partition::Window& window) {
  trace_.window(partition, window.frame, window.slot, traceTime(window.released), traceTime(*window.stopped),
                {traceTime(window.planned.start), traceTime(window.planned.end)});
}

bool RunTrace::finish() {
  if (thread_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  drainOnce();
  // The walk stops every partition before the trace finishes; a window it
  // did not stop ends here, when the trace does.
  const std::int64_t end = base::monotonicNow();
  for (std::size_t p = 0; p < partitions_.size(); ++p) {
    Partition& partition = partitions_[p];
    if (!partition.windows.empty() && !partition.windows.back().stopped) {
      partition.windows.back().stopped = std::max(end, partition.windows.back().released);
      drawWindow(static_cast<int>(p), partition.windows.back());
    }
    const std::string& name = plan_.partitions[p].name;
    if (const std::uint64_t lost = partition.reader->lost(); lost > 0)
      report_("--trace: partition " + name + "'s trace ring was full " + std::to_string(lost) +
                      " times; those events are missing from the trace");
    if (!partition.held.empty())
      report_("--trace: " + std::to_string(partition.held.size()) + " events of partition " + name +
                      " are missing from the trace: it never woke in a window to place them in time");
    if (partition.badRecords > 0)
      report_("--trace: partition " + name + " wrote " + std::to_string(partition.badRecords) +
                      " trace records naming a thread or port it does not have; they were left out");
  }
  writer_.finish();
  file_.close();
  return !file_.fail();
}

}  // namespace bulkhead::trace
