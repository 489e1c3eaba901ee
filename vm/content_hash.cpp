#include "vm/content_hash.hpp"

#include <cstdio>

namespace bulkhead::vm {

ContentHash& ContentHash::add(std::span<const std::byte> bytes) {
  for (std::byte b : bytes) {
    state_ ^= static_cast<std::uint8_t>(b);
    state_ *= 0x100000001b3ull;
  }
  return *this;
}

ContentHash& ContentHash::add(std::string_view text) {
  return add(std::as_bytes(std::span(text.data(), text.size())));
}

ContentHash& ContentHash::separator() {
  // A length-independent marker byte sequence that file contents hashed
  // through add() cannot forge cheaply enough to matter for a cache.
  static constexpr unsigned char kMark[] = {0x00, 0xff, 'b', 'h', 0xff, 0x00};
  return add(std::as_bytes(std::span(kMark)));
}

std::string ContentHash::hex() const {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(state_));
  return text;
}

}  // namespace bulkhead::vm
