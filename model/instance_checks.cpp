#include "model/instance_checks.hpp"

#include "model/partition_kind.hpp"
#include "model/processor_bindings.hpp"
#include "model/property_evaluation.hpp"
#include "model/text_util.hpp"

#include <map>
#include <unordered_map>
#include <set>

namespace bulkhead::model {

namespace {

const PropertyAssociation* findAssociation(const ComponentInstance& c, std::string_view set, std::string_view name) {
  return c.properties.find(set, name);
}

using Finder = std::function<const ComponentInstance*(std::string_view)>;

const ComponentInstance* firstReference(const Finder& find, const ComponentInstance& c) {
  const PropertyValue* binding = c.lookup("Deployment_Properties", "Actual_Processor_Binding");
  if (!binding || binding->kind != PropertyValue::Kind::List || binding->elements.empty()) return nullptr;
  const PropertyValue& first = binding->elements.front();
  return first.kind == PropertyValue::Kind::Reference ? find(first.text) : nullptr;
}

const ComponentInstance* boundProcessorWith(const Finder& find, const ComponentInstance* onlyProcessor,
                                            const ComponentInstance& component) {
  const ComponentInstance* bound = firstReference(find, component);
  for (int hops = 0; bound && bound->category == ComponentCategory::VirtualProcessor && hops < 16; ++hops) {
    const ComponentInstance* next = firstReference(find, *bound);
    if (!next && bound->parent && bound->parent->category == ComponentCategory::Processor) next = bound->parent;
    bound = next;
  }
  if (bound && bound->category == ComponentCategory::Processor) return bound;
  if (bound) return nullptr;
  return onlyProcessor;
}

void index(const ComponentInstance& c, std::unordered_map<std::string, const ComponentInstance*>& out) {
  out.emplace(toLower(c.qualifiedName), &c);
  for (const auto& s : c.subcomponents) index(*s, out);
}

class Checker {
 public:
  Checker(const Instantiation& instantiation, const DiagnosticMaker& make, Diagnostics& diagnostics)
      : model_(instantiation.model), make_(make), diagnostics_(diagnostics) {}

  void run() {
    if (!model_.root) return;
    index(*model_.root, index_);
    auto processors = model_.components(ComponentCategory::Processor);
    onlyProcessor_ = processors.size() == 1 ? processors.front() : nullptr;
    find_ = [this](std::string_view name) -> const ComponentInstance* {
      auto it = index_.find(toLower(name));
      return it == index_.end() ? nullptr : it->second;
    };
    walk(*model_.root);
    checkDomains();
  }

 private:
  void error(const SourceLocation& at, std::string message, std::vector<Diagnostic> notes = {}) {
    Diagnostic d = make_(Severity::Error, at, std::move(message));
    d.notes = std::move(notes);
    diagnostics_.items.push_back(std::move(d));
  }

  void checkReferences(const PropertyMap& properties) {
    for (const PropertyAssociation& a : properties.associations) {
      if (a.isDefault) continue;
      checkReference(a, a.value);
    }
  }

  void checkReference(const PropertyAssociation& a, const PropertyValue& v) {
    if (v.kind == PropertyValue::Kind::Reference && !find_(v.text)) {
      // A reference may also name a feature or connection ("sub.port"); accept features.
      std::size_t dot = v.text.rfind('.');
      const ComponentInstance* owner = dot == std::string::npos ? nullptr : find_(v.text.substr(0, dot));
      // ... and call sequences (Compute_Entrypoint_Call_Sequence => reference (cseq)).
      bool callSequence = false;
      if (owner)
        for (const std::string& s : owner->callSequences) callSequence = callSequence || equalsIgnoreCase(s, v.text.substr(dot + 1));
      if (!(owner && (owner->feature(v.text.substr(dot + 1)) || callSequence)) && reported_.insert(a.location.file + ":" +
                                                                                 std::to_string(a.location.line) + ":" +
                                                                                 std::to_string(a.location.column) + v.text)
                                                                       .second)
        error(a.location, "reference '" + v.text + "' in " + a.propertySet + "::" + a.name + " names no component");
    }
    for (const PropertyValue& e : v.elements) checkReference(a, e);
    for (const RecordField& f : v.fields) checkReference(a, f.value);
  }

  void walk(const ComponentInstance& c) {
    checkReferences(c.properties);
    for (const auto& f : c.features) checkReferences(f->properties);
    if (c.category == ComponentCategory::Thread) checkThread(c);
    if (c.category == ComponentCategory::Process) processes_.push_back(&c);
    for (const auto& s : c.subcomponents) walk(*s);
  }

  void checkThread(const ComponentInstance& t) {
    const PropertyAssociation* protocol = findAssociation(t, "Thread_Properties", "Dispatch_Protocol");
    if (!protocol) return;  // OSATE accepts it; the plan reports it where the thread must be dispatched
    std::string_view kind = protocol->value.text;
    const PropertyAssociation* period = findAssociation(t, "Timing_Properties", "Period");
    if (equalsIgnoreCase(kind, "Periodic")) {
      if (!period) {
        // OSATE instantiates it; nothing says when to dispatch it, so the plan refuses it.
        diagnostics_.items.push_back(make_(Severity::Warning, protocol->location,
                                           "periodic thread '" + t.qualifiedName +
                                               "' has no Period: bulkhead cannot dispatch it, so plan, run and sim "
                                               "refuse it"));
      }
      // Whether Period is a whole number of frames is the plan's question (build_plan.cpp).
    } else if (equalsIgnoreCase(kind, "Sporadic")) {
      bool trigger = false;
      for (const auto& f : t.features)
        if ((f->category == FeatureCategory::EventPort || f->category == FeatureCategory::EventDataPort) &&
            (f->direction == Direction::In || f->direction == Direction::InOut))
          trigger = true;
      // A sporadic thread's Period is its minimum inter-arrival, enforced
      // in time by the dispatcher: it need not be a multiple of the frame.
      // Valid AADL (HAMR accepts it): nothing can dispatch it, so it never runs.
      if (!trigger)
        diagnostics_.items.push_back(make_(Severity::Note, protocol->location,
                                           "sporadic thread '" + t.qualifiedName +
                                               "' has no in event port or in event data port: it is never dispatched"));
    }
    // Other protocols (Aperiodic, Timed, Hybrid, Background) are valid AADL: the plan reports that it does not run them.
  }

  void checkDomains() {
    // processor -> domain -> first process seen in it
    std::map<const ComponentInstance*, std::map<std::int64_t, const ComponentInstance*>> used;
    for (const ComponentInstance* p : processes_) {
      const PropertyAssociation* domain = findAssociation(*p, "CASE_Scheduling", "Domain");
      if (!domain || domain->value.kind != PropertyValue::Kind::Integer) continue;
      std::int64_t value = domain->value.integer;
      const ComponentInstance* processor = boundProcessorWith(find_, onlyProcessor_, *p);
      const PropertyAssociation* max =
          processor ? processor->properties.find("CASE_Scheduling", "Max_Domain") : nullptr;
      if (value < 1 || (max && max->value.kind == PropertyValue::Kind::Integer && value > max->value.integer)) {
        std::string range = max ? "1.." + std::to_string(max->value.integer) : "1 or more";
        std::vector<Diagnostic> notes;
        if (max) notes.push_back(make_(Severity::Note, max->location, "Max_Domain of '" + processor->qualifiedName + "' is set here"));
        error(domain->location,
              "domain " + std::to_string(value) + " of process '" + p->qualifiedName + "' is outside " + range,
              std::move(notes));
        continue;
      }
      // Native partitions may share a domain (they share its windows; the
      // Plan checks that the windows hold their threads' time). A virtual
      // machine owns its domain, as under HAMR's seL4 VMs.
      auto [it, fresh] = used[processor].emplace(value, p);
      if (!fresh && (isVirtualMachine(model_, *it->second) || isVirtualMachine(model_, *p))) {
        const ComponentInstance* vm = isVirtualMachine(model_, *p) ? p : it->second;
        const PropertyAssociation* first = findAssociation(*it->second, "CASE_Scheduling", "Domain");
        error(domain->location,
              "processes '" + it->second->qualifiedName + "' and '" + p->qualifiedName + "' share domain " +
                  std::to_string(value) + ": virtual machine partition '" + vm->qualifiedName +
                  "' needs a domain of its own",
              {make_(Severity::Note, first->location, "domain of '" + it->second->qualifiedName + "' is set here")});
      }
    }
  }

  const InstanceModel& model_;
  const DiagnosticMaker& make_;
  Diagnostics& diagnostics_;
  std::vector<const ComponentInstance*> processes_;
  std::set<std::string> reported_;
  std::unordered_map<std::string, const ComponentInstance*> index_;
  const ComponentInstance* onlyProcessor_ = nullptr;
  Finder find_;
};

}  // namespace

const ComponentInstance* boundProcessor(const InstanceModel& model, const ComponentInstance& component) {
  return ProcessorBindings(model).of(component);
}

ProcessorBindings::ProcessorBindings(const InstanceModel& model) : model_(model) {
  auto processors = model.components(ComponentCategory::Processor);
  if (processors.size() == 1) onlyProcessor_ = processors.front();
}

const ComponentInstance* ProcessorBindings::find(std::string_view qualifiedName) const {
  if (byName_.empty() && model_.root) index(*model_.root, byName_);
  auto it = byName_.find(toLower(qualifiedName));
  return it == byName_.end() ? nullptr : it->second;
}

const ComponentInstance* ProcessorBindings::of(const ComponentInstance& component) const {
  return boundProcessorWith([this](std::string_view name) { return find(name); }, onlyProcessor_, component);
}

void checkInstance(const Instantiation& instantiation, const DiagnosticMaker& make, Diagnostics& diagnostics) {
  Checker(instantiation, make, diagnostics).run();
}

}  // namespace bulkhead::model
