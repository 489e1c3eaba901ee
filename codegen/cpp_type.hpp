#pragma once
// How a port's wire::DataType appears in the generated API, and which
// runtime helper encodes it.
#include "wire/data_type.hpp"

#include <expected>
#include <string>

namespace bulkhead::codegen {

struct CppType {
  std::string name;   // "std::int8_t", "std::string"
  bool scalar;        // true: wire's fast scalar path (putScalar/getScalar)
};

// Base_Types scalars of 8/16/32/64 bits (1 for Boolean) and strings. Records
// and arrays, and scalars of other widths, are reported as not supported by
// the generated API yet (the error names the type).
std::expected<CppType, std::string> cppTypeOf(const wire::DataType& type);

// C++ source text that builds `type` as a wire::DataType value (for the
// generic codec of non-scalar types).
std::string dataTypeExpression(const wire::DataType& type);

}  // namespace bulkhead::codegen
