#pragma once
// Reads bits most significant first from a payload, never past numBits
// (which the caller has checked against the byte count).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace bulkhead::wire {

class BitReader {
 public:
  BitReader(std::span<const std::byte> bytes, std::uint64_t numBits) : bytes_(bytes), numBits_(numBits) {}

  // The next `count` bits (0..64), or nothing if fewer remain.
  std::optional<std::uint64_t> read(unsigned count) {
    if (count > numBits_ - position_) return std::nullopt;
    std::uint64_t value = 0;
    while (count > 0) {
      const unsigned used = static_cast<unsigned>(position_ % 8);
      const unsigned room = 8 - used;
      const unsigned take = count < room ? count : room;
      const auto byte = std::to_integer<unsigned>(bytes_[static_cast<std::size_t>(position_ / 8)]);
      const unsigned chunk = (byte >> (room - take)) & ((1u << take) - 1);
      value = (take == 64 ? 0 : value << take) | chunk;
      count -= take;
      position_ += take;
    }
    return value;
  }

  std::uint64_t position() const { return position_; }
  std::uint64_t remaining() const { return numBits_ - position_; }

 private:
  std::span<const std::byte> bytes_;
  std::uint64_t numBits_;
  std::uint64_t position_ = 0;
};

}  // namespace bulkhead::wire
