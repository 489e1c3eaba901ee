#pragma once
// The partition's half of `bulkhead run --trace`: writes what the
// partition does into its trace ring (channel/trace_ring.hpp) — each wake,
// each dispatch with its start and end, and every value received, sent or
// dropped at a port, numbered per channel as the simulator numbers them so
// that the supervisor can join a send to its receives. It observes the
// port ends through observed_port_ends.hpp, so the dispatcher and the
// behaviour code are the same whether a run is traced or not.
#include "channel/trace_ring.hpp"
#include "runtime/dispatch_listener.hpp"
#include "runtime/observed_port_ends.hpp"
#include "runtime/partition_spec.hpp"
#include "runtime/port_end.hpp"
#include "runtime/runtime_error.hpp"

#include <cstdint>
#include <expected>
#include <memory>
#include <span>
#include <vector>

namespace bulkhead::runtime {

class PartitionTrace final : public DispatchListener, public PortObserver {
 public:
  static std::expected<std::unique_ptr<PartitionTrace>, RuntimeError> create(std::span<std::byte> ring);

  // The partition woke for a step.
  void wake();
  void dispatchBegin(int thread) override;
  void dispatchEnd(int thread) override;

  // The port ends' observer (observeIn/observeOut).
  void frozen(ObservedPort where, const FreezeResult& frozen, const Payload& value, std::uint64_t sequence,
              std::uint64_t numRecv) override;
  void published(ObservedPort where, const Payload& value, std::uint64_t sequence) override;

  void record(channel::TraceRecord record);

 private:
  explicit PartitionTrace(channel::TraceRingWriter writer) : writer_(writer) {}

  channel::TraceRingWriter writer_;
  std::vector<std::int64_t> dispatchStart_;  // per thread
};

}  // namespace bulkhead::runtime
