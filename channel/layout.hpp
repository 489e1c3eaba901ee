#pragma once
// The byte-exact layout of one channel region, shared by the writer, the
// receivers and (through an ivshmem BAR) a guest. No pointers, fixed-width
// little-endian fields, explicit offsets; the region must start on a 64-byte
// boundary (any mmap or PCI BAR does).
//
//   offset  size  field
//   0       8     magic            "BLKHDCHN" (0x4E484344484B4C42 as a little-endian u64)
//   8       4     layoutVersion    2
//   12      4     kind             1 event data, 2 data, 3 event
//   16      4     queueSize        Queue_Size N (event data: largest receiver's; data 1; event: 0)
//   20      4     slotCount        event data N+1, data 1, event 0
//   24      4     slotSize         bytes per slot (8-byte bit count + payload, rounded up to 64;
//                                  compact: to 8)
//   28      4     slotsOffset      128, or 72 when compact
//   32      8     maxBits          largest payload in bits (design section 4)
//   40      8     regionSize       bytes used by the layout
//   48      16    reserved         zero
//   64      8     counter          event data: numSent; data: sequence (DIRTY = all ones); event: count
//   72      56    reserved         zero (the counter owns its cache line), or the compact slots
//   128     ...   slots            slot i at slotsOffset + i * slotSize: u64 numBits, then (numBits+7)/8 bytes
//
// Compact (version 2): when all the slots fit in the 56 bytes after the
// counter (event data or data ports of small values and queues: Integer_8
// with Queue_Size up to 2, 64-bit values with Queue_Size 1), they live in
// the counter's cache line, 8-byte aligned, and a message moves one line
// from writer to reader instead of two (bench/channel case (c)). Otherwise
// each slot has cache lines of its own from offset 128.
//
// The header is written once by the writer before any receiver attaches;
// receivers validate it and copy the geometry to private memory, never
// trusting the shared copy again.
#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>

#include "channel/error.hpp"

namespace bulkhead::channel {

enum class Kind : std::uint32_t { EventData = 1, Data = 2, Event = 3 };

inline constexpr std::uint64_t kMagic = 0x4E484344484B4C42ull;  // "BLKHDCHN"
inline constexpr std::uint32_t kLayoutVersion = 2;
inline constexpr std::size_t kRegionAlignment = 64;
inline constexpr std::size_t kCacheLine = 64;
inline constexpr std::size_t kCounterOffset = 64;
inline constexpr std::size_t kSlotsOffset = 128;          // slots with lines of their own
inline constexpr std::size_t kCompactSlotsOffset = 72;    // slots in the counter's line
inline constexpr std::size_t kSlotHeaderBytes = 8;            // the u64 bit count
inline constexpr std::uint64_t kMaxPayloadBits = 1ull << 31;  // 256 MiB per slot
inline constexpr std::uint64_t kMaxQueueSize = 1u << 20;
// No real writer reaches 2^62 messages (146 years at 1 GHz): a counter
// above it is corruption.
inline constexpr std::uint64_t kWildCounter = 1ull << 62;

struct HeaderFields {
  std::uint64_t magic;
  std::uint32_t layoutVersion;
  std::uint32_t kind;
  std::uint32_t queueSize;
  std::uint32_t slotCount;
  std::uint32_t slotSize;
  std::uint32_t slotsOffset;
  std::uint64_t maxBits;
  std::uint64_t regionSize;
  std::uint64_t reserved[2];
};
static_assert(sizeof(HeaderFields) == 64);
static_assert(offsetof(HeaderFields, kind) == 12);
static_assert(offsetof(HeaderFields, slotsOffset) == 28);
static_assert(offsetof(HeaderFields, maxBits) == 32);
static_assert(offsetof(HeaderFields, regionSize) == 40);

// What a region is for. queueSize: event data N >= 1; ignored for data
// (always 1) and event ports (0). maxBits: ignored for event ports.
struct Geometry {
  Kind kind = Kind::EventData;
  std::uint32_t queueSize = 1;
  std::uint64_t maxBits = 8;
};

// The geometry validated, with every derived number.
struct Layout {
  Kind kind;
  std::uint32_t queueSize;
  std::uint32_t slotCount;
  std::uint32_t slotSize;
  std::uint32_t slotsOffset;  // kSlotsOffset, or kCompactSlotsOffset
  std::uint64_t maxBits;
  std::uint64_t regionSize;
};

constexpr std::uint64_t bytesForBits(std::uint64_t bits) { return (bits + 7) / 8; }

std::expected<Layout, Error> layoutFor(const Geometry& geometry);

// Bytes a region of this geometry needs.
std::expected<std::size_t, Error> regionSize(const Geometry& geometry);

// Writer side: zeroes the span and writes the header. The span must be at
// least regionSize() bytes and 64-byte aligned.
std::expected<Layout, Error> format(std::span<std::byte> region, const Geometry& geometry);

// The same for a layout computed before (the Plan carries each channel's):
// nothing is derived again. The layout must be one layoutFor() returned.
std::expected<void, Error> format(std::span<std::byte> region, const Layout& layout);

// Receiver side: checks magic, version, kind and every derived field against
// the span, and returns the geometry to keep privately.
std::expected<Layout, Error> validate(std::span<const std::byte> region, Kind expected);

const char* kindName(Kind kind);

// The region's counter as it is now (event data: numSent; data: the write
// sequence, all ones while a write is in progress; event: the count), for
// observers such as tracing that number messages. The region must be valid.
std::uint64_t loadCounter(std::span<const std::byte> region);

}  // namespace bulkhead::channel
