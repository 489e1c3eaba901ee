#pragma once
// Checks shared by the senders and receivers of payload-carrying channels.
// Internal to channel/.
#include "channel/error.hpp"
#include "channel/layout.hpp"

#include <fmt/format.h>

#include <expected>
#include <span>

namespace bulkhead::channel::detail {

inline std::expected<void, Error> checkSendPayload(const Layout& layout, std::uint64_t numBits,
                                                   std::span<const std::byte> bytes) {
  if (numBits > layout.maxBits)
    return std::unexpected(Error{ErrorCode::BitsAboveMaximum,
        fmt::format("send of {} bits: above the channel maximum of {} bits", numBits, layout.maxBits)});
  if (bytes.size() != bytesForBits(numBits))
    return std::unexpected(Error{ErrorCode::PayloadMismatch,
        fmt::format("send of {} bits with {} bytes (expected {})", numBits, bytes.size(), bytesForBits(numBits))});
  return {};
}

inline Error bitsAboveMaximum(const Layout& layout, std::uint64_t slotIndex, std::uint64_t numBits) {
  return Error{ErrorCode::BitsAboveMaximum,
      fmt::format("channel slot {} at offset {}: bit count {} above the maximum of {} bits", slotIndex,
                  kSlotsOffset + slotIndex * layout.slotSize, numBits, layout.maxBits)};
}

inline Error bufferTooSmall(const Layout& layout, std::size_t have) {
  return Error{ErrorCode::BufferTooSmall,
      fmt::format("receive buffer of {} bytes: the channel maximum of {} bits needs {}", have, layout.maxBits,
                  bytesForBits(layout.maxBits))};
}

}  // namespace bulkhead::channel::detail
