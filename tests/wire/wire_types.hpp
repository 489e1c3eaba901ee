#pragma once
// Test helper: Base_Types and Data_Model shapes as wire::DataType.
#include <memory>
#include <string>
#include <vector>

#include "wire/data_type.hpp"

namespace bulkhead::wire::test {

inline DataType scalar(DataType::Kind kind, std::uint32_t width, std::string name) {
  DataType t;
  t.kind = kind;
  t.bitWidth = width;
  t.name = std::move(name);
  return t;
}

inline DataType integer(std::uint32_t width) {
  return scalar(DataType::Kind::Integer, width, "Base_Types::Integer_" + std::to_string(width));
}
inline DataType unsignedInt(std::uint32_t width) {
  return scalar(DataType::Kind::Unsigned, width, "Base_Types::Unsigned_" + std::to_string(width));
}
inline DataType float_(std::uint32_t width) {
  return scalar(DataType::Kind::Float, width, "Base_Types::Float_" + std::to_string(width));
}
inline DataType boolean() { return scalar(DataType::Kind::Boolean, 1, "Base_Types::Boolean"); }
inline DataType character() { return scalar(DataType::Kind::Character, 8, "Base_Types::Character"); }

inline DataType string(std::uint64_t maxLength) {
  DataType t;
  t.kind = DataType::Kind::String;
  t.name = "Base_Types::String";
  t.maxLength = maxLength;
  return t;
}

inline DataType record(std::string name, std::vector<std::pair<std::string, DataType>> fields) {
  DataType t;
  t.kind = DataType::Kind::Record;
  t.name = std::move(name);
  for (auto& [n, f] : fields) t.fields.push_back({n, std::make_shared<const DataType>(std::move(f))});
  return t;
}

inline DataType array(std::string name, DataType element, std::uint64_t dimension) {
  DataType t;
  t.kind = DataType::Kind::Array;
  t.name = std::move(name);
  t.maxLength = dimension;
  t.element = std::make_shared<const DataType>(std::move(element));
  return t;
}

}  // namespace bulkhead::wire::test
