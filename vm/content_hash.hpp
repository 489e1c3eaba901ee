#pragma once
// A 64-bit content hash (FNV-1a) for cache keys: the guest module and the
// guest images are rebuilt only when their inputs change. Not for security.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace bulkhead::vm {

class ContentHash {
 public:
  ContentHash& add(std::span<const std::byte> bytes);
  ContentHash& add(std::string_view text);
  // Separates fields so ("ab","c") and ("a","bc") differ.
  ContentHash& separator();
  std::uint64_t value() const { return state_; }
  std::string hex() const;

 private:
  std::uint64_t state_ = 0xcbf29ce484222325ull;
};

}  // namespace bulkhead::vm
