#include "runtime/trace_hook.hpp"

namespace bulkhead::runtime {

std::expected<std::unique_ptr<TraceHook>, RuntimeError> TraceHook::attach(std::span<std::byte> ring) {
  auto created = trace::PartitionTrace::create(ring);
  if (!created) return fail(created.error().message);
  return std::unique_ptr<TraceHook>(new TraceHook(std::move(*created)));
}

void TraceHook::frozen(ObservedPort where, const FreezeResult& frozen, const Payload& value, std::uint64_t sequence,
                       std::uint64_t) {
  const trace::PortValue taken{value.bytes(), value.numBits()};
  trace_->frozen(where.thread, where.port, sequence, frozen.dropped, frozen.hasValue ? &taken : nullptr,
                 frozen.events);
}

void TraceHook::published(ObservedPort where, const Payload& value, std::uint64_t sequence) {
  trace_->published(where.thread, where.port, sequence, {value.bytes(), value.numBits()});
}

}  // namespace bulkhead::runtime
