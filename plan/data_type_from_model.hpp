#pragma once
// wire::DataType from an AADL data classifier (Base_Types scalars, and
// Data_Model records, arrays, strings and enumerations). The shape is read
// from the Data_Model properties, which Base_Types declares for each of
// its types, so a user type that extends a base type works the same way.
#include "model/instance.hpp"
#include "plan/diagnostic.hpp"
#include "wire/data_type.hpp"

#include <cstdint>
#include <expected>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace bulkhead::plan {

// System-wide HAMR defaults for sizes the type leaves open.
struct DataTypeDefaults {
  std::uint32_t bitWidth = 64;             // HAMR::Default_Bit_Width: Integer without Data_Size
  std::uint64_t maxSequenceSize = 0;       // HAMR::Default_Max_Sequence_Size: Array without Dimension (0: error)
  std::uint64_t maxStringSize = 0;         // HAMR::Max_String_Size on the system (0: error)
};

class DataTypeBuilder {
 public:
  DataTypeBuilder(const model::InstanceModel& model, DataTypeDefaults defaults) : model_(model), defaults_(defaults) {}

  // The type, shared between ports that carry the same classifier. Errors
  // are located at the classifier (or the property that is wrong).
  std::expected<std::shared_ptr<const wire::DataType>, Diagnostic> build(const model::DataClassifier& classifier);

 private:
  std::expected<wire::DataType, Diagnostic> shapeOf(const model::DataClassifier& classifier);
  // Records and arrays build their fields' and elements' types.
  std::expected<void, Diagnostic> recordShape(const model::DataClassifier& classifier, wire::DataType& type);
  std::expected<void, Diagnostic> arrayShape(const model::DataClassifier& classifier, wire::DataType& type);

  const model::InstanceModel& model_;
  DataTypeDefaults defaults_;
  std::map<const model::DataClassifier*, std::shared_ptr<const wire::DataType>> built_;
  std::set<const model::DataClassifier*> inProgress_;  // a record that contains itself is an error
};

}  // namespace bulkhead::plan
