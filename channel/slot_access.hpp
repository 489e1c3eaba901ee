#pragma once
// Word-wise access to shared counters and slots. Every shared word is read
// and written with an atomic access: release stores on the writer, acquire
// loads on the reader (design section 3). On x86-64 these are plain moves,
// and they make a slot copy racing with an overwrite well-defined: the
// receiver detects the overwrite afterwards from the counter and discards
// the copy. Internal to channel/ (and the trace ring, trace/partition/).
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace bulkhead::channel::detail {

// The layout is little-endian (layout.hpp); so is every host and guest we run.
static_assert(std::endian::native == std::endian::little);

inline std::uint64_t loadAcquire(const std::byte* at) {
  return __atomic_load_n(reinterpret_cast<const std::uint64_t*>(at), __ATOMIC_ACQUIRE);
}

inline void storeRelease(std::byte* at, std::uint64_t value) {
  __atomic_store_n(reinterpret_cast<std::uint64_t*>(at), value, __ATOMIC_RELEASE);
}

inline void storeRelaxed(std::byte* at, std::uint64_t value) {
  __atomic_store_n(reinterpret_cast<std::uint64_t*>(at), value, __ATOMIC_RELAXED);
}

// The last 1..7 bytes of a payload as one little-endian word and back,
// without a call to memcpy for a variable length (a 1-byte payload is the
// common case: Integer_8 ports).
inline std::uint64_t gatherTail(const std::byte* from, std::size_t n) {
  std::uint64_t w = 0;
  for (std::size_t k = 0; k < n; ++k) w |= std::uint64_t{std::to_integer<std::uint8_t>(from[k])} << (8 * k);
  return w;
}

inline void scatterTail(std::uint64_t w, std::byte* to, std::size_t n) {
  for (std::size_t k = 0; k < n; ++k) to[k] = static_cast<std::byte>(w >> (8 * k));
}

// Writes numBits then the payload words of one slot; the tail of the last
// word is zero so that a slot never leaks a previous payload's bits.
inline void storeSlot(std::byte* slot, std::uint64_t numBits, std::span<const std::byte> bytes) {
  storeRelease(slot, numBits);
  std::byte* words = slot + 8;
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    storeRelease(words + i, w);
  }
  if (i < n) {
    storeRelease(words + i, gatherTail(bytes.data() + i, n - i));
  }
}

// Copies nbytes of payload out of a slot (the caller checked the bound).
inline void loadPayload(const std::byte* slot, std::size_t nbytes, std::byte* out) {
  const std::byte* words = slot + 8;
  std::size_t i = 0;
  for (; i + 8 <= nbytes; i += 8) {
    const std::uint64_t w = loadAcquire(words + i);
    std::memcpy(out + i, &w, 8);
  }
  if (i < nbytes) scatterTail(loadAcquire(words + i), out + i, nbytes - i);
}

}  // namespace bulkhead::channel::detail
