#include "runtime/partition_trace.hpp"

#include "base/monotonic_clock.hpp"

namespace bulkhead::runtime {

namespace {

std::span<const std::uint8_t> bytesOf(std::span<const std::byte> bytes) {
  return {reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()};
}

}  // namespace

std::expected<std::unique_ptr<PartitionTrace>, RuntimeError> PartitionTrace::create(std::span<std::byte> ring) {
  auto writer = channel::TraceRingWriter::attach(ring);
  if (!writer) return fail(writer.error().message);
  return std::unique_ptr<PartitionTrace>(new PartitionTrace(*writer));
}

void PartitionTrace::record(channel::TraceRecord record) { writer_.append(record); }

void PartitionTrace::wake() {
  record(channel::traceRecord(channel::TraceRecordKind::Wake, 0, 0, base::monotonicNow(), writer_.window(), 0));
}

void PartitionTrace::dispatchBegin(int thread) {
  const auto index = static_cast<std::size_t>(thread);
  if (dispatchStart_.size() <= index) dispatchStart_.resize(index + 1, 0);
  dispatchStart_[index] = base::monotonicNow();
}

void PartitionTrace::dispatchEnd(int thread) {
  const auto index = static_cast<std::size_t>(thread);
  const std::int64_t start = index < dispatchStart_.size() ? dispatchStart_[index] : 0;
  auto dispatch = channel::traceRecord(channel::TraceRecordKind::Dispatch, static_cast<std::uint16_t>(thread), 0, start, 0, 0);
  dispatch.end = base::monotonicNow();
  record(dispatch);
}

// Each freeze: what was lost before it, and the value or events taken,
// with the number of that message on its channel.
void PartitionTrace::frozen(ObservedPort where, const FreezeResult& frozen, const Payload& value,
                            std::uint64_t sequence, std::uint64_t) {
  const std::int64_t now = base::monotonicNow();
  const auto thread = static_cast<std::uint16_t>(where.thread), port = static_cast<std::uint16_t>(where.port);
  if (frozen.dropped > 0)
    record(channel::traceRecord(channel::TraceRecordKind::Dropped, thread, port, now, sequence, frozen.dropped));
  if (frozen.hasValue || frozen.events > 0) {
    auto got = channel::traceRecord(channel::TraceRecordKind::Received, thread, port, now, sequence, 0);
    if (frozen.hasValue) {
      got.count = value.numBits();
      got.value = bytesOf(value.bytes());
    } else {
      got.count = frozen.events;
    }
    record(got);
  }
}

void PartitionTrace::published(ObservedPort where, const Payload& value, std::uint64_t sequence) {
  auto sent = channel::traceRecord(channel::TraceRecordKind::Sent, static_cast<std::uint16_t>(where.thread),
                                   static_cast<std::uint16_t>(where.port), base::monotonicNow(), sequence,
                                   value.numBits());
  sent.value = bytesOf(value.bytes());
  record(sent);
}

}  // namespace bulkhead::runtime
