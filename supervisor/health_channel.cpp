#include "supervisor/health_channel.hpp"

#include "base/errno_text.hpp"
#include "supervisor/health_report.hpp"

#include <sys/eventfd.h>
#include <sys/timerfd.h>

namespace bulkhead::supervisor {

using contract::HealthRecord;

std::string describe(const LateWindow& w, const std::string& partitionName) {
  return "partition " + partitionName + " had not finished its periodic dispatch when its window in frame " +
         std::to_string(w.frame) +
         " ended (it was not starved and did not overrun a window): what it sends in that dispatch reaches its "
         "receivers in a later window";
}

std::expected<HealthChannels, std::string> HealthChannels::create(const plan::Plan& plan) {
  base::UniqueFd timer(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK));
  if (timer.get() < 0) return std::unexpected(base::errnoText("health channels: timerfd_create"));
  itimerspec every{};
  every.it_interval.tv_nsec = kLookIntervalMs * 1000000L;
  every.it_value = every.it_interval;
  if (::timerfd_settime(timer.get(), 0, &every, nullptr) != 0)
    return std::unexpected(base::errnoText("health channels: timerfd_settime"));
  HealthChannels channels(plan, std::move(timer));
  for (const plan::Partition& p : plan.partitions) {
    auto region = channel::SharedRegion::create("bulkhead-health-" + p.name, contract::kHealthChannelSize);
    if (!region) return std::unexpected("health channel of partition " + p.name + ": " + region.error().message);
    if (!contract::formatHealthChannel(region->bytes()))
      return std::unexpected("health channel of partition " + p.name + ": region too small");
    // Nobody reads it: O_NONBLOCK so that a partition (or its QEMU) writing
    // it never blocks, even saturated.
    base::UniqueFd event(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (event.get() < 0) return std::unexpected(base::errnoText("health channel of partition " + p.name + ": eventfd"));
    channels.entries_.push_back(Entry{.region = std::move(*region), .event = std::move(event)});
  }
  return channels;
}

ChannelHandover HealthChannels::handover(int partition) const {
  const Entry& e = entry(partition);
  return ChannelHandover{e.region.fd(), e.event.get(), true};
}

void HealthChannels::publishFrame(int partition, std::uint64_t frame) const {
  contract::publishHealthFrame(entry(partition).region.bytes(), frame);
}

HealthChannels::WindowEnd HealthChannels::atWindowEnd(int partition, std::uint64_t frame, bool starved,
                                                      std::optional<std::uint8_t> owedTick) {
  WindowEnd out;
  if (partition < 0 || static_cast<std::size_t>(partition) >= entries_.size() || frame == 0) return out;
  Entry& e = entries_[static_cast<std::size_t>(partition)];
  const std::uint64_t began = contract::healthDispatching(e.region.bytes());
  if (began > frame) {  // reported once: a partition that keeps writing it harms only itself
    if (!e.wrongDispatching)
      out.wrong = "its dispatch is said to have begun in frame " + std::to_string(began) +
                  ", after its latest window (" + HealthMonitor::when(frame) + ")";
    e.wrongDispatching = true;
  }
  if (starved) return out;  // no proof of anything, and reported already
  // Begun in an earlier frame and still running: an overrun, reported as
  // that. 0: in no dispatch; `frame`: cut at the end of the window it began
  // in (the host may have preempted it there); a frame to come (the
  // writer's fault, above) tells nothing: late at most.
  if (began != 0 && began < frame) {
    if (began > e.overranIn) e.overranIn = out.overranIn = began;
    return out;
  }
  const auto stepped = contract::healthStepped(e.region.bytes());
  out.late = owedTick && stepped && *stepped != *owedTick;
  return out;
}

void HealthChannels::clearDispatching(int partition) const {
  if (partition >= 0 && static_cast<std::size_t>(partition) < entries_.size())
    contract::clearHealthDispatching(entry(partition).region.bytes());
}

std::string HealthChannels::wrongIn(int partition, const HealthRecord& r, std::uint64_t index,
                                    std::uint64_t lastFrame) const {
  const auto& threads = plan_->partitions[static_cast<std::size_t>(partition)].threads;
  if (r.sequence != index)
    return "has sequence number " + std::to_string(r.sequence) + " in the place of " + std::to_string(index);
  if (contract::healthKindName(r.kind).empty()) return "has kind " + std::to_string(r.kind) + ", which is no health kind";
  if (r.thread >= threads.size())
    return "names thread " + std::to_string(r.thread) + "; the partition has " + std::to_string(threads.size());
  const plan::Thread& thread = threads[r.thread];
  if (r.port >= thread.ports.size())
    return "names port " + std::to_string(r.port) + " of thread " + thread.name + ", which has " +
           std::to_string(thread.ports.size());
  const plan::Port& port = thread.ports[r.port];
  if (port.direction != contract::Direction::In || port.overflow != contract::OverflowHandling::Error)
    return "names " + thread.name + "." + port.name + ", which is no in port with Overflow_Handling_Protocol Error";
  if (r.count == 0) return "reports 0 dropped";
  if (r.frame > lastFrame)
    return "is dated frame " + std::to_string(r.frame) + ", after the partition's latest window (" +
           HealthMonitor::when(lastFrame) + ")";
  if (r.reserved != 0) return "has its reserved field set";
  return {};
}

std::string HealthChannels::describe(int partition, const HealthRecord& r) const {
  const plan::Thread& thread = plan_->partitions[static_cast<std::size_t>(partition)].threads[r.thread];
  return "reported a " + std::string(contract::healthKindName(r.kind)) + " on " + thread.name + "." +
         thread.ports[r.port].name + " (Overflow_Handling_Protocol Error): " + std::to_string(r.count) +
         " dropped at dispatch " + std::to_string(r.dispatch);
}

void HealthChannels::reportNotShown(int partition, Entry& e, HealthMonitor& health) {
  if (e.notShown == 0) return;
  health.faultIn(partition, "had " + std::to_string(e.notShown) + " more health reports, not shown one by one,",
                 e.shownFrame);
  e.notShown = 0;
}

void HealthChannels::report(int partition, Entry& e, HealthMonitor& health, const std::string& what,
                            std::uint64_t frame) {
  if (e.shown >= kReportsPerFrame) {
    ++e.notShown;
    return;
  }
  ++e.shown;
  health.faultIn(partition, what, frame);
}

void HealthChannels::look(int partition, HealthMonitor& health) {
  if (partition < 0 || static_cast<std::size_t>(partition) >= entries_.size()) return;
  Entry& e = entries_[static_cast<std::size_t>(partition)];
  const auto region = e.region.bytes();
  // `written` before the frame: a record's frame was published before it
  // was written, so it is never after the frame loaded here.
  const std::uint64_t written = contract::healthWritten(region);
  const std::uint64_t lastFrame = health.lastFrame(partition);
  if (lastFrame != e.shownFrame) {  // a new frame: its own kReportsPerFrame lines
    reportNotShown(partition, e, health);
    e.shownFrame = lastFrame;
    e.shown = 0;
  }
  std::string wrong;  // the first thing wrong, and how many more
  std::uint64_t moreWrong = 0;
  auto noteWrong = [&](std::string what) {
    if (wrong.empty()) wrong = std::move(what);
    else ++moreWrong;
  };
  std::uint64_t from = e.read;
  if (written < e.read) {
    noteWrong("its record count went back from " + std::to_string(e.read) + " to " + std::to_string(written));
    from = written;
  } else if (written - e.read > contract::kHealthCapacity) {
    noteWrong("its record count went from " + std::to_string(e.read) + " to " + std::to_string(written) +
              ", beyond the " + std::to_string(contract::kHealthCapacity) + " records the channel holds");
    from = written - contract::kHealthCapacity;
  }
  for (std::uint64_t i = from; i < written; ++i) {
    const HealthRecord r = contract::healthRecordAt(region, i);
    if (std::string why = wrongIn(partition, r, i, lastFrame); !why.empty())
      noteWrong("record #" + std::to_string(i) + " " + why);
    else
      report(partition, e, health, describe(partition, r), r.frame);
  }
  e.read = written;
  contract::publishHealthRead(region, written);
  if (!wrong.empty())
    report(partition, e, health,
           "wrote a corrupt health channel (" + wrong +
               (moreWrong > 0 ? "; " + std::to_string(moreWrong) + " more wrong records" : std::string()) + ")",
           lastFrame);
  const std::uint64_t lost = contract::healthLost(region);
  if (lost > e.lost)
    report(partition, e, health,
           "lost " + std::to_string(lost - e.lost) + " health reports: its health channel was full", lastFrame);
  e.lost = lost;  // one that goes back only hides its own reports
}

void HealthChannels::lookAll(HealthMonitor& health, bool last) {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    look(static_cast<int>(i), health);
    if (last) reportNotShown(static_cast<int>(i), entries_[i], health);
  }
}

}  // namespace bulkhead::supervisor
