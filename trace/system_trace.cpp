#include "trace/system_trace.hpp"

#include "trace/plan_tracks.hpp"

#include <fmt/format.h>

#include <string>

namespace bulkhead::trace {

namespace {

constexpr std::string_view kDispatch = "dispatch";
constexpr std::string_view kPort = "port";
constexpr std::string_view kFlow = "message";
constexpr std::string_view kDrop = "drop";
constexpr std::string_view kOverrun = "overrun";

std::string valueText(const PortEvent& e) {
  std::string value = hexBytes(e.bytes);
  if (e.valueCut) value += " ...";
  return value;
}

}  // namespace

SystemTrace::SystemTrace(const plan::Plan& plan, TraceWriter& writer) : plan_(plan), writer_(writer) {
  nameTracks(writer_, plan_);
}

std::uint64_t SystemTrace::flowId(int channel, int receiver, std::uint64_t sequence) {
  // channel: 20 bits, receiver: 8 bits, sequence: 36 bits. Ids repeat only
  // after 2^36 messages on one channel or past 256 receivers of a fan-out.
  return (static_cast<std::uint64_t>(channel & 0xFFFFF) << 44) |
         (static_cast<std::uint64_t>(receiver & 0xFF) << 36) | (sequence & ((std::uint64_t{1} << 36) - 1));
}

const plan::Port& SystemTrace::portOf(const PortEvent& e) const {
  return plan_.partitions[static_cast<std::size_t>(e.partition)]
      .threads[static_cast<std::size_t>(e.thread)]
      .ports[static_cast<std::size_t>(e.port)];
}

void SystemTrace::slot(std::uint64_t frame, int slot, Nanoseconds start, Nanoseconds length) {
  writeSlot(writer_, plan_, frame, slot, start, length);
}

void SystemTrace::scheduleSlot(std::uint64_t frame, int slot, Nanoseconds start, Nanoseconds length) {
  writeScheduleSlot(writer_, plan_, frame, slot, start, length);
}

void SystemTrace::window(int partition, std::uint64_t frame, int slot, Nanoseconds start, Nanoseconds end,
                         PlannedWindow planned) {
  writeWindow(writer_, plan_, partition, frame, slot, start, end - start, planned);
}

void SystemTrace::pacerTick(Nanoseconds at, std::uint8_t tick) { writePacerTick(writer_, at, tick); }

void SystemTrace::dispatch(int partition, int thread, Nanoseconds start, Nanoseconds end) {
  const plan::Thread& t = plan_.partitions[static_cast<std::size_t>(partition)].threads[static_cast<std::size_t>(thread)];
  std::string_view entry = t.dispatch == plan::DispatchProtocol::Periodic ? "timeTriggered" : "sporadic";
  writer_.slice(partitionTrack(partition), t.name, kDispatch, start, end - start,
                {{"thread", t.instanceName}, {"entry", entry}});
}

void SystemTrace::sent(Nanoseconds at, const PortEvent& e) {
  const plan::Port& port = portOf(e);
  const plan::Channel& channel = plan_.channels[static_cast<std::size_t>(e.channel)];
  Track track = partitionTrack(e.partition);
  if (port.category == plan::PortCategory::Event)
    writer_.instant(track, fmt::format("send {}", port.name), kPort, at,
                    {{"events", static_cast<std::int64_t>(e.events)},
                     {"sequence", static_cast<std::int64_t>(e.sequence)},
                     {"channel", channel.name}});
  else
    writer_.instant(track, fmt::format("send {}", port.name), kPort, at,
                    {{"value", valueText(e)},
                     {"bits", static_cast<std::int64_t>(e.numBits)},
                     {"sequence", static_cast<std::int64_t>(e.sequence)},
                     {"channel", channel.name}});
  for (std::size_t r = 0; r < channel.receivers.size(); ++r)
    writer_.flowStart(track, channel.name, kFlow, at, flowId(e.channel, static_cast<int>(r), e.sequence));
}

void SystemTrace::received(Nanoseconds at, const PortEvent& e) {
  const plan::Port& port = portOf(e);
  Track track = partitionTrack(e.partition);
  if (port.category == plan::PortCategory::Event)
    writer_.instant(track, fmt::format("receive {}", port.name), kPort, at,
                    {{"events", static_cast<std::int64_t>(e.events)}, {"sequence", static_cast<std::int64_t>(e.sequence)}});
  else
    writer_.instant(track, fmt::format("receive {}", port.name), kPort, at,
                    {{"value", valueText(e)},
                     {"bits", static_cast<std::int64_t>(e.numBits)},
                     {"sequence", static_cast<std::int64_t>(e.sequence)}});
  auto key = std::make_pair(e.channel, port.receiverIndex);
  auto it = lastFlowed_.find(key);
  if (it != lastFlowed_.end() && it->second == e.sequence) return;  // a stale re-read
  lastFlowed_[key] = e.sequence;
  writer_.flowEnd(track, plan_.channels[static_cast<std::size_t>(e.channel)].name, kFlow, at,
                  flowId(e.channel, port.receiverIndex, e.sequence));
}

void SystemTrace::dropped(Nanoseconds at, const PortEvent& e, std::uint64_t count) {
  writer_.instant(partitionTrack(e.partition), fmt::format("drop {}", portOf(e).name), kDrop, at,
                  {{"dropped", static_cast<std::int64_t>(count)},
                   {"channel", plan_.channels[static_cast<std::size_t>(e.channel)].name}});
}

void SystemTrace::health(Nanoseconds at, int partition, std::string_view report) {
  writer_.instant(partitionTrack(partition), "health", "health", at, {{"report", report}});
}

void SystemTrace::overrun(Nanoseconds at, int partition, int thread) {
  const plan::Thread& t = plan_.partitions[static_cast<std::size_t>(partition)].threads[static_cast<std::size_t>(thread)];
  writer_.instant(partitionTrack(partition), "overrun", kOverrun, at,
                  {{"thread", t.instanceName}, {"reason", "dispatch ran past its window's end"}});
}

}  // namespace bulkhead::trace
