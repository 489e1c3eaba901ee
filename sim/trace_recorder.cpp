#include "sim/trace_recorder.hpp"

#include "trace/plan_tracks.hpp"

#include <fmt/format.h>

#include <string>

namespace bulkhead::sim {

namespace {

constexpr std::string_view kDispatch = "dispatch";
constexpr std::string_view kPort = "port";
constexpr std::string_view kFlow = "message";
constexpr std::string_view kDrop = "drop";
constexpr std::string_view kOverrun = "overrun";

}  // namespace

TraceRecorder::TraceRecorder(const plan::Plan& plan, trace::TraceWriter& writer)
    : plan_(plan), writer_(writer), dispatchStart_(plan.partitions.size(), 0) {
  trace::nameTracks(writer_, plan_);
}

std::uint64_t TraceRecorder::flowId(int channel, int receiver, std::uint64_t sequence) {
  // channel: 20 bits, receiver: 8 bits, sequence: 36 bits. Ids repeat only
  // after 2^36 messages on one channel or past 256 receivers of a fan-out.
  return (static_cast<std::uint64_t>(channel & 0xFFFFF) << 44) |
         (static_cast<std::uint64_t>(receiver & 0xFF) << 36) | (sequence & ((std::uint64_t{1} << 36) - 1));
}

const plan::Port& TraceRecorder::portOf(const PortEvent& e) const {
  return plan_.partitions[static_cast<std::size_t>(e.partition)]
      .threads[static_cast<std::size_t>(e.thread)]
      .ports[static_cast<std::size_t>(e.port)];
}

void TraceRecorder::slotBegin(const SlotInfo& s) {
  trace::writeSlot(writer_, plan_, s.frame, s.slot, s.start, s.length);
}

void TraceRecorder::pacerTick(Nanoseconds at, std::uint8_t tick) { trace::writePacerTick(writer_, at, tick); }

void TraceRecorder::dispatchBegin(Nanoseconds at, int partition, int) {
  dispatchStart_[static_cast<std::size_t>(partition)] = at;
  lastDispatchStart_ = at;
}

void TraceRecorder::dispatchEnd(Nanoseconds at, int partition, int thread) {
  Nanoseconds start = dispatchStart_[static_cast<std::size_t>(partition)];
  lastDispatchEnd_ = at;
  const plan::Thread& t = plan_.partitions[static_cast<std::size_t>(partition)].threads[static_cast<std::size_t>(thread)];
  std::string_view entry = t.dispatch == plan::DispatchProtocol::Periodic ? "timeTriggered" : "sporadic";
  writer_.slice(trace::partitionTrack(partition), t.name, kDispatch, start, at - start,
                {{"thread", t.instanceName}, {"entry", entry}});
}

void TraceRecorder::sent(Nanoseconds at, const PortEvent& e) {
  const plan::Port& port = portOf(e);
  // Published when the entry point returns: just inside the dispatch's
  // slice, so the arrow starts from it.
  Nanoseconds stamp = at;
  if (at == lastDispatchEnd_ && at - lastDispatchStart_ >= 2) stamp = at - 1;
  std::string value = trace::hexBytes(e.bytes);
  trace::Track track = trace::partitionTrack(e.partition);
  writer_.instant(track, fmt::format("send {}", port.name), kPort, stamp,
                  {{"value", value},
                   {"bits", static_cast<std::int64_t>(e.numBits)},
                   {"sequence", static_cast<std::int64_t>(e.sequence)},
                   {"channel", plan_.channels[static_cast<std::size_t>(e.channel)].name}});
  const plan::Channel& channel = plan_.channels[static_cast<std::size_t>(e.channel)];
  for (std::size_t r = 0; r < channel.receivers.size(); ++r)
    writer_.flowStart(track, channel.name, kFlow, stamp, flowId(e.channel, static_cast<int>(r), e.sequence));
}

void TraceRecorder::received(Nanoseconds at, const PortEvent& e) {
  const plan::Port& port = portOf(e);
  trace::Track track = trace::partitionTrack(e.partition);
  std::string value = trace::hexBytes(e.bytes);
  if (port.category == plan::PortCategory::Event)
    writer_.instant(track, fmt::format("receive {}", port.name), kPort, at,
                    {{"events", static_cast<std::int64_t>(e.events)}, {"sequence", static_cast<std::int64_t>(e.sequence)}});
  else
    writer_.instant(track, fmt::format("receive {}", port.name), kPort, at,
                    {{"value", value},
                     {"bits", static_cast<std::int64_t>(e.numBits)},
                     {"sequence", static_cast<std::int64_t>(e.sequence)}});
  auto key = std::make_pair(e.channel, port.receiverIndex);
  auto it = lastFlowed_.find(key);
  if (it != lastFlowed_.end() && it->second == e.sequence) return;  // a stale re-read
  lastFlowed_[key] = e.sequence;
  writer_.flowEnd(track, plan_.channels[static_cast<std::size_t>(e.channel)].name, kFlow, at,
                  flowId(e.channel, port.receiverIndex, e.sequence));
}

void TraceRecorder::dropped(Nanoseconds at, const PortEvent& e, std::uint64_t count) {
  writer_.instant(trace::partitionTrack(e.partition), fmt::format("drop {}", portOf(e).name), kDrop, at,
                  {{"dropped", static_cast<std::int64_t>(count)},
                   {"channel", plan_.channels[static_cast<std::size_t>(e.channel)].name}});
}

void TraceRecorder::overrun(Nanoseconds at, int partition, int thread) {
  const plan::Thread& t = plan_.partitions[static_cast<std::size_t>(partition)].threads[static_cast<std::size_t>(thread)];
  writer_.instant(trace::partitionTrack(partition), "overrun", kOverrun, at,
                  {{"thread", t.instanceName}, {"reason", "dispatch ran past its window's end"}});
}

}  // namespace bulkhead::sim
