#pragma once
// Word-wise access to shared counters and slots. Every shared word is read
// and written with an atomic access: release stores on the writer, acquire
// loads on the reader (design section 3). On x86-64 these are plain moves,
// and they make a slot copy racing with an overwrite well-defined: the
// receiver detects the overwrite afterwards from the counter and discards
// the copy. Internal to channel/.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace bulkhead::channel::detail {

inline std::uint64_t loadAcquire(const std::byte* at) {
  return __atomic_load_n(reinterpret_cast<const std::uint64_t*>(at), __ATOMIC_ACQUIRE);
}

inline void storeRelease(std::byte* at, std::uint64_t value) {
  __atomic_store_n(reinterpret_cast<std::uint64_t*>(at), value, __ATOMIC_RELEASE);
}

inline void storeRelaxed(std::byte* at, std::uint64_t value) {
  __atomic_store_n(reinterpret_cast<std::uint64_t*>(at), value, __ATOMIC_RELAXED);
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
    std::uint64_t w = 0;
    std::memcpy(&w, bytes.data() + i, n - i);
    storeRelease(words + i, w);
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
  if (i < nbytes) {
    const std::uint64_t w = loadAcquire(words + i);
    std::memcpy(out + i, &w, nbytes - i);
  }
}

}  // namespace bulkhead::channel::detail
