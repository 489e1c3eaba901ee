#pragma once
// The health channel: faults a partition observes itself (today: a queue
// overflow on an in port with Overflow_Handling_Protocol => Error), as
// fixed-size typed records in a shared-memory ring of its own, handed over
// after the partition's port channels (contract/handover.hpp). Not a line
// of text: a partition's stdout and stderr are only output, and nothing it
// prints is taken for a health report.
//
// Region (kHealthChannelSize bytes, little-endian, 8-byte aligned fields):
//
//   offset  0  u64 magic     kHealthMagic                    supervisor, once
//   offset  8  u32 version   kHealthVersion                  supervisor, once
//   offset 12  u32 capacity  kHealthCapacity (records)       supervisor, once
//   offset 16  u64 frame     the partition's current frame:  supervisor, at each release
//                            the frame of its latest window (0 during start-up)
//   offset 24  u64 written   records appended so far         partition (release, after the record)
//   offset 32  u64 read      records the supervisor has taken supervisor
//   offset 40  u64 lost      records the partition dropped   partition
//                            because the ring was full
//   offset 48  u64 dispatching  the frame (the `frame` word) partition, at each dispatch's
//                            in which its current dispatch   begin and end (the supervisor
//                            began; 0 when it is in none     zeroes it for a restart)
//                            (one word: a partition's threads are dispatched one at a
//                            time by its one dispatcher loop)
//   offset 56  u64 stepped   the period tick (the pacer's    partition, when that step
//                            8-bit value) its latest step    ends: its dispatches done,
//                            took                            its outputs published
//   offset 64  u64 steps     kHealthStepsPublished when the  partition, once, before its
//                            partition writes `stepped`      first step
//   offset 72  reserved (zero) up to the records
//   offset 128 HealthRecord[kHealthCapacity]: record n in slot n % capacity
//
// The partition maps the region read-write, so the supervisor trusts
// nothing in it: it keeps its own read position and the capacity, reads
// at most a ring's worth per look, and takes a record whose fields are out
// of range (wrong sequence, kind, thread, port or frame), or a `written`
// that goes back, as a fault of that partition (supervisor/health_channel.hpp).
// It never waits on the channel: it looks on a timer of its own, so the
// channel has no notification (the hand-over's eventfd slot carries one
// nobody reads). Each record carries the frame in which it was made, so
// when the supervisor reads it does not change the frame it reports.
//
// `dispatching` is how the supervisor sees an overrun without a trace, in
// any partition (native, C or VM guest: one runtime): at the end of each of
// the partition's windows it reads the word; a dispatch that began in an
// earlier frame than this window's and still runs had a whole window of its
// own and did not finish in it (supervisor/health_channel.hpp). A value
// after the window's frame is the writer's fault, as for records.
//
// `stepped` is how the supervisor sees a late frame: at the end of each of
// the partition's windows, the partition has finished the step of the
// latest tick the pacer sent it before that window ended, or what it sends
// in that step reaches its receivers in a later window. Whatever held it
// up (the host preempting it in a way the starvation watch does not count,
// a stall in the kernel, a dispatch cut at its window's end), the run says
// so (`bulkhead: late: …`, supervisor/health_channel.hpp). Only a partition
// that says it writes the word (`steps`) is judged.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace bulkhead::contract {

enum class HealthKind : std::uint32_t {
  QueueOverflow = 1,  // in port `port` of thread `thread` (Overflow_Handling_Protocol => Error) dropped `count`
};

// The words of a kind; empty for a value that is no kind.
constexpr std::string_view healthKindName(std::uint32_t kind) {
  return kind == static_cast<std::uint32_t>(HealthKind::QueueOverflow) ? "queue overflow" : "";
}

struct HealthRecord {
  std::uint64_t sequence = 0;  //  0: its place in the partition's stream: 0, 1, 2, ...
  std::uint64_t frame = 0;     //  8: the frame in which the partition observed it (0: during start-up)
  std::uint64_t dispatch = 0;  // 16: the thread's dispatch in which it observed it (1-based; 0: none yet)
  std::uint64_t count = 0;     // 24: QueueOverflow: the elements dropped
  std::uint32_t kind = 0;      // 32: HealthKind
  std::uint32_t thread = 0;    // 36: the thread's index in the partition (Plan order)
  std::uint32_t port = 0;      // 40: the port's index in its thread (Plan order)
  std::uint32_t reserved = 0;  // 44: zero
};
static_assert(sizeof(HealthRecord) == 48 && std::is_trivially_copyable_v<HealthRecord>);

inline constexpr std::uint64_t kHealthMagic = 0x48544c4145484842ull;  // "BHHEALTH"
inline constexpr std::uint32_t kHealthVersion = 3;  // 2: `dispatching`; 3: `stepped`, `steps`
inline constexpr std::size_t kHealthMagicOffset = 0;
inline constexpr std::size_t kHealthVersionOffset = 8;
inline constexpr std::size_t kHealthCapacityOffset = 12;
inline constexpr std::size_t kHealthFrameOffset = 16;
inline constexpr std::size_t kHealthWrittenOffset = 24;
inline constexpr std::size_t kHealthReadOffset = 32;
inline constexpr std::size_t kHealthLostOffset = 40;
inline constexpr std::size_t kHealthDispatchingOffset = 48;
inline constexpr std::size_t kHealthSteppedOffset = 56;
inline constexpr std::size_t kHealthStepsOffset = 64;
inline constexpr std::size_t kHealthRecordsOffset = 128;
inline constexpr std::uint64_t kHealthStepsPublished = 0x5350455453ull;  // "STEPS"
inline constexpr std::uint32_t kHealthCapacity = 64;
// One page: also a valid ivshmem region for a VM guest's /dev/uio device.
inline constexpr std::size_t kHealthChannelSize = 4096;
static_assert(kHealthRecordsOffset + kHealthCapacity * sizeof(HealthRecord) <= kHealthChannelSize);

namespace health_detail {
inline std::atomic_ref<std::uint64_t> word(std::span<std::byte> region, std::size_t offset) {
  return std::atomic_ref<std::uint64_t>(*reinterpret_cast<std::uint64_t*>(region.data() + offset));
}
inline std::byte* slot(std::span<std::byte> region, std::uint64_t index) {
  return region.data() + kHealthRecordsOffset + (index % kHealthCapacity) * sizeof(HealthRecord);
}
}  // namespace health_detail

// The supervisor's: an empty ring, before the partition starts.
inline bool formatHealthChannel(std::span<std::byte> region) {
  if (region.size() < kHealthChannelSize) return false;
  std::memset(region.data(), 0, kHealthChannelSize);
  std::memcpy(region.data() + kHealthVersionOffset, &kHealthVersion, sizeof kHealthVersion);
  std::memcpy(region.data() + kHealthCapacityOffset, &kHealthCapacity, sizeof kHealthCapacity);
  health_detail::word(region, kHealthMagicOffset).store(kHealthMagic, std::memory_order_release);
  return true;
}

// The supervisor's, at each release: the frame the partition is in.
inline void publishHealthFrame(std::span<std::byte> region, std::uint64_t frame) {
  health_detail::word(region, kHealthFrameOffset).store(frame, std::memory_order_release);
}

// The supervisor's look at the ring: `written` as the partition left it,
// record `index` copied out (whatever the partition wrote there), and its
// own read position published so that an honest writer does not pass it.
inline std::uint64_t healthWritten(std::span<std::byte> region) {
  return health_detail::word(region, kHealthWrittenOffset).load(std::memory_order_acquire);
}
inline std::uint64_t healthLost(std::span<std::byte> region) {
  return health_detail::word(region, kHealthLostOffset).load(std::memory_order_acquire);
}
inline HealthRecord healthRecordAt(std::span<std::byte> region, std::uint64_t index) {
  HealthRecord record;
  std::memcpy(&record, health_detail::slot(region, index), sizeof record);
  return record;
}
inline void publishHealthRead(std::span<std::byte> region, std::uint64_t read) {
  health_detail::word(region, kHealthReadOffset).store(read, std::memory_order_release);
}
// The frame the partition's current dispatch began in (0: none), as it
// wrote it; and, for a restart (its former life is gone), none.
inline std::uint64_t healthDispatching(std::span<std::byte> region) {
  return health_detail::word(region, kHealthDispatchingOffset).load(std::memory_order_acquire);
}
inline void clearHealthDispatching(std::span<std::byte> region) {
  health_detail::word(region, kHealthDispatchingOffset).store(0, std::memory_order_release);
}
// The period tick of the partition's latest step, when it says it writes
// that (`steps`); none when it does not.
inline std::optional<std::uint8_t> healthStepped(std::span<std::byte> region) {
  if (health_detail::word(region, kHealthStepsOffset).load(std::memory_order_acquire) != kHealthStepsPublished)
    return std::nullopt;
  return static_cast<std::uint8_t>(health_detail::word(region, kHealthSteppedOffset).load(std::memory_order_acquire));
}

// The partition's side: appends records, never past what the supervisor
// has read (a full ring drops the record and counts it in `lost`). A
// restarted partition goes on from the `written` its former life left.
class HealthChannelWriter {
 public:
  // Empty when `region` is not a formatted health channel.
  static std::optional<HealthChannelWriter> attach(std::span<std::byte> region) {
    if (region.size() < kHealthChannelSize) return std::nullopt;
    if (health_detail::word(region, kHealthMagicOffset).load(std::memory_order_acquire) != kHealthMagic)
      return std::nullopt;
    std::uint32_t version = 0;
    std::memcpy(&version, region.data() + kHealthVersionOffset, sizeof version);
    if (version != kHealthVersion) return std::nullopt;
    return HealthChannelWriter(region);
  }

  // The frame the supervisor says the partition is in.
  std::uint64_t frame() const {
    return health_detail::word(region_, kHealthFrameOffset).load(std::memory_order_acquire);
  }

  // Around each dispatch (its compute entry points): the frame it begins
  // in, then none. Two stores: nothing on the dispatch path waits.
  void beginDispatch() {
    health_detail::word(region_, kHealthDispatchingOffset).store(frame(), std::memory_order_release);
  }
  void endDispatch() { health_detail::word(region_, kHealthDispatchingOffset).store(0, std::memory_order_release); }

  // A partition the pacer ticks says once, before its first step, that it
  // writes `stepped`; then, as each step that took a period tick ends (its
  // dispatches done, its outputs published), that tick.
  void publishSteps() {
    health_detail::word(region_, kHealthStepsOffset).store(kHealthStepsPublished, std::memory_order_release);
  }
  void stepEnded(std::uint8_t tick) {
    health_detail::word(region_, kHealthSteppedOffset).store(tick, std::memory_order_release);
  }

  // Fills in the record's sequence (its frame is the caller's: frame()
  // when it observed the fault); false when the ring was full (the record
  // is counted as lost).
  bool append(HealthRecord record) {
    const std::uint64_t written = health_detail::word(region_, kHealthWrittenOffset).load(std::memory_order_relaxed);
    const std::uint64_t read = health_detail::word(region_, kHealthReadOffset).load(std::memory_order_acquire);
    if (written - read >= kHealthCapacity) {
      health_detail::word(region_, kHealthLostOffset).fetch_add(1, std::memory_order_release);
      return false;
    }
    record.sequence = written;
    record.reserved = 0;
    std::memcpy(health_detail::slot(region_, written), &record, sizeof record);
    health_detail::word(region_, kHealthWrittenOffset).store(written + 1, std::memory_order_release);
    return true;
  }

 private:
  explicit HealthChannelWriter(std::span<std::byte> region) : region_(region) {}
  std::span<std::byte> region_;
};

// The words of a queue overflow, for a host that has no health channel
// (the simulator prints it as the thread's error line).
inline std::string queueOverflow(std::string_view port, std::uint64_t dropped) {
  return "queue overflow on " + std::string(port) + " (Overflow_Handling_Protocol Error): " + std::to_string(dropped) +
         " dropped";
}

}  // namespace bulkhead::contract
