#include "plan/module_schedule.hpp"

#include "model/text_util.hpp"

#include <set>

namespace bulkhead::plan {

namespace {

using model::ComponentCategory;
using model::ComponentInstance;
using model::PropertyValue;

using model::inQuotes;

}  // namespace

std::expected<std::optional<ModuleSchedule>, Diagnostics> readModuleSchedule(const model::InstanceModel& model,
                                                                             const ComponentInstance& processor) {
  const model::PropertyAssociation* windows = processor.properties.find("ARINC653", "Module_Schedule");
  const model::PropertyAssociation* slots = processor.properties.find("ARINC653", "Partition_Slots");
  const model::PropertyAssociation* allocation = processor.properties.find("ARINC653", "Slots_Allocation");
  if (windows && windows->isDefault) windows = nullptr;
  if (slots && slots->isDefault) slots = nullptr;
  if (!windows && !slots) return std::nullopt;

  ModuleSchedule schedule;
  schedule.source.unit = LengthUnit::Nanoseconds;
  const model::PropertyAssociation* stated = windows ? windows : slots;
  schedule.source.file = stated->location.file;
  schedule.source.arrayLocation = stated->location;
  Diagnostics errors;
  int nextDomain = 2;
  std::set<int> taken;
  // A partition's domain: stated, else the next free from 2.
  auto domainFor = [&](const std::string& reference, const std::string& what) -> std::optional<int> {
    const ComponentInstance* partition = model.findComponent(reference);
    if (!partition || partition->category != ComponentCategory::VirtualProcessor) {
      errors.items.push_back(makeError(stated->location, what + " names " + inQuotes(reference) +
                                                             ", which is not a virtual processor (an ARINC653 partition)"));
      return std::nullopt;
    }
    const std::string key = model::toLower(partition->qualifiedName);
    if (auto it = schedule.domainOf.find(key); it != schedule.domainOf.end()) return it->second;
    int domain = 0;
    if (const PropertyValue* d = partition->lookup("CASE_Scheduling", "Domain"); d && d->asInteger()) {
      domain = static_cast<int>(*d->asInteger());
    } else {
      while (taken.contains(nextDomain)) ++nextDomain;
      domain = nextDomain;
    }
    taken.insert(domain);
    schedule.domainOf[key] = domain;
    return domain;
  };
  auto addSlot = [&](int domain, std::int64_t length) {
    ScheduleSourceSlot slot;
    slot.domain = domain;
    slot.length = length;
    slot.location = slot.domainLocation = slot.lengthLocation = stated->location;
    schedule.source.slots.push_back(slot);
  };

  if (windows) {
    const auto& items = windows->value.kind == PropertyValue::Kind::List ? windows->value.elements
                                                                         : std::vector<PropertyValue>{windows->value};
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string what = "ARINC653::Module_Schedule window " + std::to_string(i + 1);
      const PropertyValue* partition = items[i].field("Partition");
      const PropertyValue* duration = items[i].field("Duration");
      if (!partition || partition->kind != PropertyValue::Kind::Reference || !duration || !duration->asInteger()) {
        errors.items.push_back(makeError(stated->location, what + " needs a Partition reference and a Duration"));
        continue;
      }
      if (auto domain = domainFor(partition->text, what)) addSlot(*domain, *duration->asInteger());
    }
  } else {
    std::vector<std::string> owners;
    if (allocation && !allocation->isDefault)
      for (const PropertyValue& r : allocation->value.kind == PropertyValue::Kind::List ? allocation->value.elements
                                                                                        : std::vector<PropertyValue>{allocation->value})
        owners.push_back(r.text);
    const auto& lengths = slots->value.kind == PropertyValue::Kind::List ? slots->value.elements
                                                                         : std::vector<PropertyValue>{slots->value};
    if (owners.size() != lengths.size())
      errors.items.push_back(makeError(slots->location, "ARINC653::Partition_Slots has " + std::to_string(lengths.size()) +
                                                            " slots but ARINC653::Slots_Allocation names " +
                                                            std::to_string(owners.size()) + " partitions"));
    for (size_t i = 0; i < lengths.size() && i < owners.size(); ++i)
      if (auto domain = domainFor(owners[i], "ARINC653::Slots_Allocation entry " + std::to_string(i + 1)))
        addSlot(*domain, lengths[i].asInteger().value_or(0));
  }
  if (const model::PropertyAssociation* frame = processor.properties.find("ARINC653", "Module_Major_Frame");
      frame && !frame->isDefault && frame->value.asInteger()) {
    schedule.majorFrame = *frame->value.asInteger();
    schedule.majorFrameAt = frame->location;
  }
  if (schedule.source.slots.empty() && errors.items.empty())
    errors.items.push_back(makeError(stated->location, "the ARINC653 module schedule has no windows"));
  if (!errors.items.empty()) return std::unexpected(std::move(errors));
  return schedule;
}

void padToFrame(ScheduleSource& source, Nanoseconds frame) {
  Nanoseconds used = 0;
  for (const ScheduleSourceSlot& s : source.slots) used += s.length > 0 ? s.length : 0;
  if (used >= frame) return;
  ScheduleSourceSlot idle;
  idle.domain = 0;
  idle.length = frame - used;
  idle.location = idle.domainLocation = idle.lengthLocation = source.arrayLocation;
  source.slots.push_back(idle);
}

}  // namespace bulkhead::plan
