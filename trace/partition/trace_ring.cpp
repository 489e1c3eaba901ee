#include "trace/partition/trace_ring.hpp"

#include <cstring>

#include "channel/slot_access.hpp"
#include "base/text.hpp"

namespace bulkhead::trace {
namespace {

constexpr std::size_t kMagicOffset = 0;
constexpr std::size_t kVersionOffset = 8;
constexpr std::size_t kCapacityOffset = 16;
constexpr std::size_t kWrittenOffset = 64;
constexpr std::size_t kLostOffset = 72;
constexpr std::size_t kConsumedOffset = 128;
constexpr std::size_t kWindowOffset = 136;

// A record in the ring: this fixed part, then the value padded to 8 bytes.
//   0 u32 size, 4 u16 kind, 6 u16 thread, 8 u16 port, 10 u8 valueCut,
//   11 u8 zero, 12 u32 valueBytes, 16 i64 at, 24 i64 end, 32 u64 sequence,
//   40 u64 count
constexpr std::size_t kRecordHeader = 48;

constexpr std::uint64_t roundUp8(std::uint64_t n) { return (n + 7) & ~std::uint64_t{7}; }

template <class T>
T get(const std::byte* at) {
  T v;
  std::memcpy(&v, at, sizeof v);
  return v;
}

template <class T>
void put(std::byte* at, T v) {
  std::memcpy(at, &v, sizeof v);
}

std::expected<std::uint64_t, Error> validateHeader(std::span<const std::byte> region) {
  if (region.size() < kTraceRecordsOffset + kRecordHeader)
    return std::unexpected(Error{ErrorCode::BadHeader, base::text::concat("trace ring of ", region.size(),
                                                                          " bytes is too small for its header")});
  if (get<std::uint64_t>(region.data() + kMagicOffset) != kTraceMagic)
    return std::unexpected(Error{ErrorCode::BadHeader, "trace ring header at offset 0: bad magic (not a trace ring)"});
  const auto version = get<std::uint32_t>(region.data() + kVersionOffset);
  if (version != kTraceVersion)
    return std::unexpected(Error{ErrorCode::BadHeader, base::text::concat("trace ring header at offset 8: version ",
                                                                          version, ", expected ", kTraceVersion)});
  const auto capacity = get<std::uint64_t>(region.data() + kCapacityOffset);
  if (capacity % 8 != 0 || capacity < kRecordHeader || capacity > region.size() - kTraceRecordsOffset)
    return std::unexpected(Error{ErrorCode::BadHeader, base::text::concat("trace ring header at offset 16: capacity ",
                                                                          capacity, " does not fit the region of ",
                                                                          region.size(), " bytes")});
  return capacity;
}

Error badRecord(std::uint64_t position, const char* what) {
  return Error{ErrorCode::WildCounter, base::text::concat("trace ring record at ", position, ": ", what)};
}

}  // namespace

TraceRecord traceRecord(TraceRecordKind kind, std::uint16_t thread, std::uint16_t port, std::int64_t at,
                        std::uint64_t sequence, std::uint64_t count) {
  TraceRecord r;
  r.kind = kind;
  r.thread = thread;
  r.port = port;
  r.at = at;
  r.sequence = sequence;
  r.count = count;
  return r;
}

std::size_t traceRingSize(std::size_t capacity) { return kTraceRecordsOffset + roundUp8(capacity); }

std::expected<void, Error> formatTraceRing(std::span<std::byte> region) {
  if (region.size() < kTraceRecordsOffset + kRecordHeader)
    return std::unexpected(Error{ErrorCode::BadGeometry, base::text::concat("trace ring of ", region.size(),
                                                                            " bytes is too small for its header")});
  std::memset(region.data(), 0, region.size());
  put(region.data() + kMagicOffset, kTraceMagic);
  put(region.data() + kVersionOffset, kTraceVersion);
  put<std::uint64_t>(region.data() + kCapacityOffset, (region.size() - kTraceRecordsOffset) & ~std::uint64_t{7});
  return {};
}

// ---- writer (the partition) --------------------------------------------------

std::expected<TraceRingWriter, Error> TraceRingWriter::attach(std::span<std::byte> region) {
  auto capacity = validateHeader(region);
  if (!capacity) return std::unexpected(capacity.error());
  return TraceRingWriter(region.data(), *capacity, channel::detail::loadAcquire(region.data() + kWrittenOffset));
}

bool TraceRingWriter::append(const TraceRecord& record) {
  const std::size_t valueBytes = std::min(record.value.size(), kTraceValueBytes);
  const std::uint64_t size = kRecordHeader + roundUp8(valueBytes);
  const std::uint64_t consumed = channel::detail::loadAcquire(base_ + kConsumedOffset);
  std::uint64_t position = written_ % capacity_;
  const std::uint64_t tillEnd = capacity_ - position;
  const std::uint64_t padding = size > tillEnd ? tillEnd : 0;
  // A reader that wrote a wild `consumed` only makes this writer refuse.
  if (consumed > written_ || written_ - consumed + padding + size > capacity_) {
    channel::detail::storeRelease(base_ + kLostOffset, channel::detail::loadAcquire(base_ + kLostOffset) + 1);
    return false;
  }
  std::byte* area = base_ + kTraceRecordsOffset;
  if (padding > 0) {
    put<std::uint32_t>(area + position, static_cast<std::uint32_t>(padding));
    put<std::uint16_t>(area + position + 4, static_cast<std::uint16_t>(TraceRecordKind::Padding));
    position = 0;
  }
  std::byte* r = area + position;
  std::memset(r, 0, size);
  put<std::uint32_t>(r, static_cast<std::uint32_t>(size));
  put<std::uint16_t>(r + 4, static_cast<std::uint16_t>(record.kind));
  put<std::uint16_t>(r + 6, record.thread);
  put<std::uint16_t>(r + 8, record.port);
  put<std::uint8_t>(r + 10, record.valueCut || record.value.size() > kTraceValueBytes ? 1 : 0);
  put<std::uint32_t>(r + 12, static_cast<std::uint32_t>(valueBytes));
  put<std::int64_t>(r + 16, record.at);
  put<std::int64_t>(r + 24, record.end);
  put<std::uint64_t>(r + 32, record.sequence);
  put<std::uint64_t>(r + 40, record.count);
  if (valueBytes > 0) std::memcpy(r + kRecordHeader, record.value.data(), valueBytes);
  written_ += padding + size;
  channel::detail::storeRelease(base_ + kWrittenOffset, written_);
  return true;
}

std::uint64_t TraceRingWriter::window() const { return channel::detail::loadAcquire(base_ + kWindowOffset); }

// ---- reader (the supervisor) -------------------------------------------------

std::expected<TraceRingReader, Error> TraceRingReader::attach(std::span<std::byte> region) {
  auto capacity = validateHeader(region);
  if (!capacity) return std::unexpected(capacity.error());
  TraceRingReader reader(region.data(), *capacity);
  reader.consumed_ = channel::detail::loadAcquire(region.data() + kConsumedOffset);
  return reader;
}

std::expected<std::uint64_t, Error> TraceRingReader::drain(const std::function<void(const TraceRecord&)>& take) {
  const std::uint64_t written = channel::detail::loadAcquire(base_ + kWrittenOffset);
  if (written < consumed_ || written - consumed_ > capacity_)
    return std::unexpected(badRecord(consumed_, "the writer's count went wild (corrupt ring)"));
  const std::byte* area = base_ + kTraceRecordsOffset;
  std::uint64_t handed = 0;
  std::uint8_t value[kTraceValueBytes];
  while (consumed_ < written) {
    const std::uint64_t position = consumed_ % capacity_;
    const std::uint64_t available = written - consumed_;
    const std::byte* r = area + position;
    const auto size = get<std::uint32_t>(r);
    const auto kind = get<std::uint16_t>(r + 4);
    if (size < 8 || size % 8 != 0 || size > available || size > capacity_ - position)
      return std::unexpected(badRecord(consumed_, "bad size"));
    if (kind == static_cast<std::uint16_t>(TraceRecordKind::Padding)) {
      consumed_ += size;
      continue;
    }
    if (kind > static_cast<std::uint16_t>(TraceRecordKind::Dropped))
      return std::unexpected(badRecord(consumed_, "unknown kind"));
    const auto valueBytes = get<std::uint32_t>(r + 12);
    if (valueBytes > kTraceValueBytes || size != kRecordHeader + roundUp8(valueBytes))
      return std::unexpected(badRecord(consumed_, "value length does not match the record size"));
    // Copied out before the callback, so a writer breaking the protocol
    // cannot change what the callback sees.
    std::memcpy(value, r + kRecordHeader, valueBytes);
    TraceRecord record;
    record.kind = static_cast<TraceRecordKind>(kind);
    record.thread = get<std::uint16_t>(r + 6);
    record.port = get<std::uint16_t>(r + 8);
    record.valueCut = get<std::uint8_t>(r + 10) != 0;
    record.at = get<std::int64_t>(r + 16);
    record.end = get<std::int64_t>(r + 24);
    record.sequence = get<std::uint64_t>(r + 32);
    record.count = get<std::uint64_t>(r + 40);
    record.value = std::span<const std::uint8_t>(value, valueBytes);
    consumed_ += size;
    take(record);
    ++handed;
  }
  channel::detail::storeRelease(base_ + kConsumedOffset, consumed_);
  return handed;
}

std::uint64_t TraceRingReader::lost() const { return channel::detail::loadAcquire(base_ + kLostOffset); }

void TraceRingReader::publishWindow(std::uint64_t window) { channel::detail::storeRelease(base_ + kWindowOffset, window); }

}  // namespace bulkhead::trace
