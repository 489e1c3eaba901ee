#include "runtime/thread_context.hpp"

#include <string>

namespace bulkhead::runtime {

ThreadContext::ThreadContext(const ThreadSpec& spec, LogSink& sink)
    : spec_(spec), sink_(sink), artName_(artName(spec)), ins_(spec.ports.size()), outs_(spec.ports.size()) {
  for (std::size_t i = 0; i < spec.ports.size(); ++i) {
    const PortSpec& port = spec.ports[i];
    // Unconnected ports have no channel maximum; fall back to 64 bits, the
    // largest scalar, so a put on them still encodes somewhere.
    std::uint64_t maxBits = port.handover >= 0 ? port.channel.maxBits : 64;
    if (port.direction == Direction::In) {
      ins_[i].value = Payload(maxBits);
    } else {
      outs_[i].maxBits = maxBits;
      // One pre-sized buffer covers the common case of one put per dispatch.
      if (port.category != PortCategory::Event) outs_[i].queued.emplace_back(maxBits);
    }
  }
}

bool ThreadContext::checkPort(int port, Direction direction, std::string_view operation) {
  if (port < 0 || static_cast<std::size_t>(port) >= spec_.ports.size() ||
      spec_.ports[static_cast<std::size_t>(port)].direction != direction) {
    logError(std::string(operation) + ": no " + (direction == Direction::In ? "in" : "out") + " port #" +
             std::to_string(port));
    return false;
  }
  return true;
}

const Payload* ThreadContext::get(int port) {
  if (!checkPort(port, Direction::In, "get")) return nullptr;
  if (phase_ != Phase::Dispatching) {
    ++refusedGets_;
    logError("get_" + spec_.ports[static_cast<std::size_t>(port)].name +
             " refused: inputs are frozen only at a dispatch, not in initialise or finalise");
    return nullptr;
  }
  const InSlot& slot = ins_[static_cast<std::size_t>(port)];
  return slot.frozen.hasValue ? &slot.value : nullptr;
}

bool ThreadContext::isFresh(int port) const {
  if (port < 0 || static_cast<std::size_t>(port) >= ins_.size() || phase_ != Phase::Dispatching) return false;
  return ins_[static_cast<std::size_t>(port)].frozen.fresh;
}

std::uint64_t ThreadContext::events(int port) {
  if (!checkPort(port, Direction::In, "get")) return 0;
  if (phase_ != Phase::Dispatching) {
    ++refusedGets_;
    logError("get_" + spec_.ports[static_cast<std::size_t>(port)].name +
             " refused: inputs are frozen only at a dispatch, not in initialise or finalise");
    return 0;
  }
  return ins_[static_cast<std::size_t>(port)].frozen.events;
}

std::uint64_t ThreadContext::dropped(int port) const {
  if (port < 0 || static_cast<std::size_t>(port) >= ins_.size()) return 0;
  return ins_[static_cast<std::size_t>(port)].frozen.dropped;
}

FreezeResult ThreadContext::takeLive(int port) {
  if (!checkPort(port, Direction::In, "get")) return {};
  const auto index = static_cast<std::size_t>(port);
  if (phase_ != Phase::Dispatching) {
    ++refusedGets_;
    logError("get_" + spec_.ports[index].name + " refused: inputs are taken only at a dispatch, not in initialise");
    return {};
  }
  if (index >= liveEnds_.size() || liveEnds_[index] == nullptr) return {};
  if (liveEvents_.size() != liveEnds_.size()) liveEvents_.assign(liveEnds_.size(), 0);
  const bool event = spec_.ports[index].category == PortCategory::Event;
  if (event && liveEvents_[index] > 0) {
    --liveEvents_[index];
    return FreezeResult{.hasValue = true, .events = 1};
  }
  auto taken = liveEnds_[index]->freeze(ins_[index].value);
  if (!taken) {
    if (!liveError_) liveError_ = RuntimeError{"port " + spec_.instanceName + "." + spec_.ports[index].name + ": " +
                                               taken.error().message};
    return {};
  }
  if (taken->overflowError) reportOverflowError(port, taken->dropped);
  if (event) {
    // One event per take: the rest of what the end counted waits here.
    if (taken->events == 0) return *taken;
    liveEvents_[index] = taken->events - 1;
    taken->events = 1;
    taken->hasValue = true;
  }
  return *taken;
}

bool ThreadContext::hasLiveInput(int port) const {
  const auto index = static_cast<std::size_t>(port);
  if (index >= liveEnds_.size() || liveEnds_[index] == nullptr) return false;
  if (index < liveEvents_.size() && liveEvents_[index] > 0) return true;
  return spec_.ports[index].category != PortCategory::Data && liveEnds_[index]->hasPending();
}

void ThreadContext::reportOverflowError(int port, std::uint64_t dropped) {
  if (health_ == nullptr) {
    logError(contract::queueOverflow(spec_.ports[static_cast<std::size_t>(port)].name, dropped));
    return;
  }
  contract::HealthRecord record;
  record.frame = health_->frame();
  record.dispatch = dispatch_;
  record.count = dropped;
  record.kind = static_cast<std::uint32_t>(contract::HealthKind::QueueOverflow);
  record.thread = threadIndex_;
  record.port = static_cast<std::uint32_t>(port);
  health_->append(record);  // a full ring counts it as lost, for the supervisor to report
}

Payload& ThreadContext::put(int port) {
  if (!checkPort(port, Direction::Out, "put")) return scratch_;
  OutSlot& slot = outs_[static_cast<std::size_t>(port)];
  const PortCategory category = spec_.ports[static_cast<std::size_t>(port)].category;
  if (category == PortCategory::Event) {
    ++slot.count;
    return scratch_;
  }
  if (category == PortCategory::Data) {
    slot.count = 1;  // a data port publishes only its last value
    return slot.queued.front();
  }
  if (slot.count == slot.queued.size()) slot.queued.emplace_back(slot.maxBits);
  return slot.queued[slot.count++];
}

void ThreadContext::cancelPut(int port) {
  if (port < 0 || static_cast<std::size_t>(port) >= outs_.size()) return;
  OutSlot& slot = outs_[static_cast<std::size_t>(port)];
  if (slot.count > 0) --slot.count;
}

void ThreadContext::clearInputs() {
  for (InSlot& slot : ins_) slot.frozen = FreezeResult{};
}

void ThreadContext::logInfo(std::string_view message) {
  sink_.line(Stream::Out, artName_ + ": " + std::string(message));
}

void ThreadContext::logDebug(std::string_view message) {
  sink_.line(Stream::Out, artName_ + ": " + std::string(message));
}

void ThreadContext::logError(std::string_view message) {
  sink_.line(Stream::Err, artName_ + ": " + std::string(message));
}

void ThreadContext::print(std::string_view line) { sink_.line(Stream::Out, line); }

}  // namespace bulkhead::runtime
