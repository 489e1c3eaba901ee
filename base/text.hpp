#pragma once
// Building error messages without a formatting library: base/, channel/ and wire/
// are linked into statically built guest programs, and Debian ships fmt
// only as a shared library. concat("slot ", 3, ": ", name) appends each
// argument in turn; integers in decimal, floating point in shortest form.
#include <charconv>
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace bulkhead::base::text {

inline void append(std::string& out, std::string_view v) { out += v; }
inline void append(std::string& out, char v) { out += v; }

template <class T>
requires(std::integral<T> && !std::same_as<T, char> && !std::same_as<T, bool>) void append(std::string& out, T v) {
  out += std::to_string(v);
}

template <std::floating_point T>
void append(std::string& out, T v) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  out.append(buffer, ec == std::errc() ? end : buffer);
}

template <class... Args>
std::string concat(const Args&... args) {
  std::string out;
  (append(out, args), ...);
  return out;
}

// 0x-less, zero-padded, upper-case hexadecimal of a 64-bit value.
inline std::string hex16(std::uint64_t v) {
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = "0123456789ABCDEF"[v & 15];
  return out;
}

}  // namespace bulkhead::base::text
