#include "model/air_writer.hpp"

#include <charconv>
#include <sstream>

namespace bulkhead::model {

namespace {

using json = nlohmann::ordered_json;

json some(json value) { return {{"type", "Some"}, {"value", std::move(value)}}; }
json none() { return {{"type", "None"}}; }

std::vector<std::string> split(const std::string& dotted) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(dotted);
  while (std::getline(in, part, '.')) parts.push_back(part);
  return parts;
}

json nameOf(const std::vector<std::string>& path, const SourceLocation* at = nullptr) {
  json n{{"type", "Name"}, {"name", path}};
  if (at) {
    if (at->file.empty() || at->line == 0) {
      n["pos"] = none();
    } else {
      n["pos"] = some({{"type", "Position"},
                       {"uriOpt", some(at->file)},
                       {"beginLine", at->line},
                       {"beginColumn", at->column},
                       {"endLine", at->line},
                       {"endColumn", at->column},
                       {"offset", 0},
                       {"length", 0}});
    }
  }
  return n;
}

// AIR's spelling of the categories: "EventDataPort", "ThreadGroup".
std::string camel(std::string_view words) {
  std::string out;
  bool upper = true;
  for (char c : words) {
    if (c == ' ') { upper = true; continue; }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

std::string componentCategory(ComponentCategory c) { return camel(toString(c)); }
std::string featureCategory(FeatureCategory c) {
  return c == FeatureCategory::AbstractFeature ? "AbstractFeature" : camel(toString(c));
}
std::string directionName(Direction d) {
  switch (d) {
    case Direction::In: return "In";
    case Direction::Out: return "Out";
    case Direction::InOut: return "InOut";
    case Direction::None: return "None";
  }
  return "None";
}
std::string connectionKind(ConnectionCategory c) {
  switch (c) {
    case ConnectionCategory::Port: return "Port";
    case ConnectionCategory::DataAccess:
    case ConnectionCategory::BusAccess:
    case ConnectionCategory::SubprogramAccess:
    case ConnectionCategory::SubprogramGroupAccess: return "Access";
    case ConnectionCategory::FeatureGroup: return "FeatureGroup";
    case ConnectionCategory::Feature: return "Feature";
    case ConnectionCategory::Parameter: return "Parameter";
  }
  return "Port";
}

// Shortest text that reads back to the same double.
std::string realText(double v) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  std::string text(buffer, ec == std::errc() ? end : buffer);
  if (text.find_first_of(".eE") == std::string::npos && text.find_first_of("ni") == std::string::npos) text += ".0";
  return text;
}

void appendValues(const PropertyValue& v, json& out);

json value(const PropertyValue& v) {
  switch (v.kind) {
    case PropertyValue::Kind::Integer:
      return {{"type", "UnitProp"}, {"value", std::to_string(v.integer) + ".0"},
              {"unit", v.unit.empty() ? none() : some(v.unit)}};
    case PropertyValue::Kind::Real:
      return {{"type", "UnitProp"}, {"value", realText(v.real)}, {"unit", v.unit.empty() ? none() : some(v.unit)}};
    case PropertyValue::Kind::Boolean: return {{"type", "ValueProp"}, {"value", v.boolean ? "true" : "false"}};
    case PropertyValue::Kind::String:
    case PropertyValue::Kind::Enumeration: return {{"type", "ValueProp"}, {"value", v.text}};
    case PropertyValue::Kind::Reference: return {{"type", "ReferenceProp"}, {"value", nameOf(split(v.text))}};
    case PropertyValue::Kind::Classifier: return {{"type", "ClassifierProp"}, {"name", v.text}};
    case PropertyValue::Kind::Range:
      return {{"type", "RangeProp"},
              {"low", v.elements.size() == 2 ? value(v.elements[0]) : json()},
              {"high", v.elements.size() == 2 ? value(v.elements[1]) : json()}};
    case PropertyValue::Kind::Record: {
      json fields = json::array();
      for (const RecordField& f : v.fields) {
        json values = json::array();
        appendValues(f.value, values);
        fields.push_back({{"type", "Property"}, {"name", nameOf({f.name})}, {"propertyValues", std::move(values)},
                          {"appliesTo", json::array()}});
      }
      return {{"type", "RecordProp"}, {"properties", std::move(fields)}};
    }
    case PropertyValue::Kind::List: break;  // flattened by appendValues
  }
  return json();
}

// AIR holds a list as the property's several values.
void appendValues(const PropertyValue& v, json& out) {
  if (v.kind == PropertyValue::Kind::List) {
    for (const PropertyValue& e : v.elements) out.push_back(value(e));
  } else {
    out.push_back(value(v));
  }
}

json properties(const PropertyMap& map, const std::vector<std::string>& owner) {
  json out = json::array();
  for (const PropertyAssociation& a : map.associations) {
    if (a.isDefault) continue;  // as OSATE: only what the model states
    std::vector<std::string> path = owner;
    path.push_back(a.propertySet + "::" + a.name);
    json values = json::array();
    appendValues(a.value, values);
    out.push_back({{"type", "Property"}, {"name", nameOf(path, &a.location)}, {"propertyValues", std::move(values)},
                   {"appliesTo", json::array()}});
  }
  return out;
}

json classifier(const std::string& name) {
  return name.empty() ? none() : some({{"type", "Classifier"}, {"name", name}});
}

json feature(const FeatureInstance& f) {
  std::vector<std::string> path = split(f.qualifiedName);
  json out{{"identifier", nameOf(path, &f.location)},
           {"category", {{"type", "FeatureCategory"}, {"value", featureCategory(f.category)}}},
           {"classifier", classifier(f.dataClassifierName)},
           {"properties", properties(f.properties, path)},
           {"uriFrag", ""}};
  if (isPort(f.category) || f.direction != Direction::None) {
    out["type"] = "FeatureEnd";
    out["direction"] = {{"type", "Direction"}, {"value", directionName(f.direction)}};
  } else {
    out["type"] = "FeatureAccess";
    out["accessType"] = {{"type", "AccessType"}, {"value", "Requires"}};
    out["accessCategory"] = {{"type", "AccessCategory"}, {"value", camel(toString(f.category))}};
  }
  return out;
}

json endPoint(const FeatureInstance* f, const ComponentInstance* endComponent) {
  if (!f) {  // an access connection's end at a data, bus or subprogram component
    std::vector<std::string> path = endComponent ? split(endComponent->qualifiedName) : std::vector<std::string>{};
    return {{"type", "EndPoint"}, {"component", nameOf(path)}, {"feature", none()}, {"direction", none()}};
  }
  std::vector<std::string> feature = split(f->qualifiedName);
  std::vector<std::string> component(feature.begin(), feature.end() - 1);
  return {{"type", "EndPoint"},
          {"component", nameOf(component)},
          {"feature", some(nameOf(feature))},
          {"direction", f->direction == Direction::None ? none()
                                                        : some({{"type", "Direction"}, {"value", directionName(f->direction)}})}};
}

json component(const ComponentInstance& c, const InstanceModel& model) {
  std::vector<std::string> path = split(c.qualifiedName);
  json features = json::array();
  for (const auto& f : c.features) features.push_back(feature(*f));
  json subcomponents = json::array();
  for (const auto& s : c.subcomponents) subcomponents.push_back(component(*s, model));
  json connectionInstances = json::array();
  if (&c == model.root.get())  // OSATE keeps the semantic connections at the root
    for (const SemanticConnection& s : model.connections) {
      json refs = json::array();
      for (const std::string& declared : s.declaredConnections) {
        std::vector<std::string> name = split(declared);
        std::vector<std::string> context(name.begin(), name.end() - 1);
        refs.push_back({{"type", "ConnectionReference"}, {"name", nameOf(name)}, {"context", nameOf(context)},
                        {"isParent", false}});
      }
      connectionInstances.push_back({{"type", "ConnectionInstance"},
                                     {"name", nameOf({c.qualifiedName, s.name()})},
                                     {"src", endPoint(s.source, s.sourceComponent)},
                                     {"dst", endPoint(s.destination, s.destinationComponent)},
                                     {"kind", {{"type", "ConnectionKind"}, {"value", connectionKind(s.connectionCategory)}}},
                                     {"connectionRefs", std::move(refs)},
                                     {"properties", properties(s.properties, {c.qualifiedName, s.name()})}});
    }
  return {{"type", "Component"},
          {"identifier", nameOf(path, &c.location)},
          {"category", {{"type", "ComponentCategory"}, {"value", componentCategory(c.category)}}},
          {"classifier", classifier(c.classifierName)},
          {"features", std::move(features)},
          {"subComponents", std::move(subcomponents)},
          {"connections", json::array()},
          {"connectionInstances", std::move(connectionInstances)},
          {"properties", properties(c.properties, path)},
          {"flows", json::array()},
          {"modes", json::array()},
          {"annexes", json::array()},
          {"uriFrag", ""}};
}

json dataComponent(const DataClassifier& d) {
  json fields = json::array();
  for (const DataClassifier::Field& f : d.fields)
    fields.push_back({{"type", "Component"},
                      {"identifier", nameOf({f.name}, &f.location)},
                      {"category", {{"type", "ComponentCategory"}, {"value", "Data"}}},
                      {"classifier", classifier(f.type ? f.type->qualifiedName : "")},
                      {"features", json::array()},
                      {"subComponents", json::array()},
                      {"properties", f.type ? properties(f.type->properties, {}) : json::array()}});
  return {{"type", "Component"},
          {"identifier", nameOf({}, &d.location)},
          {"category", {{"type", "ComponentCategory"}, {"value", "Data"}}},
          {"classifier", classifier(d.qualifiedName)},
          {"features", json::array()},
          {"subComponents", std::move(fields)},
          {"connections", json::array()},
          {"connectionInstances", json::array()},
          {"properties", properties(d.properties, {})},
          {"flows", json::array()},
          {"modes", json::array()},
          {"annexes", json::array()},
          {"uriFrag", ""}};
}

}  // namespace

json toAir(const InstanceModel& model) {
  json components = json::array();
  if (model.root) components.push_back(component(*model.root, model));
  json data = json::array();
  for (const auto& [name, d] : model.dataClassifiers) data.push_back(dataComponent(*d));
  return {{"type", "Aadl"}, {"components", std::move(components)}, {"dataComponents", std::move(data)},
          {"annexLib", json::array()}};
}

}  // namespace bulkhead::model
