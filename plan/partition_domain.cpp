#include "plan/partition_domain.hpp"

#include "model/text_util.hpp"

#include <vector>

namespace bulkhead::plan {

namespace {

using model::ComponentCategory;
using model::ComponentInstance;
using model::PropertyValue;

std::string lowered(std::string_view text) { return model::toLower(text); }

// Where Domain_Mapping may be written: systems and (virtual) processors.
void collectMappers(const ComponentInstance& c, std::vector<const ComponentInstance*>& out) {
  if (c.category == ComponentCategory::System || c.category == ComponentCategory::Processor ||
      c.category == ComponentCategory::VirtualProcessor)
    out.push_back(&c);
  for (const auto& s : c.subcomponents) collectMappers(*s, out);
}

void collectThreads(const ComponentInstance& c, std::vector<const ComponentInstance*>& out) {
  for (const auto& sub : c.subcomponents) {
    if (sub->category == ComponentCategory::Thread) out.push_back(sub.get());
    else if (sub->category == ComponentCategory::ThreadGroup) collectThreads(*sub, out);
  }
}

// A Domain written on the component itself (not a default).
std::optional<StatedDomain> ownDomain(const ComponentInstance& c) {
  const model::PropertyAssociation* a = c.properties.find("CASE_Scheduling", "Domain");
  if (!a || a->isDefault) return std::nullopt;
  auto value = a->value.asInteger();
  if (!value) return std::nullopt;
  return StatedDomain{*value, a->location};
}

using model::inQuotes;

}  // namespace

std::expected<DomainMapping, Diagnostics> readDomainMapping(const model::InstanceModel& model) {
  DomainMapping mapping;
  Diagnostics errors;
  if (!model.root) return mapping;
  std::vector<const ComponentInstance*> mappers;
  collectMappers(*model.root, mappers);
  for (const ComponentInstance* system : mappers) {
    const model::PropertyAssociation* a = system->properties.find("CASE_Scheduling", "Domain_Mapping");
    if (!a || a->isDefault) continue;
    const std::string here = "CASE_Scheduling::Domain_Mapping of " + inQuotes(system->qualifiedName);
    std::vector<const PropertyValue*> entries;
    if (a->value.kind == PropertyValue::Kind::List)
      for (const PropertyValue& e : a->value.elements) entries.push_back(&e);
    else
      entries.push_back(&a->value);
    for (size_t i = 0; i < entries.size(); ++i) {
      const PropertyValue* component = entries[i]->field("component");
      const PropertyValue* domain = entries[i]->field("domain");
      const std::string entry = here + ", entry " + std::to_string(i + 1);
      if (!component || component->kind != PropertyValue::Kind::Reference || !domain || !domain->asInteger()) {
        errors.items.push_back(makeError(a->location, entry + ": expected [component => reference (...); domain => N;]"));
        continue;
      }
      const ComponentInstance* target = model.findComponent(component->text);
      if (!target || (target->category != ComponentCategory::Process && target->category != ComponentCategory::Thread)) {
        errors.items.push_back(makeError(a->location, entry + " names " + inQuotes(component->text) +
                                                          ", which is not a process or a thread of the model"));
        continue;
      }
      auto [it, inserted] = mapping.byComponent.try_emplace(lowered(target->qualifiedName),
                                                            StatedDomain{*domain->asInteger(), a->location});
      if (!inserted && it->second.domain != *domain->asInteger())
        errors.items.push_back(makeError(a->location, entry + " maps " + inQuotes(target->pathFromRoot()) + " to domain " +
                                                          std::to_string(*domain->asInteger()) +
                                                          ", but another entry maps it to domain " +
                                                          std::to_string(it->second.domain)));
    }
  }
  if (!errors.items.empty()) return std::unexpected(std::move(errors));
  return mapping;
}

std::expected<std::optional<StatedDomain>, Diagnostic> domainOf(const ComponentInstance& process,
                                                                const DomainMapping& mapping) {
  if (auto own = ownDomain(process)) return own;
  if (auto it = mapping.byComponent.find(lowered(process.qualifiedName)); it != mapping.byComponent.end())
    return it->second;
  // From the threads: each thread's own Domain, else its mapping entry.
  std::vector<const ComponentInstance*> threads;
  collectThreads(process, threads);
  std::optional<StatedDomain> chosen;
  const ComponentInstance* chosenBy = nullptr;
  for (const ComponentInstance* thread : threads) {
    std::optional<StatedDomain> stated = ownDomain(*thread);
    if (!stated)
      if (auto it = mapping.byComponent.find(lowered(thread->qualifiedName)); it != mapping.byComponent.end())
        stated = it->second;
    if (!stated) continue;
    if (chosen && chosen->domain != stated->domain) {
      Diagnostic error = makeError(stated->location,
                                   "threads " + inQuotes(chosenBy->pathFromRoot()) + " (domain " +
                                       std::to_string(chosen->domain) + ") and " + inQuotes(thread->pathFromRoot()) +
                                       " (domain " + std::to_string(stated->domain) + ") of process " +
                                       inQuotes(process.pathFromRoot()) +
                                       " are in different domains; bulkhead runs a process as one partition in one domain");
      error.notes.push_back(makeNote(chosen->location, "the domain of " + inQuotes(chosenBy->pathFromRoot()) + " is stated here"));
      return std::unexpected(std::move(error));
    }
    if (!chosen) {
      chosen = stated;
      chosenBy = thread;
    }
  }
  return chosen;
}

}  // namespace bulkhead::plan
