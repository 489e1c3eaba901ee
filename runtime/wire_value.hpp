#pragma once
// C++ values to and from wire::Value, for the generated API's ports whose
// type takes the generic codec (strings, records, arrays, integers of odd
// widths). Generated record structs add their own toWire/fromWire
// overloads in their namespace (found by argument-dependent lookup).
#include "wire/value.hpp"

#include <array>
#include <concepts>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

namespace bulkhead::runtime {

inline wire::Value toWire(bool value) { return wire::Value(value); }
inline wire::Value toWire(char value) { return wire::Value(value); }
inline wire::Value toWire(const std::string& value) { return wire::Value(value); }
// Float_32 travels as float, Float_64 as double (wire::Value keeps both).
inline wire::Value toWire(float value) { return wire::Value(value); }
inline wire::Value toWire(double value) { return wire::Value(value); }
template <std::integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, char>)
wire::Value toWire(T value) {
  if constexpr (std::is_signed_v<T>) return wire::Value(static_cast<std::int64_t>(value));
  else return wire::Value(static_cast<std::uint64_t>(value));
}
template <class T, std::size_t N>
wire::Value toWire(const std::array<T, N>& values) {
  wire::Value::List list;
  list.reserve(N);
  for (const T& value : values) list.push_back(toWire(value));
  return wire::Value(std::move(list));
}

// Each returns false when the value does not have T's shape (the decoder
// already checked it against the port's type; this guards the C++ side).
inline bool fromWire(const wire::Value& value, bool& out) {
  const bool* v = std::get_if<bool>(&value.data);
  return v != nullptr && (out = *v, true);
}
inline bool fromWire(const wire::Value& value, char& out) {
  const char* v = std::get_if<char>(&value.data);
  return v != nullptr && (out = *v, true);
}
inline bool fromWire(const wire::Value& value, std::string& out) {
  const std::string* v = std::get_if<std::string>(&value.data);
  return v != nullptr && (out = *v, true);
}
inline bool fromWire(const wire::Value& value, float& out) {
  const float* v = std::get_if<float>(&value.data);
  return v != nullptr && (out = *v, true);
}
inline bool fromWire(const wire::Value& value, double& out) {
  const double* v = std::get_if<double>(&value.data);
  return v != nullptr && (out = *v, true);
}
template <std::integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, char>)
bool fromWire(const wire::Value& value, T& out) {
  if constexpr (std::is_signed_v<T>) {
    const std::int64_t* v = std::get_if<std::int64_t>(&value.data);
    if (v == nullptr || *v < std::numeric_limits<T>::min() || *v > std::numeric_limits<T>::max()) return false;
    out = static_cast<T>(*v);
  } else {
    const std::uint64_t* v = std::get_if<std::uint64_t>(&value.data);
    if (v == nullptr || *v > std::numeric_limits<T>::max()) return false;
    out = static_cast<T>(*v);
  }
  return true;
}
template <class T, std::size_t N>
bool fromWire(const wire::Value& value, std::array<T, N>& out) {
  const wire::Value::List* list = std::get_if<wire::Value::List>(&value.data);
  if (list == nullptr || list->size() != N) return false;
  for (std::size_t i = 0; i < N; ++i)
    if (!fromWire((*list)[i], out[i])) return false;
  return true;
}

}  // namespace bulkhead::runtime
