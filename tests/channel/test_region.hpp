#pragma once
// Test helper: a 64-byte aligned, zeroed buffer standing in for a channel
// region, plus payload helpers.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

#include "channel/layout.hpp"

namespace bulkhead::channel::test {

class AlignedRegion {
 public:
  explicit AlignedRegion(std::size_t bytes)
      : size_(bytes), data_(static_cast<std::byte*>(std::aligned_alloc(64, (bytes + 63) / 64 * 64))) {
    std::memset(data_.get(), 0, size_);
  }
  std::span<std::byte> bytes() { return {data_.get(), size_}; }
  std::span<const std::byte> readOnly() const { return {data_.get(), size_}; }
  std::byte* data() { return data_.get(); }

 private:
  struct Free {
    void operator()(std::byte* p) const { std::free(p); }
  };
  std::size_t size_;
  std::unique_ptr<std::byte, Free> data_;
};

inline AlignedRegion regionFor(const Geometry& g) { return AlignedRegion(*regionSize(g)); }

inline std::vector<std::byte> u8(std::uint8_t v) { return {std::byte{v}}; }

inline std::vector<std::byte> u64(std::uint64_t v) {
  std::vector<std::byte> b(8);
  std::memcpy(b.data(), &v, 8);
  return b;
}

inline std::uint64_t asU64(std::span<const std::byte> b) {
  std::uint64_t v = 0;
  std::memcpy(&v, b.data(), 8);
  return v;
}

}  // namespace bulkhead::channel::test
