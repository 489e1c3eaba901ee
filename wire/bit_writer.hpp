#pragma once
// Appends bits most significant first.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace bulkhead::wire {

class BitWriter {
 public:
  // Appends the low `count` bits of value (count 0..64), MSB first.
  void write(std::uint64_t value, unsigned count) {
    if (count == 0) return;
    if (count < 64) value &= (std::uint64_t{1} << count) - 1;
    while (count > 0) {
      const unsigned used = static_cast<unsigned>(numBits_ % 8);
      if (used == 0) bytes_.push_back(std::byte{0});
      const unsigned room = 8 - used;
      const unsigned take = count < room ? count : room;
      const auto chunk = static_cast<unsigned>((value >> (count - take)) & ((1u << take) - 1));
      bytes_.back() |= static_cast<std::byte>(chunk << (room - take));
      count -= take;
      numBits_ += take;
    }
  }

  std::uint64_t numBits() const { return numBits_; }
  std::vector<std::byte>& bytes() { return bytes_; }

 private:
  std::vector<std::byte> bytes_;
  std::uint64_t numBits_ = 0;
};

}  // namespace bulkhead::wire
