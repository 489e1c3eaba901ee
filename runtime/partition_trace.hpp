#pragma once
// The partition's half of `bulkhead run --trace`: writes what the
// partition does into its trace ring (channel/trace_ring.hpp) — each wake,
// each dispatch with its start and end, and every value received, sent or
// dropped at a port, numbered per channel as the simulator numbers them so
// that the supervisor can join a send to its receives. Port ends are
// wrapped, so the dispatcher and the behaviour code are the same whether a
// run is traced or not.
#include "channel/trace_ring.hpp"
#include "runtime/dispatch_listener.hpp"
#include "runtime/partition_spec.hpp"
#include "runtime/port_end.hpp"
#include "runtime/runtime_error.hpp"

#include <cstdint>
#include <expected>
#include <memory>
#include <span>
#include <vector>

namespace bulkhead::runtime {

class PartitionTrace final : public DispatchListener {
 public:
  static std::expected<std::unique_ptr<PartitionTrace>, RuntimeError> create(std::span<std::byte> ring);

  // The partition woke for a step.
  void wake();
  void dispatchBegin(int thread) override;
  void dispatchEnd(int thread) override;

  // Wraps the end of port `port` of thread `thread`; `region` is the
  // channel's memory (its counter numbers the messages).
  std::unique_ptr<InPortEnd> wrapIn(std::unique_ptr<InPortEnd> end, int thread, int port, PortCategory category,
                                    std::span<const std::byte> region);
  std::unique_ptr<OutPortEnd> wrapOut(std::unique_ptr<OutPortEnd> end, int thread, int port,
                                      std::span<const std::byte> region);

  // Used by the wrapped ends.
  void record(channel::TraceRecord record);

 private:
  explicit PartitionTrace(channel::TraceRingWriter writer) : writer_(writer) {}

  channel::TraceRingWriter writer_;
  std::vector<std::int64_t> dispatchStart_;  // per thread
};

}  // namespace bulkhead::runtime
