#include "codegen/cpp_type.hpp"

#include <string>

namespace bulkhead::codegen {

namespace {

bool standardWidth(std::uint32_t bits) { return bits == 8 || bits == 16 || bits == 32 || bits == 64; }

const char* kindName(wire::DataType::Kind kind) {
  switch (kind) {
    case wire::DataType::Kind::Boolean: return "Boolean";
    case wire::DataType::Kind::Integer: return "Integer";
    case wire::DataType::Kind::Unsigned: return "Unsigned";
    case wire::DataType::Kind::Float: return "Float";
    case wire::DataType::Kind::Character: return "Character";
    case wire::DataType::Kind::String: return "String";
    case wire::DataType::Kind::Record: return "Record";
    case wire::DataType::Kind::Array: return "Array";
  }
  return "?";
}

}  // namespace

std::expected<CppType, std::string> cppTypeOf(const wire::DataType& type) {
  using Kind = wire::DataType::Kind;
  const std::string width = std::to_string(type.bitWidth);
  switch (type.kind) {
    case Kind::Boolean: return CppType{"bool", true};
    case Kind::Character: return CppType{"char", true};
    case Kind::Integer:
      if (standardWidth(type.bitWidth)) return CppType{"std::int" + width + "_t", true};
      break;
    case Kind::Unsigned:
      if (standardWidth(type.bitWidth)) return CppType{"std::uint" + width + "_t", true};
      break;
    case Kind::Float:
      if (type.bitWidth == 32) return CppType{"float", true};
      if (type.bitWidth == 64) return CppType{"double", true};
      break;
    case Kind::String: return CppType{"std::string", false};
    case Kind::Record:
    case Kind::Array: break;
  }
  return std::unexpected("data type " + type.name + " (" + kindName(type.kind) + ", " + width +
                         " bits) is not supported by the generated API yet");
}

std::string dataTypeExpression(const wire::DataType& type) {
  // Only strings reach the generic path today (see cppTypeOf). Built field by
  // field: generated code must compile cleanly under the user's -Wextra.
  return "[] {\n      bulkhead::wire::DataType type;\n      type.kind = bulkhead::wire::DataType::Kind::String;\n"
         "      type.name = \"" + type.name + "\";\n      type.maxLength = " + std::to_string(type.maxLength) +
         ";\n      return type;\n    }()";
}

}  // namespace bulkhead::codegen
