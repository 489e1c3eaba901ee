#include "codegen/cpp_type.hpp"

#include "codegen/names.hpp"

#include <fmt/format.h>

#include <map>
#include <set>
#include <string>

namespace bulkhead::codegen {

namespace {

using Kind = wire::DataType::Kind;

bool standardWidth(std::uint32_t bits) { return bits == 8 || bits == 16 || bits == 32 || bits == 64; }

std::uint32_t containerWidth(std::uint32_t bits) { return bits <= 8 ? 8 : bits <= 16 ? 16 : bits <= 32 ? 32 : 64; }

const char* kindName(Kind kind) {
  switch (kind) {
    case Kind::Boolean: return "Boolean";
    case Kind::Integer: return "Integer";
    case Kind::Unsigned: return "Unsigned";
    case Kind::Float: return "Float";
    case Kind::Character: return "Character";
    case Kind::String: return "String";
    case Kind::Record: return "Record";
    case Kind::Array: return "Array";
  }
  return "?";
}

std::string recordName(const wire::DataType& type) { return identifier(localClassifier(type.name)); }

// Every named type reachable from `type`, dependencies first.
void collect(const wire::DataType& type, std::vector<const wire::DataType*>& order, std::set<std::string>& seen) {
  if (seen.contains(type.name)) return;
  for (const wire::RecordField& field : type.fields)
    if (field.type) collect(*field.type, order, seen);
  if (type.element) collect(*type.element, order, seen);
  seen.insert(type.name);
  order.push_back(&type);
}

// The wire description of one type, built field by field so generated code
// compiles cleanly under the user's -Wextra.
std::string typeDescription(const wire::DataType& type) {
  std::string build = fmt::format("    bulkhead::wire::DataType type;\n    type.kind = bulkhead::wire::DataType::Kind::{};\n"
                                  "    type.name = {};\n    type.bitWidth = {};\n    type.maxLength = {};\n",
                                  kindName(type.kind), stringLiteral(type.name), type.bitWidth, type.maxLength);
  for (const wire::RecordField& field : type.fields)
    build += fmt::format("    type.fields.push_back({{{}, std::make_shared<const bulkhead::wire::DataType>({}())}});\n",
                         stringLiteral(field.name), identifier(field.type->name));
  if (type.element)
    build += fmt::format("    type.element = std::make_shared<const bulkhead::wire::DataType>({}());\n",
                         identifier(type.element->name));
  return fmt::format(
      "inline const bulkhead::wire::DataType& {}() {{\n  static const bulkhead::wire::DataType description = [] {{\n{}"
      "    return type;\n  }}();\n  return description;\n}}\n\n",
      identifier(type.name), build);
}

// A record's struct (fields in order) and its toWire/fromWire.
std::string recordStruct(const wire::DataType& type) {
  const std::string name = recordName(type);
  std::string fields, toList, fromList;
  for (std::size_t i = 0; i < type.fields.size(); ++i) {
    const wire::RecordField& field = type.fields[i];
    fields += fmt::format("  {} {}{{}};\n", cppTypeOf(*field.type)->name, field.name);
    toList += fmt::format("  list.push_back(toWire(value.{}));\n", field.name);
    fromList += fmt::format("         fromWire((*list)[{}], out.{}) &&\n", i, field.name);
  }
  return fmt::format(R"(// {aadl}
struct {name} {{
{fields}
  friend bool operator==(const {name}&, const {name}&) = default;
}};

inline bulkhead::wire::Value toWire(const {name}& value) {{
  using bulkhead::runtime::toWire;
  bulkhead::wire::Value::List list;
{toList}  return bulkhead::wire::Value(std::move(list));
}}

inline bool fromWire(const bulkhead::wire::Value& value, {name}& out) {{
  using bulkhead::runtime::fromWire;
  const auto* list = std::get_if<bulkhead::wire::Value::List>(&value.data);
  return list != nullptr && list->size() == {count} &&
{fromList}         true;
}}

)",
                     fmt::arg("aadl", type.name), fmt::arg("name", name), fmt::arg("fields", fields),
                     fmt::arg("toList", toList), fmt::arg("fromList", fromList), fmt::arg("count", type.fields.size()));
}

}  // namespace

std::expected<CppType, std::string> cppTypeOf(const wire::DataType& type) {
  const std::string width = std::to_string(type.bitWidth);
  auto unsupported = [&](const std::string& why) -> std::expected<CppType, std::string> {
    return std::unexpected("data type " + type.name + " (" + kindName(type.kind) + ", " + width +
                           " bits) is not supported by the generated API: " + why);
  };
  switch (type.kind) {
    case Kind::Boolean: return CppType{"bool", true};
    case Kind::Character: return CppType{"char", true};
    case Kind::Integer:
    case Kind::Unsigned: {
      if (type.bitWidth < 1 || type.bitWidth > 64) return unsupported("widths are 1 to 64 bits");
      const std::string prefix = type.kind == Kind::Integer ? "std::int" : "std::uint";
      return CppType{prefix + std::to_string(containerWidth(type.bitWidth)) + "_t", standardWidth(type.bitWidth)};
    }
    case Kind::Float:
      if (type.bitWidth == 32) return CppType{"float", true};
      if (type.bitWidth == 64) return CppType{"double", true};
      return unsupported("floats are 32 or 64 bits");
    case Kind::String: return CppType{"std::string", false};
    case Kind::Record:
      if (type.fields.empty()) return unsupported("a record needs fields");
      for (const wire::RecordField& field : type.fields) {
        if (!field.type) return unsupported("field " + field.name + " has no type");
        if (auto inner = cppTypeOf(*field.type); !inner) return inner;
      }
      return CppType{"bulkhead_gen::" + recordName(type), false};
    case Kind::Array: {
      if (!type.element) return unsupported("an array needs an element type");
      if (type.maxLength == 0) return unsupported("an array needs a Dimension");
      auto element = cppTypeOf(*type.element);
      if (!element) return element;
      return CppType{"std::array<" + element->name + ", " + std::to_string(type.maxLength) + ">", false};
    }
  }
  return unsupported("unknown kind");
}

std::string dataTypeFunction(const wire::DataType& type) { return "bulkhead_gen::types::" + identifier(type.name); }

std::expected<std::string, std::string> emitDataTypes(const plan::Plan& plan) {
  std::vector<const wire::DataType*> order;
  std::set<std::string> seen;
  for (const plan::Partition& partition : plan.partitions)
    for (const plan::Thread& thread : partition.threads)
      for (const plan::Port& port : thread.ports)
        if (port.dataType) {
          auto cpp = cppTypeOf(*port.dataType);
          if (!cpp) return std::unexpected("port " + thread.instanceName + "." + port.name + ": " + cpp.error());
          if (!cpp->scalar) collect(*port.dataType, order, seen);
        }

  std::string records, descriptions;
  for (const wire::DataType* type : order) {
    descriptions += typeDescription(*type);
    if (type->kind == Kind::Record) records += recordStruct(*type);
  }
  return fmt::format(R"(#pragma once
// Generated by `bulkhead gen` for {system}: the data types its ports carry
// through the generic codec: a struct per record (fields in order), and the
// wire description of each type. Do not edit.
#include "runtime/wire_value.hpp"
#include "wire/data_type.hpp"
#include "wire/value.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>

namespace bulkhead_gen {{

{records}}}  // namespace bulkhead_gen

namespace bulkhead_gen::types {{

{descriptions}}}  // namespace bulkhead_gen::types
)",
                     fmt::arg("system", plan.system), fmt::arg("records", records),
                     fmt::arg("descriptions", descriptions));
}

}  // namespace bulkhead::codegen
