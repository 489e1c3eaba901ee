#include "sim/runtime_partition_driver.hpp"

#include "runtime/channel_port_ends.hpp"

#include <fmt/format.h>

namespace bulkhead::sim {

namespace {

// The simulator steps partitions itself: a write needs no wake-up.
class NoNotifier final : public channel::Notifier {
 public:
  void notify() override {}
};
NoNotifier noNotifier;

bool sameCategory(plan::PortCategory a, runtime::PortCategory b) {
  switch (a) {
    case plan::PortCategory::Event: return b == runtime::PortCategory::Event;
    case plan::PortCategory::Data: return b == runtime::PortCategory::Data;
    case plan::PortCategory::EventData: return b == runtime::PortCategory::EventData;
  }
  return false;
}

}  // namespace

std::expected<std::unique_ptr<RuntimePartitionDriver>, SimError> RuntimePartitionDriver::create(
    const plan::Plan& plan, int partition, const runtime::PartitionSpec& spec,
    std::span<runtime::Component* const> components, SimChannels& channels, runtime::LogSink& sink,
    bool observed) {
  const plan::Partition& p = plan.partitions[static_cast<std::size_t>(partition)];
  auto mismatch = [&](const std::string& what) {
    return simError(fmt::format("partition {}: its program does not match the plan ({}); rebuild it from this model",
                                p.name, what));
  };
  if (spec.name != p.name) return mismatch(fmt::format("program is for partition '{}'", spec.name));
  if (spec.threads.size() != p.threads.size())
    return mismatch(fmt::format("{} threads in the program, {} in the plan", spec.threads.size(), p.threads.size()));
  if (components.size() != spec.threads.size())
    return simError(fmt::format("partition {}: {} behaviours for {} threads", p.name, components.size(),
                                spec.threads.size()));

  std::unique_ptr<RuntimePartitionDriver> driver(new RuntimePartitionDriver(plan, partition, channels));
  std::vector<runtime::ThreadBinding> bindings;
  for (std::size_t t = 0; t < spec.threads.size(); ++t) {
    const runtime::ThreadSpec& thread = spec.threads[t];
    const plan::Thread& planThread = p.threads[t];
    if (thread.ports.size() != planThread.ports.size())
      return mismatch(fmt::format("thread {} has {} ports in the program, {} in the plan", thread.instanceName,
                                  thread.ports.size(), planThread.ports.size()));
    runtime::ThreadBinding binding;
    binding.component = components[t];
    driver->receiverIndex_.emplace_back(thread.ports.size(), 0);
    binding.ins.resize(thread.ports.size());
    binding.outs.resize(thread.ports.size());
    for (std::size_t i = 0; i < thread.ports.size(); ++i) {
      const runtime::PortSpec& port = thread.ports[i];
      const plan::Port& planPort = planThread.ports[i];
      if (port.name != planPort.name || !sameCategory(planPort.category, port.category) ||
          (port.handover >= 0) != (planPort.channel >= 0))
        return mismatch(fmt::format("port {}.{}", thread.instanceName, port.name));
      if (planPort.channel < 0) continue;
      const std::string where = thread.instanceName + "." + port.name;
      std::span<std::byte> memory = channels.region(planPort.channel);
      if (port.direction == runtime::Direction::In) {
        runtime::Attachment attachment{memory, {}, nullptr};
        auto end = runtime::makeInPortEnd(port, attachment, where);
        if (!end) return simError(fmt::format("partition {}: {}", p.name, end.error().message));
        if (!observed) {
          binding.ins[i] = std::move(*end);
          continue;
        }
        driver->receivers_.push_back({static_cast<int>(t), static_cast<int>(i), planPort.channel, 0});
        driver->receiverIndex_[t][i] = driver->receivers_.size() - 1;
        binding.ins[i] = runtime::observeIn(std::move(*end), *driver, {static_cast<int>(t), static_cast<int>(i)},
                                            port.category, memory);
      } else {
        runtime::Attachment attachment{memory, memory, &noNotifier};
        auto end = runtime::makeOutPortEnd(port, attachment, where);
        if (!end) return simError(fmt::format("partition {}: {}", p.name, end.error().message));
        if (observed)
          binding.outs[i] = runtime::observeOut(std::move(*end), *driver, {static_cast<int>(t), static_cast<int>(i)},
                                                memory);
        else
          binding.outs[i] = std::move(*end);
      }
    }
    bindings.push_back(std::move(binding));
  }
  std::unique_ptr<runtime::InPortEnd> periodQueue;
  if ((spec.periodQueue >= 0) != (p.periodChannel >= 0))
    return mismatch("period queue");
  if (p.periodChannel >= 0) {
    runtime::Attachment attachment{channels.region(p.periodChannel), {}, nullptr};
    auto end = runtime::makePeriodQueueEnd(attachment);
    if (!end) return simError(fmt::format("partition {} period queue: {}", p.name, end.error().message));
    periodQueue = std::move(*end);
  }
  auto dispatcher = runtime::Dispatcher::create(spec, std::move(bindings), std::move(periodQueue), sink);
  if (!dispatcher) return simError(fmt::format("partition {}: {}", p.name, dispatcher.error().message));
  driver->dispatcher_.emplace(std::move(*dispatcher));
  driver->dispatchCounts_.assign(spec.threads.size(), 0);
  driver->observed_ = observed;
  return driver;
}

PortEvent RuntimePartitionDriver::eventAt(runtime::ObservedPort where, std::uint64_t sequence) const {
  const plan::Port& port = plan_->partitions[static_cast<std::size_t>(partition_)]
                               .threads[static_cast<std::size_t>(where.thread)]
                               .ports[static_cast<std::size_t>(where.port)];
  return PortEvent{partition_, where.thread, where.port, port.channel, sequence, 0, {}, 0};
}

void RuntimePartitionDriver::frozen(runtime::ObservedPort where, const runtime::FreezeResult& frozen,
                                    const runtime::Payload& value, std::uint64_t sequence, std::uint64_t numRecv) {
  receivers_[receiverIndex_[static_cast<std::size_t>(where.thread)][static_cast<std::size_t>(where.port)]].numRecv =
      numRecv;
  if (!recording()) return;
  PortEvent e = eventAt(where, sequence);
  e.events = frozen.events;
  if (frozen.dropped) note(PortActivity::Kind::Dropped, e, {}, frozen.dropped);
  if (frozen.hasValue) {
    e.numBits = value.numBits();
    note(PortActivity::Kind::Received, e, value.bytes(), 0);
  } else if (frozen.events) {
    note(PortActivity::Kind::Received, e, {}, 0);
  }
}

void RuntimePartitionDriver::published(runtime::ObservedPort where, const runtime::Payload& value,
                                       std::uint64_t sequence) {
  if (!recording()) return;
  PortEvent e = eventAt(where, sequence);
  e.numBits = value.numBits();
  e.events = 1;
  note(PortActivity::Kind::Sent, e, value.bytes(), 0);
}

void RuntimePartitionDriver::note(PortActivity::Kind kind, const PortEvent& event, std::span<const std::byte> bytes,
                                  std::uint64_t dropped) {
  activityBytes_.push_back(arena_.size());
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  arena_.insert(arena_.end(), data, data + bytes.size());
  PortActivity a{kind, event, dropped};
  a.event.bytes = {static_cast<const std::uint8_t*>(nullptr), bytes.size()};
  activity_.push_back(a);
}

std::expected<StepOutcome, SimError> RuntimePartitionDriver::outcome(std::optional<Nanoseconds> nextDue) {
  // The arena may have moved while it grew: point the spans at it now.
  for (std::size_t i = 0; i < activity_.size(); ++i) {
    std::size_t size = activity_[i].event.bytes.size();
    activity_[i].event.bytes = size ? std::span<const std::uint8_t>(arena_.data() + activityBytes_[i], size)
                                    : std::span<const std::uint8_t>();
  }
  return StepOutcome{dispatched_, activity_, nextDue};
}

std::expected<StepOutcome, SimError> RuntimePartitionDriver::initialise() {
  activity_.clear();
  activityBytes_.clear();
  arena_.clear();
  dispatched_.clear();
  if (auto status = dispatcher_->initialise(); !status)
    return simError(fmt::format("partition {}: {}", dispatcher_->spec().name, status.error().message));
  return outcome(std::nullopt);
}

void RuntimePartitionDriver::enqueueTick(std::uint8_t tick) {
  // A period queue of the Plan always formats; sendTick cannot fail here.
  (void)channels_->sendTick(plan_->partitions[static_cast<std::size_t>(partition_)].periodChannel, tick);
}

std::expected<StepOutcome, SimError> RuntimePartitionDriver::step(Nanoseconds now) {
  activity_.clear();
  activityBytes_.clear();
  arena_.clear();
  dispatched_.clear();
  auto result = dispatcher_->step(now);
  if (!result) return simError(fmt::format("partition {}: {}", dispatcher_->spec().name, result.error().message));
  if (result->dispatches > 0) {
    // The dispatcher runs due threads in thread order, each at most once.
    for (std::size_t t = 0; t < dispatchCounts_.size(); ++t) {
      std::uint64_t count = dispatcher_->dispatchCount(static_cast<int>(t));
      if (count != dispatchCounts_[t]) dispatched_.push_back(static_cast<int>(t));
      dispatchCounts_[t] = count;
    }
  }
  return outcome(result->nextDue);
}

SimStatus RuntimePartitionDriver::finalise() {
  if (auto status = dispatcher_->finalise(); !status)
    return simError(fmt::format("partition {}: {}", dispatcher_->spec().name, status.error().message));
  return {};
}

std::string RuntimePartitionDriver::describePorts() const {
  const plan::Partition& p = plan_->partitions[static_cast<std::size_t>(partition_)];
  std::string out;
  for (std::size_t t = 0; t < p.threads.size(); ++t) {
    for (std::size_t i = 0; i < p.threads[t].ports.size(); ++i) {
      const plan::Port& port = p.threads[t].ports[i];
      if (port.channel < 0) continue;
      std::uint64_t numRecv = 0;
      for (const ReceiverMirror& m : receivers_)
        if (m.thread == static_cast<int>(t) && m.port == static_cast<int>(i)) numRecv = m.numRecv;
      bool in = port.direction == plan::Direction::In;
      if (!observed_) {
        out += fmt::format("  {}.{} ({}): {}\n", p.threads[t].name, port.name, in ? "in" : "out",
                           channels_->describe(port.channel, 0));
        continue;
      }
      out += fmt::format("  {}.{} ({}): {}{}\n", p.threads[t].name, port.name, in ? "in" : "out",
                         channels_->describe(port.channel, in ? numRecv : 0),
                         in && port.category == plan::PortCategory::EventData ? fmt::format(", numRecv {}", numRecv)
                                                                               : "");
    }
  }
  return out;
}

}  // namespace bulkhead::sim
