#include "codegen/c_names.hpp"

#include "codegen/names.hpp"

namespace bulkhead::codegen {

namespace {

using Kind = wire::DataType::Kind;

bool isBaseType(const wire::DataType& type) { return type.name.starts_with("Base_Types::"); }

std::string scalarCType(const wire::DataType& type) {
  const auto width = type.bitWidth <= 8 ? 8 : type.bitWidth <= 16 ? 16 : type.bitWidth <= 32 ? 32 : 64;
  switch (type.kind) {
    case Kind::Boolean: return "bool";
    case Kind::Character: return "char";
    case Kind::Float: return type.bitWidth == 32 ? "float" : "double";
    case Kind::Integer: return "int" + std::to_string(width) + "_t";
    case Kind::Unsigned: return "uint" + std::to_string(width) + "_t";
    default: return "";
  }
}

}  // namespace

std::string microkitName(const plan::Partition& partition, const plan::Thread& thread) {
  return partition.name + "_" + thread.name;
}

std::string microkitUserFile(const std::string& pdName) { return "components/" + pdName + "/src/" + pdName + "_user.c"; }

std::string microkitThreadSymbol(const std::string& pdName) { return "bulkhead_mk_thread_" + identifier(pdName); }

std::string cTypeIdentifier(const wire::DataType& type) {
  std::string name = type.name;
  for (std::size_t at; (at = name.find("::")) != std::string::npos;) name.replace(at, 2, "_");
  return identifier(name);
}

bool cTypeIsDeclared(const wire::DataType& type) {
  switch (type.kind) {
    case Kind::String:
    case Kind::Record:
    case Kind::Array: return true;
    default: return !type.enumerators.empty() || (!type.name.empty() && !isBaseType(type));
  }
}

std::string cTypeOf(const wire::DataType& type) {
  if (cTypeIsDeclared(type)) return cTypeIdentifier(type);
  return scalarCType(type);
}

}  // namespace bulkhead::codegen
