#pragma once
// Where a traced partition's runtime tells trace/partition's PartitionTrace
// what it does: the dispatcher's begin/end and the observed port ends'
// freezes and publishes (observed_port_ends.hpp, observed alike in `sim`).
// The writing of records is trace/'s; this only hands the runtime's values
// over as plain ones, so that trace/ never includes the runtime.
#include "runtime/dispatch_listener.hpp"
#include "runtime/observed_port_ends.hpp"
#include "runtime/runtime_error.hpp"
#include "trace/partition/partition_trace.hpp"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <span>

namespace bulkhead::runtime {

class TraceHook final : public DispatchListener, public PortObserver {
 public:
  // Over the ring the supervisor handed over (Transport::attachTraceRing).
  static std::expected<std::unique_ptr<TraceHook>, RuntimeError> attach(std::span<std::byte> ring);

  // The partition woke for a step.
  void wake() { trace_->wake(); }
  void dispatchBegin(int thread) override { trace_->dispatchBegin(thread); }
  void dispatchEnd(int thread) override { trace_->dispatchEnd(thread); }
  void frozen(ObservedPort where, const FreezeResult& frozen, const Payload& value, std::uint64_t sequence,
              std::uint64_t numRecv) override;
  void published(ObservedPort where, const Payload& value, std::uint64_t sequence) override;

 private:
  explicit TraceHook(std::unique_ptr<trace::PartitionTrace> trace) : trace_(std::move(trace)) {}

  std::unique_ptr<trace::PartitionTrace> trace_;
};

}  // namespace bulkhead::runtime
