#pragma once
// Checks shared by the senders and receivers of payload-carrying channels.
// Internal to channel/.
#include <expected>
#include <span>

#include "channel/error.hpp"
#include "channel/layout.hpp"
#include "base/text.hpp"

namespace bulkhead::channel::detail {

inline std::expected<void, Error> checkSendPayload(const Layout& layout, std::uint64_t numBits,
                                                   std::span<const std::byte> bytes) {
  if (numBits > layout.maxBits)
    return std::unexpected(Error{
        ErrorCode::BitsAboveMaximum,
        base::text::concat("send of ", numBits, " bits: above the channel maximum of ", layout.maxBits, " bits")});
  if (bytes.size() != bytesForBits(numBits))
    return std::unexpected(
        Error{ErrorCode::PayloadMismatch, base::text::concat("send of ", numBits, " bits with ", bytes.size(),
                                                             " bytes (expected ", bytesForBits(numBits), ")")});
  return {};
}

inline Error bitsAboveMaximum(const Layout& layout, std::uint64_t slotIndex, std::uint64_t numBits) {
  return Error{ErrorCode::BitsAboveMaximum,
               base::text::concat("channel slot ", slotIndex, " at offset ", layout.slotsOffset + slotIndex * layout.slotSize,
                                  ": bit count ", numBits, " above the maximum of ", layout.maxBits, " bits")};
}

// At attach: every slot's bit count must be within the maximum. A writer
// never stores more, even mid-write, so any excess is corruption.
inline std::expected<void, Error> checkSlotBitCounts(std::span<const std::byte> region, const Layout& layout) {
  for (std::uint32_t i = 0; i < layout.slotCount; ++i) {
    const std::byte* slot = region.data() + layout.slotsOffset + std::size_t{i} * layout.slotSize;
    const std::uint64_t numBits = __atomic_load_n(reinterpret_cast<const std::uint64_t*>(slot), __ATOMIC_ACQUIRE);
    if (numBits > layout.maxBits) return std::unexpected(bitsAboveMaximum(layout, i, numBits));
  }
  return {};
}

inline Error bufferTooSmall(const Layout& layout, std::size_t have) {
  return Error{ErrorCode::BufferTooSmall,
               base::text::concat("receive buffer of ", have, " bytes: the channel maximum of ", layout.maxBits,
                                  " bits needs ", bytesForBits(layout.maxBits))};
}

}  // namespace bulkhead::channel::detail
