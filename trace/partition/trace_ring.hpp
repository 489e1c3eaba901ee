#pragma once
// A partition's trace ring (`bulkhead run --trace`): what a partition did —
// its dispatches, and every value it received, sent or lost — written by the
// partition into shared memory and drained by the supervisor, which turns it
// into the Chrome trace. One writer, one reader, variable-length records,
// never blocking the writer: when the ring is full a record is refused and
// counted in `lost`, which the supervisor reports (never silent).
//
//   offset  size  field
//   0       8     magic        "BLKHDTRC" (0x43525444484B4C42 as a little-endian u64)
//   8       4     version      1
//   12      4     reserved     zero
//   16      8     capacity     bytes of the record area (a multiple of 8)
//   24      40    reserved     zero
//   64      8     written      bytes of records ever written (writer, release)
//   72      8     lost         records refused because the ring was full (writer)
//   80      48    reserved     zero (the writer's cache lines)
//   128     8     consumed     bytes of records ever consumed (reader, release)
//   136     8     window       the supervisor's number of the partition's latest release
//   144     112   reserved     zero
//   256     ...   records      at (position % capacity), each 8-byte aligned
//
// A record never wraps: when it does not fit before the end of the area the
// writer fills the rest with one padding record and starts at offset 0.
// Times are the partition's CLOCK_MONOTONIC in nanoseconds; `window` lets the
// supervisor relate a guest's clock to its own (see trace/run_trace.hpp).
// The reader trusts nothing in the area: sizes and kinds are checked and a
// bad record ends the drain with an error.
#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <span>

#include "channel/error.hpp"

namespace bulkhead::trace {

// The channel layer's error values: the ring is checked as a channel is.
using channel::Error;
using channel::ErrorCode;

inline constexpr std::uint64_t kTraceMagic = 0x43525444484B4C42ull;  // "BLKHDTRC"
inline constexpr std::uint32_t kTraceVersion = 1;
inline constexpr std::size_t kTraceRecordsOffset = 256;
// Values longer than this are cut in the trace (the record says so).
inline constexpr std::size_t kTraceValueBytes = 64;

enum class TraceRecordKind : std::uint16_t {
  Padding = 0,
  Wake = 1,      // the partition woke for a step; `sequence`: the window it saw
  Dispatch = 2,  // a thread's dispatch: at = start, end = end
  Received = 3,  // a freeze took a value or events from an in port
  Sent = 4,      // a value or an event was published on an out port
  Dropped = 5,   // elements or events lost before a freeze (count)
};

// One record as the reader hands it out. `value` points into the ring and
// is valid only during the callback.
struct TraceRecord {
  TraceRecordKind kind = TraceRecordKind::Padding;
  std::uint16_t thread = 0;
  std::uint16_t port = 0;
  std::int64_t at = 0;
  std::int64_t end = 0;          // Dispatch only
  std::uint64_t sequence = 0;    // message number on the channel; Wake: window
  std::uint64_t count = 0;       // Received/Sent: numBits (event ports: events); Dropped: how many
  bool valueCut = false;         // the value was longer than kTraceValueBytes
  std::span<const std::uint8_t> value;
};

// A record with its common fields set (end, valueCut and value left empty).
TraceRecord traceRecord(TraceRecordKind kind, std::uint16_t thread, std::uint16_t port, std::int64_t at,
                        std::uint64_t sequence = 0, std::uint64_t count = 0);

// Bytes a ring with `capacity` bytes of records needs.
std::size_t traceRingSize(std::size_t capacity);

// Supervisor side: zeroes the region and writes the header. The record area
// is all of the region after the header, rounded down to 8 bytes.
std::expected<void, Error> formatTraceRing(std::span<std::byte> region);

class TraceRingWriter {
 public:
  // Partition side: validates a formatted region.
  static std::expected<TraceRingWriter, Error> attach(std::span<std::byte> region);

  // Appends one record; false if the ring is full (counted in `lost`).
  bool append(const TraceRecord& record);
  // The window number the supervisor published last.
  std::uint64_t window() const;

 private:
  TraceRingWriter(std::byte* base, std::uint64_t capacity, std::uint64_t written)
      : base_(base), capacity_(capacity), written_(written) {}

  std::byte* base_;
  std::uint64_t capacity_;
  std::uint64_t written_;
};

class TraceRingReader {
 public:
  // Supervisor side, over the region it formatted.
  static std::expected<TraceRingReader, Error> attach(std::span<std::byte> region);

  // Calls `take` for every record written since the last drain, in order,
  // and frees their space. Returns how many it handed out.
  std::expected<std::uint64_t, Error> drain(const std::function<void(const TraceRecord&)>& take);
  // Records the writer refused so far.
  std::uint64_t lost() const;
  // Tells the partition which release it is in (before thawing it).
  void publishWindow(std::uint64_t window);

 private:
  TraceRingReader(std::byte* base, std::uint64_t capacity) : base_(base), capacity_(capacity) {}

  std::byte* base_;
  std::uint64_t capacity_;
  std::uint64_t consumed_ = 0;
};

}  // namespace bulkhead::trace
