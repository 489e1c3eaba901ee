#pragma once
// Evaluated AADL property values. Units are normalized: times are in
// nanoseconds (unit "ns"), sizes in bits (unit "bits"); other unit types keep
// their base unit.
#include "model/source_location.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::model {

struct RecordField;

struct PropertyValue {
  enum class Kind { Integer, Real, Boolean, String, Enumeration, Range, List, Record, Reference, Classifier };
  Kind kind = Kind::Integer;
  std::int64_t integer = 0;             // Integer (normalized to `unit`)
  double real = 0.0;                    // Real (normalized to `unit`)
  bool boolean = false;                 // Boolean
  std::string text;                     // String; Enumeration literal (as declared in the type);
                                        // Reference: qualified instance name ("top_impl_Instance.proc");
                                        // Classifier: qualified classifier name ("Base_Types::Integer_8")
  std::string unit;                     // "ns", "bits", another base unit, or "" (unitless)
  std::vector<PropertyValue> elements;  // List items; Range: exactly {minimum, maximum}
  std::vector<RecordField> fields;      // Record fields in declaration order

  // Convenience accessors; nullopt when the kind differs.
  std::optional<std::int64_t> asInteger() const;   // Integer (or Real with integral value)
  std::optional<std::string_view> asEnumeration() const;
  std::optional<std::string_view> asString() const;
  std::optional<bool> asBoolean() const;
  const PropertyValue* rangeMinimum() const;       // Range only
  const PropertyValue* rangeMaximum() const;       // Range only
  const PropertyValue* field(std::string_view name) const;  // Record only, case-insensitive

  // AADL-like text, normalized units: "1000000000 ns", "10000000 ns .. 10000000 ns", "(seL4)".
  std::string toString() const;
};

struct RecordField {
  std::string name;
  PropertyValue value;
};

// One property value that holds for a component, feature or data classifier.
struct PropertyAssociation {
  std::string propertySet;     // as declared: "Timing_Properties", "HAMR"
  std::string name;            // as declared: "Period"
  PropertyValue value;
  SourceLocation location;     // where the association (or the default) was written
  bool isDefault = false;      // from the property declaration's default value
};

// The properties of one element. Lookups are case-insensitive.
struct PropertyMap {
  std::vector<PropertyAssociation> associations;

  const PropertyValue* lookup(std::string_view propertySet, std::string_view name) const;
  const PropertyAssociation* find(std::string_view propertySet, std::string_view name) const;
  // Adds or replaces (same set and name).
  void set(PropertyAssociation association);
};

}  // namespace bulkhead::model
