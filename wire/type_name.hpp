#pragma once
// The name a data type goes by in error messages: its AADL classifier, or
// for a type built without one its kind (with the width for scalars whose
// width varies), so that codec and size errors name types alike.
#include <string>

#include "wire/data_type.hpp"
#include "base/text.hpp"

namespace bulkhead::wire {

inline std::string typeName(const DataType& type) {
  if (!type.name.empty()) return type.name;
  switch (type.kind) {
    case DataType::Kind::Boolean:
      return "Boolean";
    case DataType::Kind::Integer:
      return base::text::concat("Integer_", type.bitWidth);
    case DataType::Kind::Unsigned:
      return base::text::concat("Unsigned_", type.bitWidth);
    case DataType::Kind::Float:
      return base::text::concat("Float_", type.bitWidth);
    case DataType::Kind::Character:
      return "Character";
    case DataType::Kind::String:
      return "String";
    case DataType::Kind::Record:
      return "record";
    case DataType::Kind::Array:
      return "array";
  }
  return "data type";
}

}  // namespace bulkhead::wire
