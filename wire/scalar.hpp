#pragma once
// The hot path for scalar ports: a Base_Types scalar as its payload bytes
// without the generic codec. Byte-sized scalars MSB first are big-endian
// bytes; Boolean is one bit (true = 0x80 with numBits 1).
#include <array>
#include <bit>
#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <type_traits>

#include "wire/error.hpp"
#include "wire/payload.hpp"

namespace bulkhead::wire {

template <class T>
concept WireScalar = std::is_same_v<T, bool> || std::is_same_v<T, char> || std::is_same_v<T, float> ||
    std::is_same_v<T, double> ||(std::is_integral_v<T> && sizeof(T) <= 8);

template <WireScalar T>
inline constexpr std::uint64_t scalarBits = std::is_same_v<T, bool> ? 1 : sizeof(T) * 8;

template <WireScalar T>
inline constexpr std::size_t scalarBytes = std::is_same_v<T, bool> ? 1 : sizeof(T);

template <WireScalar T>
constexpr std::array<std::byte, scalarBytes<T>> packScalar(T value) {
  std::array<std::byte, scalarBytes<T>> out{};
  if constexpr (std::is_same_v<T, bool>) {
    out[0] = value ? std::byte{0x80} : std::byte{0};
  } else {
    using U =
        std::make_unsigned_t<std::conditional_t<std::is_floating_point_v<T>,
                                                std::conditional_t<sizeof(T) == 4, std::int32_t, std::int64_t>, T>>;
    const U bits = std::bit_cast<U>(value);
    for (std::size_t i = 0; i < sizeof(T); ++i) out[i] = static_cast<std::byte>(bits >> (8 * (sizeof(T) - 1 - i)));
  }
  return out;
}

template <WireScalar T>
std::expected<T, Error> unpackScalar(std::uint64_t numBits, std::span<const std::byte> bytes) {
  if (numBits != scalarBits<T> || bytes.size() != scalarBytes<T>) [[unlikely]]
    return std::unexpected(Error{ErrorCode::BufferMismatch, "scalar payload of " + std::to_string(numBits) +
                                                                " bits in " + std::to_string(bytes.size()) +
                                                                " bytes (expected " + std::to_string(scalarBits<T>) +
                                                                " bits in " + std::to_string(scalarBytes<T>) +
                                                                " bytes)"});
  if constexpr (std::is_same_v<T, bool>) {
    return (std::to_integer<unsigned>(bytes[0]) & 0x80u) != 0;
  } else {
    using U =
        std::make_unsigned_t<std::conditional_t<std::is_floating_point_v<T>,
                                                std::conditional_t<sizeof(T) == 4, std::int32_t, std::int64_t>, T>>;
    U bits = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i)
      bits = static_cast<U>((sizeof(U) > 1 ? bits << 8 : 0) | std::to_integer<U>(bytes[i]));
    return std::bit_cast<T>(bits);
  }
}

}  // namespace bulkhead::wire
