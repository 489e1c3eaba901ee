#include "model/instance.hpp"

#include "model/text_util.hpp"

namespace bulkhead::model {

std::string_view toString(ComponentCategory category) {
  switch (category) {
    case ComponentCategory::System: return "system";
    case ComponentCategory::Process: return "process";
    case ComponentCategory::Thread: return "thread";
    case ComponentCategory::ThreadGroup: return "thread group";
    case ComponentCategory::Processor: return "processor";
    case ComponentCategory::VirtualProcessor: return "virtual processor";
    case ComponentCategory::Memory: return "memory";
    case ComponentCategory::Bus: return "bus";
    case ComponentCategory::VirtualBus: return "virtual bus";
    case ComponentCategory::Device: return "device";
    case ComponentCategory::Data: return "data";
    case ComponentCategory::Subprogram: return "subprogram";
    case ComponentCategory::SubprogramGroup: return "subprogram group";
    case ComponentCategory::Abstract: return "abstract";
  }
  return "abstract";
}

std::string_view toString(FeatureCategory category) {
  switch (category) {
    case FeatureCategory::DataPort: return "data port";
    case FeatureCategory::EventPort: return "event port";
    case FeatureCategory::EventDataPort: return "event data port";
    case FeatureCategory::DataAccess: return "data access";
    case FeatureCategory::BusAccess: return "bus access";
    case FeatureCategory::SubprogramAccess: return "subprogram access";
    case FeatureCategory::SubprogramGroupAccess: return "subprogram group access";
    case FeatureCategory::FeatureGroup: return "feature group";
    case FeatureCategory::Parameter: return "parameter";
    case FeatureCategory::AbstractFeature: return "feature";
  }
  return "feature";
}

std::string_view toString(Direction direction) {
  switch (direction) {
    case Direction::In: return "in";
    case Direction::Out: return "out";
    case Direction::InOut: return "in out";
    case Direction::None: return "";
  }
  return "";
}

bool isPort(FeatureCategory category) {
  return category == FeatureCategory::DataPort || category == FeatureCategory::EventPort ||
         category == FeatureCategory::EventDataPort;
}

const FeatureInstance* FeatureInstance::member(std::string_view memberName) const {
  for (const auto& m : members)
    if (equalsIgnoreCase(m->name, memberName)) return m.get();
  return nullptr;
}

const FeatureInstance* ComponentInstance::feature(std::string_view featureName) const {
  for (const auto& f : features)
    if (equalsIgnoreCase(f->name, featureName)) return f.get();
  return nullptr;
}

const ComponentInstance* ComponentInstance::subcomponent(std::string_view subcomponentName) const {
  for (const auto& s : subcomponents)
    if (equalsIgnoreCase(s->name, subcomponentName)) return s.get();
  return nullptr;
}

std::string ComponentInstance::pathFromRoot() const {
  if (!parent) return "";
  std::string above = parent->pathFromRoot();
  return above.empty() ? name : above + "." + name;
}

std::string_view toString(ConnectionCategory category) {
  switch (category) {
    case ConnectionCategory::Port: return "port";
    case ConnectionCategory::DataAccess: return "data access";
    case ConnectionCategory::BusAccess: return "bus access";
    case ConnectionCategory::SubprogramAccess: return "subprogram access";
    case ConnectionCategory::SubprogramGroupAccess: return "subprogram group access";
    case ConnectionCategory::FeatureGroup: return "feature group";
    case ConnectionCategory::Feature: return "feature";
    case ConnectionCategory::Parameter: return "parameter";
  }
  return "connection";
}

namespace {

std::string endPath(const FeatureInstance* f, const ComponentInstance* c) {
  if (c) return c->pathFromRoot();
  if (!f) return "?";
  std::string path = f->owner ? f->owner->pathFromRoot() : "";
  return path.empty() ? f->name : path + "." + f->name;
}

}  // namespace

std::string SemanticConnection::name() const {
  return endPath(source, sourceComponent) + " -> " + endPath(destination, destinationComponent);
}

std::string SemanticConnection::sourceName() const {
  return sourceComponent ? sourceComponent->qualifiedName : source ? source->qualifiedName : "";
}

std::string SemanticConnection::destinationName() const {
  return destinationComponent ? destinationComponent->qualifiedName : destination ? destination->qualifiedName : "";
}

const DataClassifier* InstanceModel::dataClassifier(std::string_view qualifiedName) const {
  auto it = dataClassifiers.find(qualifiedName);
  if (it != dataClassifiers.end()) return it->second.get();
  for (const auto& [name, classifier] : dataClassifiers)
    if (equalsIgnoreCase(name, qualifiedName)) return classifier.get();
  return nullptr;
}

namespace {

const ComponentInstance* findIn(const ComponentInstance& c, std::string_view qualifiedName) {
  if (equalsIgnoreCase(c.qualifiedName, qualifiedName)) return &c;
  // Only descend where the name can still match, so lookups stay cheap.
  if (qualifiedName.size() <= c.qualifiedName.size() ||
      !equalsIgnoreCase(qualifiedName.substr(0, c.qualifiedName.size()), c.qualifiedName) ||
      qualifiedName[c.qualifiedName.size()] != '.')
    return nullptr;
  for (const auto& s : c.subcomponents)
    if (const ComponentInstance* found = findIn(*s, qualifiedName)) return found;
  return nullptr;
}

void collect(const ComponentInstance& c, ComponentCategory category, std::vector<const ComponentInstance*>& out) {
  if (c.category == category) out.push_back(&c);
  for (const auto& s : c.subcomponents) collect(*s, category, out);
}

}  // namespace

const ComponentInstance* InstanceModel::findComponent(std::string_view qualifiedName) const {
  return root ? findIn(*root, qualifiedName) : nullptr;
}

std::vector<const ComponentInstance*> InstanceModel::components(ComponentCategory category) const {
  std::vector<const ComponentInstance*> out;
  if (root) collect(*root, category, out);
  return out;
}

}  // namespace bulkhead::model
