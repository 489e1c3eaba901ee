#pragma once
// Whether an AADL process is a virtual-machine partition, as HAMR says it:
// HAMR::Component_Type => VIRTUAL_MACHINE, or the process bound to a virtual
// processor (newer HAMR models). Shared by the model's checks and the Plan.
#include "model/instance.hpp"

namespace bulkhead::model {

bool isVirtualMachine(const InstanceModel& model, const ComponentInstance& process);

}  // namespace bulkhead::model
