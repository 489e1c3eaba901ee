#pragma once
// How a port's wire::DataType appears in the generated API. Base_Types
// scalars of 8/16/32/64 bits (1 for Boolean) take wire's fast scalar path;
// everything else (strings, records as generated structs, arrays as
// std::array, integers of other widths such as enumerations) goes through
// wire::Value and the generic codec, with the type's description generated
// alongside (data_types.hpp).
#include "plan/plan.hpp"
#include "wire/data_type.hpp"

#include <expected>
#include <string>

namespace bulkhead::codegen {

struct CppType {
  std::string name;   // "std::int8_t", "std::string", "bulkhead_gen::Position_i", "std::array<float, 3>"
  bool scalar;        // true: putScalar/getScalar; false: putValue/getValue with dataTypeFunction()
};

std::expected<CppType, std::string> cppTypeOf(const wire::DataType& type);

// The generated function returning the wire::DataType of a named type:
// "bulkhead_gen::types::Base_Types__String".
std::string dataTypeFunction(const wire::DataType& type);

// include/bulkhead_gen/data_types.hpp: a struct per record type (fields in
// order) with its toWire/fromWire, and a description function per type any
// port of the Plan uses through the generic codec.
std::expected<std::string, std::string> emitDataTypes(const plan::Plan& plan);

}  // namespace bulkhead::codegen
