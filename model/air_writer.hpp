#pragma once
// The instance model as OSATE/HAMR instance JSON (AIR, as HAMR writes
// `.slang/<Sys>_Instance.json`), for `bulkhead instance --air`: components,
// features, data classifiers, connection instances and the property values
// the model states (defaults are left out, as OSATE leaves them out; the
// reader adds them back). Reading it back with readAirInstance gives the
// same instance model. Times are written in ns, sizes in bits.
#include "model/instance.hpp"

#include <nlohmann/json.hpp>

namespace bulkhead::model {

nlohmann::ordered_json toAir(const InstanceModel& model);

}  // namespace bulkhead::model
