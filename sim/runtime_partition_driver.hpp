#pragma once
// A partition of real behaviour code (the same generated code and user
// classes that `bulkhead run` starts as a partition program) driven by the
// runtime's own Dispatcher over the simulator's channel memory. The port
// ends are the runtime's (channel_port_ends.hpp), observed as a traced
// run's are (runtime/observed_port_ends.hpp): the driver hears what crossed
// each, with the value, for traces and stepping.
#include "plan/plan.hpp"
#include "runtime/component.hpp"
#include "runtime/dispatcher.hpp"
#include "runtime/log_sink.hpp"
#include "runtime/observed_port_ends.hpp"
#include "runtime/partition_spec.hpp"
#include "sim/partition_driver.hpp"
#include "sim/sim_channels.hpp"

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bulkhead::sim {

class RuntimePartitionDriver final : public PartitionDriver, public runtime::PortObserver {
 public:
  // `spec` is the partition's slice of `plan` (as baked into its program);
  // it must match the Plan port for port. `components[i]` runs
  // spec.threads[i]. Everything passed must outlive the driver. Without
  // `observed`, the port ends are the runtime's own, unwrapped (fastest):
  // no activity is recorded and describePorts knows no receiver cursors.
  static std::expected<std::unique_ptr<RuntimePartitionDriver>, SimError> create(
      const plan::Plan& plan, int partition, const runtime::PartitionSpec& spec,
      std::span<runtime::Component* const> components, SimChannels& channels, runtime::LogSink& sink,
      bool observed = true);

  // Prints the Art registration lines, as a partition program does at start.
  void announce() { dispatcher_->announce(); }

  std::expected<StepOutcome, SimError> initialise() override;
  void enqueueTick(std::uint8_t tick) override;
  std::expected<StepOutcome, SimError> step(Nanoseconds now) override;
  SimStatus finalise() override;
  std::string describePorts() const override;

  runtime::Dispatcher& dispatcher() { return *dispatcher_; }

  // The observed port ends' reports.
  void frozen(runtime::ObservedPort where, const runtime::FreezeResult& frozen, const runtime::Payload& value,
              std::uint64_t sequence, std::uint64_t numRecv) override;
  void published(runtime::ObservedPort where, const runtime::Payload& value, std::uint64_t sequence) override;

 private:
  RuntimePartitionDriver(const plan::Plan& plan, int partition, SimChannels& channels)
      : plan_(&plan), partition_(partition), channels_(&channels) {}
  std::expected<StepOutcome, SimError> outcome(std::optional<Nanoseconds> nextDue);
  PortEvent eventAt(runtime::ObservedPort where, std::uint64_t sequence) const;
  void note(PortActivity::Kind kind, const PortEvent& event, std::span<const std::byte> bytes,
            std::uint64_t dropped);

  const plan::Plan* plan_;
  int partition_;
  SimChannels* channels_;
  std::optional<runtime::Dispatcher> dispatcher_;
  std::vector<std::uint64_t> dispatchCounts_;  // per thread, before the current step
  std::vector<int> dispatched_;
  std::vector<PortActivity> activity_;
  std::vector<std::size_t> activityBytes_;     // per activity: offset of its bytes in arena_
  std::vector<std::uint8_t> arena_;
  // Per receiving port (thread, port) in the Plan: the receiver's numRecv,
  // mirrored from what its freezes reported (for --step and sequences).
  struct ReceiverMirror {
    int thread = 0;
    int port = 0;
    int channel = 0;
    std::uint64_t numRecv = 0;
  };
  std::vector<ReceiverMirror> receivers_;
  std::vector<std::vector<std::size_t>> receiverIndex_;  // [thread][port]: index in receivers_ (in ports)
  bool observed_ = true;
};

}  // namespace bulkhead::sim
