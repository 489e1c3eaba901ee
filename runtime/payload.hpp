#pragma once
// One value as it crosses a port: a bit count and the bytes holding the
// bits (design section 4). The buffer is sized once, at attach time, from
// the channel's maximum, so the dispatch path does not allocate.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace bulkhead::runtime {

class Payload {
 public:
  Payload() = default;
  explicit Payload(std::uint64_t maxBits) : bytes_((maxBits + 7) / 8) {}

  std::uint64_t maxBits() const { return bytes_.size() * 8; }
  std::uint64_t numBits() const { return numBits_; }
  std::span<const std::byte> bytes() const { return {bytes_.data(), (numBits_ + 7) / 8}; }
  // The whole capacity, for a decoder or a dequeue to fill; then setNumBits.
  std::span<std::byte> storage() { return bytes_; }
  void setNumBits(std::uint64_t numBits) { numBits_ = numBits; }

 private:
  std::vector<std::byte> bytes_;
  std::uint64_t numBits_ = 0;
};

}  // namespace bulkhead::runtime
