#pragma once
// A dynamically typed value of a wire::DataType, for the generic codec and
// for tools (sim traces, logging). Records hold their fields in declaration
// order, arrays their elements, both as a List.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace bulkhead::wire {

struct Value {
  using List = std::vector<Value>;
  // Boolean: bool, Integer: int64, Unsigned: uint64, Float_32: float,
  // Float_64: double, Character: char, String: string, Record and Array:
  // List. Float_32 decodes to float so that every bit pattern (NaN payloads
  // included) survives a decode and re-encode.
  std::variant<bool, std::int64_t, std::uint64_t, float, double, char, std::string, List> data;

  Value() = default;
  Value(bool v) : data(v) {}
  Value(std::int64_t v) : data(v) {}
  Value(std::uint64_t v) : data(v) {}
  Value(float v) : data(v) {}
  Value(double v) : data(v) {}
  Value(char v) : data(v) {}
  Value(std::string v) : data(std::move(v)) {}
  Value(const char* v) : data(std::string(v)) {}
  Value(List v) : data(std::move(v)) {}

  friend bool operator==(const Value&, const Value&) = default;
};

std::string toString(const Value& value);

}  // namespace bulkhead::wire
