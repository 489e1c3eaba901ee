#include "model/partition_kind.hpp"

#include "model/text_util.hpp"

namespace bulkhead::model {

bool isVirtualMachine(const InstanceModel& model, const ComponentInstance& process) {
  if (const PropertyValue* type = process.properties.lookup("HAMR", "Component_Type"))
    if (auto name = type->asEnumeration(); name && toLower(*name) == "virtual_machine") return true;
  const PropertyValue* binding = process.properties.lookup("Deployment_Properties", "Actual_Processor_Binding");
  if (!binding) return false;
  auto boundToVirtualProcessor = [&](const PropertyValue& v) {
    if (v.kind != PropertyValue::Kind::Reference) return false;
    const ComponentInstance* bound = model.findComponent(v.text);
    return bound && bound->category == ComponentCategory::VirtualProcessor;
  };
  if (boundToVirtualProcessor(*binding)) return true;
  for (const PropertyValue& e : binding->elements)
    if (boundToVirtualProcessor(e)) return true;
  return false;
}

}  // namespace bulkhead::model
