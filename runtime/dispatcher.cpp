#include "runtime/dispatcher.hpp"

#include "runtime/art_registration.hpp"
#include "runtime/period_ticks.hpp"

#include <exception>
#include <string>
#include <utility>

namespace bulkhead::runtime {

std::expected<Dispatcher, RuntimeError> Dispatcher::create(const PartitionSpec& spec,
                                                           std::vector<ThreadBinding> threads,
                                                           std::unique_ptr<InPortEnd> periodQueue,
                                                           LogSink& sink) {
  if (threads.size() != spec.threads.size())
    return fail("partition " + spec.name + ": " + std::to_string(threads.size()) + " behaviours for " +
                std::to_string(spec.threads.size()) + " threads");
  Dispatcher dispatcher;
  dispatcher.spec_ = std::make_unique<PartitionSpec>(spec);
  dispatcher.periodQueue_ = std::move(periodQueue);
  dispatcher.sink_ = &sink;
  bool hasPeriodic = false;
  for (std::size_t i = 0; i < threads.size(); ++i) {
    const ThreadSpec& thread = dispatcher.spec_->threads[i];
    ThreadBinding& binding = threads[i];
    if (binding.component == nullptr) return fail("thread " + thread.instanceName + " has no behaviour");
    binding.ins.resize(thread.ports.size());
    binding.outs.resize(thread.ports.size());
    for (std::size_t p = 0; p < thread.ports.size(); ++p) {
      const PortSpec& port = thread.ports[p];
      bool in = port.direction == Direction::In;
      if ((in && binding.outs[p]) || (!in && binding.ins[p]))
        return fail("port " + thread.instanceName + "." + port.name + " is bound against its direction");
      if (port.handover >= 0 && !(in ? static_cast<bool>(binding.ins[p]) : static_cast<bool>(binding.outs[p])))
        return fail("port " + thread.instanceName + "." + port.name + " is connected but has no channel end");
    }
    if (thread.dispatch == DispatchProtocol::Periodic) {
      hasPeriodic = true;
      if (thread.periodTicks == 0) return fail("periodic thread " + thread.instanceName + " has period 0 ticks");
    }
    ThreadState state;
    state.binding = std::move(binding);
    state.context = std::make_unique<ThreadContext>(thread, sink);
    state.binding.component->bind(*state.context);
    std::vector<InPortEnd*> ends;
    for (const auto& end : state.binding.ins) ends.push_back(end.get());
    state.context->bindInputs(std::move(ends));
    dispatcher.state_.push_back(std::move(state));
  }
  if (hasPeriodic && !dispatcher.periodQueue_)
    return fail("partition " + spec.name + " has periodic threads but no period queue from the pacer");
  return dispatcher;
}

void Dispatcher::setHealthChannel(contract::HealthChannelWriter* health) {
  health_ = health;
  // Paced by the pacer: each step that takes a tick says when it is done,
  // so that a late one is seen (contract/health_report.hpp).
  if (health_ && periodQueue_) health_->publishSteps();
  for (std::size_t i = 0; i < state_.size(); ++i) state_[i].context->bindHealth(health, static_cast<std::uint32_t>(i));
}

void Dispatcher::announce() {
  for (const ThreadSpec& thread : spec_->threads)
    for (const std::string& line : artRegistrationLines(thread)) sink_->line(Stream::Out, line);
}

Status Dispatcher::callEntryPoint(ThreadState& thread, std::string_view entryPoint, std::string_view port,
                                  auto&& call) {
  // Behaviour code is the user's: an exception must not unwind through the
  // runtime, it becomes an error value that ends the partition. The name is
  // only built on that path (no allocation per dispatch).
  const auto name = [&] { return std::string(entryPoint) + std::string(port); };
  try {
    call();
    return {};
  } catch (const std::exception& e) {
    thread.context->logError(name() + " threw: " + e.what());
  } catch (...) {
    thread.context->logError(name() + " threw a non-standard exception");
  }
  return fail("thread " + thread.context->spec().instanceName + ": " + name() + " threw");
}

Status Dispatcher::initialise() {
  for (ThreadState& thread : state_) {
    thread.context->clearInputs();
    thread.context->setPhase(Phase::Initialising);
    Status status = callEntryPoint(thread, "initialise", "", [&] { thread.binding.component->initialise(); });
    thread.context->setPhase(Phase::Registered);
    if (!status) return status;
    publishOutputs(thread);
  }
  return {};
}

Status Dispatcher::finalise() {
  Status result;
  for (ThreadState& thread : state_) {
    thread.context->clearInputs();
    thread.context->setPhase(Phase::Finalising);
    Status status = callEntryPoint(thread, "finalise", "", [&] { thread.binding.component->finalise(); });
    thread.context->setPhase(Phase::Registered);
    if (!status && result) result = status;
  }
  return result;
}

bool Dispatcher::hasPendingInput(const ThreadState& thread) const {
  const ThreadSpec& spec = thread.context->spec();
  for (std::size_t p = 0; p < spec.ports.size(); ++p) {
    if (spec.ports[p].direction != Direction::In || spec.ports[p].category == PortCategory::Data) continue;
    // hasLiveInput also sees events a live thread counted and did not take.
    if (thread.context->hasLiveInput(static_cast<int>(p))) return true;
  }
  return false;
}

std::expected<StepResult, RuntimeError> Dispatcher::step(Nanoseconds now) {
  const std::uint64_t ticksBefore = ticks_;
  bool ticked = false;
  if (periodQueue_) {
    auto tick = periodQueue_->freeze(tick_);
    if (!tick) return std::unexpected(tick.error());
    // A tick missed while the partition was held counts: the queue reports
    // it dropped, and periods stay aligned with the pacer's frames.
    if (tick->hasValue) ticks_ += tick->dropped + 1;
    ticked = tick->hasValue;
  }
  for (ThreadState& thread : state_)
    for (auto& end : thread.binding.ins)
      if (end)
        if (Status status = end->refresh(); !status) return std::unexpected(status.error());
  StepResult result;
  for (ThreadState& thread : state_) {
    const ThreadSpec& spec = thread.context->spec();
    bool due = false;
    if (spec.dispatch == DispatchProtocol::Periodic) {
      const std::uint32_t w = spec_->ticksPerFrame;
      due = periodicDispatchesUpTo(ticks_, spec.periodTicks, w) > periodicDispatchesUpTo(ticksBefore, spec.periodTicks, w);
    } else if (hasPendingInput(thread)) {
      if (!thread.lastDispatch || now - *thread.lastDispatch >= spec.period) {
        due = true;
      }
    }
    if (!due) continue;
    if (Status status = dispatch(thread, now); !status) return std::unexpected(status.error());
    ++result.dispatches;
  }
  // A sporadic thread dispatches on one element per port; what is left
  // waits for its next minimum inter-arrival, not for another notification.
  for (const ThreadState& thread : state_) {
    const ThreadSpec& spec = thread.context->spec();
    if (spec.dispatch != DispatchProtocol::Sporadic || !hasPendingInput(thread)) continue;
    Nanoseconds at = thread.lastDispatch ? *thread.lastDispatch + spec.period : now;
    if (!result.nextDue || at < *result.nextDue) result.nextDue = at;
  }
  // This tick's step is done (an error above ends the partition instead).
  if (ticked && health_) health_->stepEnded(static_cast<std::uint8_t>(tick_.bytes()[0]));
  return result;
}

Status Dispatcher::freezeInputs(ThreadState& thread) {
  ThreadContext& context = *thread.context;
  context.clearInputs();
  const ThreadSpec& spec = context.spec();
  for (std::size_t p = 0; p < spec.ports.size(); ++p) {
    auto& end = thread.binding.ins[p];
    if (!end) continue;
    ThreadContext::InSlot& slot = context.inSlot(static_cast<int>(p));
    auto frozen = end->freeze(slot.value);
    if (!frozen) return fail("port " + spec.instanceName + "." + spec.ports[p].name + ": " + frozen.error().message);
    slot.frozen = *frozen;
    if (frozen->overflowError) context.reportOverflowError(static_cast<int>(p), frozen->dropped);
  }
  return {};
}

Status Dispatcher::dispatch(ThreadState& thread, Nanoseconds now) {
  const int index = static_cast<int>(&thread - state_.data());
  // The supervisor sees a dispatch still running a whole window after the
  // one it began in as an overrun (contract/health_report.hpp), with or
  // without a trace; every way out of the dispatch says it ended.
  struct Published {
    contract::HealthChannelWriter* health;
    explicit Published(contract::HealthChannelWriter* h) : health(h) {
      if (health) health->beginDispatch();
    }
    ~Published() {
      if (health) health->endDispatch();
    }
    Published(const Published&) = delete;
    Published& operator=(const Published&) = delete;
  } published(health_);
  if (listener_) listener_->dispatchBegin(index);
  ThreadContext& context = *thread.context;
  context.setDispatch(thread.dispatches + 1);
  const bool live = thread.binding.component->dequeuesLive();
  if (live) context.clearInputs();
  else if (Status status = freezeInputs(thread); !status) return status;
  const ThreadSpec& spec = context.spec();
  context.setPhase(Phase::Dispatching);
  Status status;
  if (spec.dispatch == DispatchProtocol::Periodic) {
    status = callEntryPoint(thread, "timeTriggered", "", [&] { thread.binding.component->timeTriggered(); });
  } else {
    for (std::size_t p = 0; p < spec.ports.size() && status; ++p) {
      const PortSpec& port = spec.ports[p];
      if (port.direction != Direction::In || port.category == PortCategory::Data) continue;
      // Live: HAMR's glue runs handle_<port> when the port is not empty
      // as its turn comes; frozen: when the freeze took something.
      if (live) {
        if (!context.hasLiveInput(static_cast<int>(p))) continue;
      } else {
        const FreezeResult& frozen = context.inSlot(static_cast<int>(p)).frozen;
        if (!frozen.hasValue && frozen.events == 0) continue;
      }
      status = callEntryPoint(thread, "handle_", port.name,
                              [&] { thread.binding.component->handlePort(static_cast<int>(p)); });
    }
  }
  context.setPhase(Phase::Registered);
  ++thread.dispatches;
  thread.lastDispatch = now;
  if (!status) return status;
  if (auto error = context.takeLiveError()) return std::unexpected(*error);
  publishOutputs(thread);
  if (listener_) listener_->dispatchEnd(index);
  return {};
}

void Dispatcher::publishOutputs(ThreadState& thread) {
  ThreadContext& context = *thread.context;
  const ThreadSpec& spec = context.spec();
  for (std::size_t p = 0; p < spec.ports.size(); ++p) {
    if (spec.ports[p].direction != Direction::Out) continue;
    ThreadContext::OutSlot& slot = context.outSlot(static_cast<int>(p));
    auto& end = thread.binding.outs[p];
    if (end) {
      // Event ports carry no value: each put is one event.
      static const Payload none;
      for (std::size_t i = 0; i < slot.count; ++i) {
        const Payload& value = spec.ports[p].category == PortCategory::Event ? none : slot.queued[i];
        if (Status status = end->publish(value); !status) {
          ++publishErrors_;
          context.logError("put_" + spec.ports[p].name + ": " + status.error().message);
        }
      }
    }
    slot.count = 0;
  }
}

}  // namespace bulkhead::runtime
