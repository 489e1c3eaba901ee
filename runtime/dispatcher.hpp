#pragma once
// The dispatch logic of one partition: freeze inputs, call the entry point,
// publish outputs (design sections 3 and 5). It never blocks and never
// reads a clock: the caller says what time it is and when to step. A
// partition program steps it whenever its transport wakes it; the
// simulator steps it in virtual time.
#include "contract/health_report.hpp"
#include "runtime/component.hpp"
#include "runtime/dispatch_listener.hpp"
#include "runtime/log_sink.hpp"
#include "runtime/partition_spec.hpp"
#include "runtime/port_end.hpp"
#include "runtime/runtime_error.hpp"
#include "runtime/thread_context.hpp"

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace bulkhead::runtime {

// One thread's behaviour and channel ends, indexed like ThreadSpec::ports:
// `ins[i]` is set for connected in ports, `outs[i]` for connected out ports.
struct ThreadBinding {
  Component* component = nullptr;
  std::vector<std::unique_ptr<InPortEnd>> ins;
  std::vector<std::unique_ptr<OutPortEnd>> outs;
};

struct StepResult {
  int dispatches = 0;                    // entry points run in this step
  std::optional<Nanoseconds> nextDue;    // a sporadic thread held back by its minimum inter-arrival
};

class Dispatcher {
 public:
  static std::expected<Dispatcher, RuntimeError> create(const PartitionSpec& spec,
                                                        std::vector<ThreadBinding> threads,
                                                        std::unique_ptr<InPortEnd> periodQueue,
                                                        LogSink& sink);

  // Prints the Art registration lines of every thread, in order.
  void announce();
  // Runs every thread's `initialise`, then publishes what it put.
  Status initialise();
  // Takes a pending pacer tick, then dispatches, in thread order, every
  // periodic thread due at this tick and every sporadic thread with input
  // whose minimum inter-arrival has passed at `now`.
  std::expected<StepResult, RuntimeError> step(Nanoseconds now);
  // Runs every thread's `finalise`.
  Status finalise();

  // Tells `listener` (which must outlive the dispatcher; null: nobody)
  // where each dispatch begins and ends.
  void setListener(DispatchListener* listener) { listener_ = listener; }
  // Sends every thread's health reports to `health` (which must outlive
  // the dispatcher; null: they are error lines).
  void setHealthChannel(contract::HealthChannelWriter* health);

  const PartitionSpec& spec() const { return *spec_; }
  std::uint64_t ticks() const { return ticks_; }
  std::uint64_t dispatchCount(int thread) const { return state_[static_cast<std::size_t>(thread)].dispatches; }
  std::uint64_t publishErrors() const { return publishErrors_; }
  ThreadContext& context(int thread) { return *state_[static_cast<std::size_t>(thread)].context; }

 private:
  struct ThreadState {
    ThreadBinding binding;
    std::unique_ptr<ThreadContext> context;
    std::uint64_t dispatches = 0;
    std::optional<Nanoseconds> lastDispatch;
  };

  Dispatcher() = default;
  Status dispatch(ThreadState& thread, Nanoseconds now);
  Status freezeInputs(ThreadState& thread);
  void publishOutputs(ThreadState& thread);
  Status callEntryPoint(ThreadState& thread, std::string_view entryPoint, std::string_view port, auto&& call);
  bool hasPendingInput(const ThreadState& thread) const;

  std::unique_ptr<PartitionSpec> spec_;
  std::vector<ThreadState> state_;
  std::unique_ptr<InPortEnd> periodQueue_;
  Payload tick_{8};
  std::uint64_t ticks_ = 0;
  std::uint64_t publishErrors_ = 0;
  LogSink* sink_ = nullptr;
  DispatchListener* listener_ = nullptr;
  contract::HealthChannelWriter* health_ = nullptr;  // publishes the frame each dispatch began in
};

}  // namespace bulkhead::runtime
