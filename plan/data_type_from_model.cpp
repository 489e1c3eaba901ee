#include "plan/data_type_from_model.hpp"

#include "model/text_util.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <string>

namespace bulkhead::plan {

namespace {

using Kind = wire::DataType::Kind;

using model::equalsIgnoreCase;

SourceLocation locationOf(const model::DataClassifier& c, std::string_view set, std::string_view name) {
  if (const auto* a = c.properties.find(set, name); a && !a->isDefault) return a->location;
  return c.location;
}

// A positive integer property, or the product of a list of them (Dimension).
std::optional<std::uint64_t> positiveProduct(const model::PropertyValue* value) {
  if (!value) return std::nullopt;
  if (value->kind == model::PropertyValue::Kind::List) {
    if (value->elements.empty()) return std::nullopt;
    std::uint64_t product = 1;
    for (const auto& e : value->elements) {
      auto n = e.asInteger();
      if (!n || *n <= 0 || static_cast<std::uint64_t>(*n) > (std::uint64_t{1} << 40) / product) return std::nullopt;
      product *= static_cast<std::uint64_t>(*n);
    }
    return product;
  }
  auto n = value->asInteger();
  if (!n || *n <= 0) return std::nullopt;
  return static_cast<std::uint64_t>(*n);
}

using Shaped = std::expected<void, Diagnostic>;

// An error about a property of the type, located at the property where the
// type sets it (else at the type).
std::unexpected<Diagnostic> propertyError(const model::DataClassifier& c, std::string_view set, std::string_view name,
                                          const std::string& message) {
  return std::unexpected(makeError(locationOf(c, set, name), "data type " + c.qualifiedName + ": " + message));
}

Shaped integerShape(const model::DataClassifier& c, std::int64_t sizeBits, const DataTypeDefaults& defaults,
                    wire::DataType& type) {
  const model::PropertyValue* sign = c.properties.lookup("Data_Model", "Number_Representation");
  bool isUnsigned = sign && sign->asEnumeration() && equalsIgnoreCase(*sign->asEnumeration(), "Unsigned");
  type.kind = isUnsigned ? Kind::Unsigned : Kind::Integer;
  std::int64_t width = sizeBits >= 0 ? sizeBits : defaults.bitWidth;
  if (width < 1 || width > 64)
    return propertyError(c, "Memory_Properties", "Data_Size",
                         "an integer of " + std::to_string(width) + " bits is not supported (1 to 64)");
  type.bitWidth = static_cast<std::uint32_t>(width);
  return {};
}

Shaped floatShape(const model::DataClassifier& c, std::int64_t sizeBits, wire::DataType& type) {
  type.kind = Kind::Float;
  std::int64_t width = sizeBits >= 0 ? sizeBits : 64;
  if (width != 32 && width != 64)
    return propertyError(c, "Memory_Properties", "Data_Size",
                         "a float of " + std::to_string(width) + " bits is not supported (32 or 64)");
  type.bitWidth = static_cast<std::uint32_t>(width);
  return {};
}

// Maximum characters: HAMR::Max_String_Size on the type, its Dimension, its
// Data_Size in bytes, the system's HAMR::Max_String_Size.
Shaped stringShape(const model::DataClassifier& c, std::int64_t sizeBits, const DataTypeDefaults& defaults,
                   wire::DataType& type) {
  type.kind = Kind::String;
  std::optional<std::uint64_t> maximum = positiveProduct(c.properties.lookup("HAMR", "Max_String_Size"));
  if (!maximum) maximum = positiveProduct(c.properties.lookup("Data_Model", "Dimension"));
  if (!maximum && sizeBits >= 8) maximum = static_cast<std::uint64_t>(sizeBits) / 8;
  if (!maximum && defaults.maxStringSize > 0) maximum = defaults.maxStringSize;
  if (!maximum)
    return propertyError(c, "HAMR", "Max_String_Size",
                         "a String needs a maximum size (HAMR::Max_String_Size on the type or the system)");
  type.maxLength = *maximum;
  return {};
}

// Encoded as the enumerator's index in as few bits as hold them all.
Shaped enumShape(const model::DataClassifier& c, wire::DataType& type) {
  const model::PropertyValue* enumerators = c.properties.lookup("Data_Model", "Enumerators");
  if (!enumerators || enumerators->elements.empty())
    return propertyError(c, "Data_Model", "Enumerators", "an enumeration needs Data_Model::Enumerators");
  type.kind = Kind::Unsigned;
  type.bitWidth = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(std::bit_width(enumerators->elements.size() - 1)));
  for (const auto& e : enumerators->elements) type.enumerators.push_back(e.text);
  return {};
}

}  // namespace

std::expected<std::shared_ptr<const wire::DataType>, Diagnostic> DataTypeBuilder::build(
    const model::DataClassifier& c) {
  if (auto it = built_.find(&c); it != built_.end()) return it->second;
  if (inProgress_.contains(&c))
    return std::unexpected(makeError(c.location, "data type " + c.qualifiedName + " contains itself"));
  inProgress_.insert(&c);
  auto shape = shapeOf(c);
  inProgress_.erase(&c);
  if (!shape) return std::unexpected(shape.error());
  auto shared = std::make_shared<const wire::DataType>(std::move(*shape));
  built_.emplace(&c, shared);
  return shared;
}

std::expected<void, Diagnostic> DataTypeBuilder::recordShape(const model::DataClassifier& c, wire::DataType& type) {
  type.kind = Kind::Record;
  if (c.fields.empty()) return propertyError(c, "Data_Model", "Data_Representation", "a record needs at least one field");
  for (const auto& field : c.fields) {
    if (!field.type)
      return std::unexpected(makeError(field.location, "data type " + c.qualifiedName + ": field '" + field.name +
                                                           "' has no data classifier"));
    if (!field.dimensions.empty())
      return std::unexpected(makeError(field.location, "data type " + c.qualifiedName + ": field '" + field.name +
                                                           "' is an array of data subcomponents, which bulkhead does "
                                                           "not encode (give the field an array type with "
                                                           "Data_Model::Dimension)"));
    auto fieldType = build(*field.type);
    if (!fieldType) return std::unexpected(fieldType.error());
    type.fields.push_back({field.name, *fieldType});
  }
  return {};
}

std::expected<void, Diagnostic> DataTypeBuilder::arrayShape(const model::DataClassifier& c, wire::DataType& type) {
  type.kind = Kind::Array;
  std::optional<std::uint64_t> dimension = positiveProduct(c.properties.lookup("Data_Model", "Dimension"));
  if (!dimension && defaults_.maxSequenceSize > 0) dimension = defaults_.maxSequenceSize;
  if (!dimension)
    return propertyError(c, "Data_Model", "Dimension",
                         "an array needs Data_Model::Dimension (or the system's HAMR::Default_Max_Sequence_Size)");
  type.maxLength = *dimension;
  const model::PropertyValue* base = c.properties.lookup("Data_Model", "Base_Type");
  const model::PropertyValue* element = base && base->kind == model::PropertyValue::Kind::List && !base->elements.empty()
                                            ? &base->elements.front()
                                            : base;
  if (!element || element->text.empty())
    return propertyError(c, "Data_Model", "Base_Type", "an array needs Data_Model::Base_Type");
  const model::DataClassifier* elementClassifier = model_.dataClassifier(element->text);
  if (!elementClassifier)
    return propertyError(c, "Data_Model", "Base_Type",
                         "the element type " + element->text + " is not a known data classifier");
  auto elementType = build(*elementClassifier);
  if (!elementType) return std::unexpected(elementType.error());
  type.element = *elementType;
  return {};
}

std::expected<wire::DataType, Diagnostic> DataTypeBuilder::shapeOf(const model::DataClassifier& c) {
  wire::DataType type;
  type.name = c.qualifiedName;
  const model::PropertyValue* representation = c.properties.lookup("Data_Model", "Data_Representation");
  std::string kind = representation && representation->asEnumeration() ? std::string(*representation->asEnumeration())
                                                                          : std::string();
  // A data implementation with subcomponents and no representation is a record.
  if (kind.empty() && !c.fields.empty()) kind = "Struct";
  const model::PropertyValue* dataSize = c.properties.lookup("Memory_Properties", "Data_Size");
  // -1: no Data_Size (a plain integer: GCC 12 warns wrongly about an optional here).
  const std::int64_t sizeBits = dataSize && dataSize->asInteger() ? *dataSize->asInteger() : -1;

  Shaped shaped;
  if (equalsIgnoreCase(kind, "Boolean")) {
    type.kind = Kind::Boolean;
    type.bitWidth = 1;
  } else if (equalsIgnoreCase(kind, "Integer")) {
    shaped = integerShape(c, sizeBits, defaults_, type);
  } else if (equalsIgnoreCase(kind, "Float")) {
    shaped = floatShape(c, sizeBits, type);
  } else if (equalsIgnoreCase(kind, "Character")) {
    type.kind = Kind::Character;
    type.bitWidth = 8;
  } else if (equalsIgnoreCase(kind, "String")) {
    shaped = stringShape(c, sizeBits, defaults_, type);
  } else if (equalsIgnoreCase(kind, "Enum")) {
    shaped = enumShape(c, type);
  } else if (equalsIgnoreCase(kind, "Union")) {
    return propertyError(c, "Data_Model", "Data_Representation", "unions are not supported");
  } else if (equalsIgnoreCase(kind, "Struct")) {
    shaped = recordShape(c, type);
  } else if (equalsIgnoreCase(kind, "Array")) {
    shaped = arrayShape(c, type);
  } else if (kind.empty()) {
    return std::unexpected(makeError(c.location, "data type " + c.qualifiedName +
                                                     " has no Data_Model::Data_Representation, so its values cannot be "
                                                     "encoded"));
  } else {
    return propertyError(c, "Data_Model", "Data_Representation", "the representation " + kind + " is not supported");
  }
  if (!shaped) return std::unexpected(shaped.error());
  return type;
}

}  // namespace bulkhead::plan
