#include "trace/partition/partition_trace.hpp"

#include "base/monotonic_clock.hpp"

namespace bulkhead::trace {

namespace {

std::span<const std::uint8_t> bytesOf(std::span<const std::byte> bytes) {
  return {reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()};
}

}  // namespace

std::expected<std::unique_ptr<PartitionTrace>, Error> PartitionTrace::create(std::span<std::byte> ring) {
  auto writer = TraceRingWriter::attach(ring);
  if (!writer) return std::unexpected(writer.error());
  return std::unique_ptr<PartitionTrace>(new PartitionTrace(*writer));
}

void PartitionTrace::record(TraceRecord record) { writer_.append(record); }

void PartitionTrace::wake() {
  record(traceRecord(TraceRecordKind::Wake, 0, 0, base::monotonicNow(), writer_.window(), 0));
}

void PartitionTrace::dispatchBegin(int thread) {
  const auto index = static_cast<std::size_t>(thread);
  if (dispatchStart_.size() <= index) dispatchStart_.resize(index + 1, 0);
  dispatchStart_[index] = base::monotonicNow();
}

void PartitionTrace::dispatchEnd(int thread) {
  const auto index = static_cast<std::size_t>(thread);
  const std::int64_t start = index < dispatchStart_.size() ? dispatchStart_[index] : 0;
  auto dispatch = traceRecord(TraceRecordKind::Dispatch, static_cast<std::uint16_t>(thread), 0, start, 0, 0);
  dispatch.end = base::monotonicNow();
  record(dispatch);
}

// Each freeze: what was lost before it, and the value or events taken,
// with the number of that message on its channel.
void PartitionTrace::frozen(int thread, int port, std::uint64_t sequence, std::uint64_t dropped,
                            const PortValue* value, std::uint64_t events) {
  const std::int64_t now = base::monotonicNow();
  const auto t = static_cast<std::uint16_t>(thread), p = static_cast<std::uint16_t>(port);
  if (dropped > 0) record(traceRecord(TraceRecordKind::Dropped, t, p, now, sequence, dropped));
  if (value || events > 0) {
    auto got = traceRecord(TraceRecordKind::Received, t, p, now, sequence, 0);
    if (value) {
      got.count = value->numBits;
      got.value = bytesOf(value->bytes);
    } else {
      got.count = events;
    }
    record(got);
  }
}

void PartitionTrace::published(int thread, int port, std::uint64_t sequence, PortValue value) {
  auto sent = traceRecord(TraceRecordKind::Sent, static_cast<std::uint16_t>(thread), static_cast<std::uint16_t>(port),
                          base::monotonicNow(), sequence, value.numBits);
  sent.value = bytesOf(value.bytes);
  record(sent);
}

}  // namespace bulkhead::trace
