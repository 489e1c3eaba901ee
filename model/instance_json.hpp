#pragma once
// The instance model as JSON (for tools and `bulkhead instance --json`) and
// as readable indented text.
#include "model/instance.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace bulkhead::model {

nlohmann::json toJson(const PropertyValue& value);
nlohmann::json toJson(const InstanceModel& model);
std::string toText(const InstanceModel& model);

}  // namespace bulkhead::model
