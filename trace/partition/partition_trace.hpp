#pragma once
// The partition's half of `bulkhead run --trace`: writes what the
// partition does into its trace ring (trace_ring.hpp) — each wake, each
// dispatch with its start and end, and every value received, sent or
// dropped at a port, numbered per channel as the simulator numbers them so
// that the supervisor can join a send to its receives.
//
// Every partition links this (trace/partition/ is the partition's side of
// tracing: the ring and this writer, over base/ and channel/ only). It
// knows nothing of the runtime's types: the runtime tells it what happened
// through runtime/trace_hook.hpp, so that the runtime can link it without
// tracing depending back on the runtime.
#include "trace/partition/trace_ring.hpp"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <span>
#include <vector>

namespace bulkhead::trace {

// A value as it crossed a port: its bit count and the bytes holding the bits.
struct PortValue {
  std::span<const std::byte> bytes;
  std::uint64_t numBits = 0;
};

class PartitionTrace {
 public:
  static std::expected<std::unique_ptr<PartitionTrace>, Error> create(std::span<std::byte> ring);

  // The partition woke for a step.
  void wake();
  void dispatchBegin(int thread);
  void dispatchEnd(int thread);

  // A freeze at (thread, port) took message `sequence` of its channel:
  // `dropped` lost before it, then `value` (event data, data) or `events`
  // (event ports; 0 and no value: nothing taken).
  void frozen(int thread, int port, std::uint64_t sequence, std::uint64_t dropped, const PortValue* value,
              std::uint64_t events);
  // A publish at (thread, port), numbered `sequence` on its channel.
  void published(int thread, int port, std::uint64_t sequence, PortValue value);

  void record(TraceRecord record);

 private:
  explicit PartitionTrace(TraceRingWriter writer) : writer_(writer) {}

  TraceRingWriter writer_;
  std::vector<std::int64_t> dispatchStart_;  // per thread
};

}  // namespace bulkhead::trace
