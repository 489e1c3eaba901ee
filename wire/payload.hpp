#pragma once
// The raw payload of HAMR::Bit_Codec_Raw_Connections: a 64-bit bit count
// and (numBits + 7) / 8 bytes, the bits packed most significant first.
#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>
#include <vector>

#include "wire/error.hpp"

namespace bulkhead::wire {

constexpr std::uint64_t bytesForBits(std::uint64_t bits) { return (bits + 7) / 8; }

struct Payload {
  std::uint64_t numBits = 0;
  std::vector<std::byte> bytes;
  friend bool operator==(const Payload&, const Payload&) = default;
};

struct PayloadView {
  std::uint64_t numBits = 0;
  std::span<const std::byte> bytes;
  PayloadView() = default;
  PayloadView(std::uint64_t bits, std::span<const std::byte> b) : numBits(bits), bytes(b) {}
  PayloadView(const Payload& p) : numBits(p.numBits), bytes(p.bytes) {}
};

// A payload a receiver may trust: numBits <= maxBits and exactly
// (numBits + 7) / 8 bytes.
std::expected<void, Error> checkPayload(PayloadView payload, std::uint64_t maxBits);

}  // namespace bulkhead::wire
