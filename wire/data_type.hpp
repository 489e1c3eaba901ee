#pragma once
// The shape of a value that crosses a port: what the bit codec encodes and
// what codegen turns into a C++ type. Built by plan/ from AADL data
// classifiers (Base_Types, Data_Model); knows nothing of AADL itself.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace bulkhead::wire {

struct DataType;

struct RecordField {
  std::string name;
  std::shared_ptr<const DataType> type;
};

struct DataType {
  enum class Kind : std::uint8_t { Boolean, Integer, Unsigned, Float, Character, String, Record, Array };

  Kind kind = Kind::Integer;
  std::string name;              // AADL classifier, e.g. "Base_Types::Integer_8"
  std::uint32_t bitWidth = 0;    // scalars: Boolean 1, Integer/Unsigned 8..64, Float 32/64, Character 8
  std::uint64_t maxLength = 0;   // String: maximum characters; Array: Dimension (element count)
  std::vector<RecordField> fields;             // Record: fields in declaration order
  std::shared_ptr<const DataType> element;     // Array: element type
  // An AADL enumeration (Unsigned on the wire, the enumerator's index): its
  // enumerators in order, for generated code that names them.
  std::vector<std::string> enumerators;
};

}  // namespace bulkhead::wire
