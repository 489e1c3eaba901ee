#include "model/property_value.hpp"

#include "model/text_util.hpp"

#include <cmath>
#include <cstdio>

namespace bulkhead::model {

std::optional<std::int64_t> PropertyValue::asInteger() const {
  if (kind == Kind::Integer) return integer;
  if (kind == Kind::Real && std::isfinite(real) && std::floor(real) == real && std::fabs(real) < 9.2e18)
    return static_cast<std::int64_t>(real);
  return std::nullopt;
}

std::optional<std::string_view> PropertyValue::asEnumeration() const {
  if (kind != Kind::Enumeration) return std::nullopt;
  return std::string_view(text);
}

std::optional<std::string_view> PropertyValue::asString() const {
  if (kind != Kind::String) return std::nullopt;
  return std::string_view(text);
}

std::optional<bool> PropertyValue::asBoolean() const {
  if (kind != Kind::Boolean) return std::nullopt;
  return boolean;
}

const PropertyValue* PropertyValue::rangeMinimum() const {
  return kind == Kind::Range && elements.size() == 2 ? &elements[0] : nullptr;
}

const PropertyValue* PropertyValue::rangeMaximum() const {
  return kind == Kind::Range && elements.size() == 2 ? &elements[1] : nullptr;
}

const PropertyValue* PropertyValue::field(std::string_view name) const {
  if (kind != Kind::Record) return nullptr;
  for (const RecordField& f : fields)
    if (equalsIgnoreCase(f.name, name)) return &f.value;
  return nullptr;
}

std::string PropertyValue::toString() const {
  auto withUnit = [this](std::string number) { return unit.empty() ? number : number + " " + unit; };
  switch (kind) {
    case Kind::Integer: return withUnit(std::to_string(integer));
    case Kind::Real: {
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "%.17g", real);
      std::string text(buffer);
      if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
      return withUnit(text);
    }
    case Kind::Boolean: return boolean ? "true" : "false";
    case Kind::String: {
      std::string out = "\"";
      for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      return out + "\"";
    }
    case Kind::Enumeration: return text;
    case Kind::Range:
      return elements.size() == 2 ? elements[0].toString() + " .. " + elements[1].toString() : "";
    case Kind::List: {
      std::string out = "(";
      for (std::size_t i = 0; i < elements.size(); ++i) out += (i ? ", " : "") + elements[i].toString();
      return out + ")";
    }
    case Kind::Record: {
      std::string out = "[";
      for (const RecordField& f : fields) out += " " + f.name + " => " + f.value.toString() + ";";
      return out + " ]";
    }
    case Kind::Reference: return "reference (" + text + ")";
    case Kind::Classifier: return "classifier (" + text + ")";
  }
  return "";
}

const PropertyAssociation* PropertyMap::find(std::string_view propertySet, std::string_view name) const {
  for (const PropertyAssociation& a : associations)
    if (equalsIgnoreCase(a.name, name) && equalsIgnoreCase(a.propertySet, propertySet)) return &a;
  return nullptr;
}

const PropertyValue* PropertyMap::lookup(std::string_view propertySet, std::string_view name) const {
  const PropertyAssociation* a = find(propertySet, name);
  return a ? &a->value : nullptr;
}

void PropertyMap::set(PropertyAssociation association) {
  for (PropertyAssociation& a : associations) {
    if (equalsIgnoreCase(a.name, association.name) && equalsIgnoreCase(a.propertySet, association.propertySet)) {
      a = std::move(association);
      return;
    }
  }
  associations.push_back(std::move(association));
}

}  // namespace bulkhead::model
