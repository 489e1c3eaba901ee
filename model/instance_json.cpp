#include "model/instance_json.hpp"

namespace bulkhead::model {

namespace {

using nlohmann::json;

const char* kindName(PropertyValue::Kind kind) {
  switch (kind) {
    case PropertyValue::Kind::Integer: return "integer";
    case PropertyValue::Kind::Real: return "real";
    case PropertyValue::Kind::Boolean: return "boolean";
    case PropertyValue::Kind::String: return "string";
    case PropertyValue::Kind::Enumeration: return "enumeration";
    case PropertyValue::Kind::Range: return "range";
    case PropertyValue::Kind::List: return "list";
    case PropertyValue::Kind::Record: return "record";
    case PropertyValue::Kind::Reference: return "reference";
    case PropertyValue::Kind::Classifier: return "classifier";
  }
  return "value";
}

json properties(const PropertyMap& map) {
  json out = json::object();
  for (const PropertyAssociation& a : map.associations) {
    json v = toJson(a.value);
    if (a.isDefault) v["default"] = true;
    out[a.propertySet + "::" + a.name] = std::move(v);
  }
  return out;
}

json feature(const FeatureInstance& f) {
  json out{{"name", f.name},
           {"qualifiedName", f.qualifiedName},
           {"category", std::string(toString(f.category))},
           {"properties", properties(f.properties)}};
  if (f.direction != Direction::None) out["direction"] = std::string(toString(f.direction));
  if (!f.dataClassifierName.empty()) out["dataClassifier"] = f.dataClassifierName;
  if (f.category == FeatureCategory::FeatureGroup) {
    json members = json::array();
    for (const auto& m : f.members) members.push_back(feature(*m));
    out["features"] = std::move(members);
  }
  return out;
}

json component(const ComponentInstance& c) {
  json out{{"name", c.name},
           {"qualifiedName", c.qualifiedName},
           {"category", std::string(toString(c.category))},
           {"classifier", c.classifierName},
           {"properties", properties(c.properties)}};
  json features = json::array();
  for (const auto& f : c.features) features.push_back(feature(*f));
  out["features"] = std::move(features);
  if (!c.callSequences.empty()) out["callSequences"] = c.callSequences;
  json subcomponents = json::array();
  for (const auto& s : c.subcomponents) subcomponents.push_back(component(*s));
  out["subcomponents"] = std::move(subcomponents);
  return out;
}

void textComponent(const ComponentInstance& c, int depth, std::string& out) {
  std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
  out += indent + std::string(toString(c.category)) + " " + c.qualifiedName;
  if (!c.classifierName.empty()) out += " : " + c.classifierName;
  out += "\n";
  for (const PropertyAssociation& a : c.properties.associations)
    if (!a.isDefault) out += indent + "    " + a.propertySet + "::" + a.name + " => " + a.value.toString() + "\n";
  for (const auto& f : c.features) {
    out += indent + "  feature " + f->name + ": ";
    if (f->direction != Direction::None) out += std::string(toString(f->direction)) + " ";
    out += std::string(toString(f->category));
    if (!f->dataClassifierName.empty()) out += " " + f->dataClassifierName;
    out += "\n";
    for (const PropertyAssociation& a : f->properties.associations)
      out += indent + "      " + a.propertySet + "::" + a.name + " => " + a.value.toString() +
             (a.isDefault ? "  (default)" : "") + "\n";
  }
  for (const auto& s : c.subcomponents) textComponent(*s, depth + 1, out);
}

}  // namespace

json toJson(const PropertyValue& v) {
  json out{{"kind", kindName(v.kind)}};
  switch (v.kind) {
    case PropertyValue::Kind::Integer: out["value"] = v.integer; break;
    case PropertyValue::Kind::Real: out["value"] = v.real; break;
    case PropertyValue::Kind::Boolean: out["value"] = v.boolean; break;
    case PropertyValue::Kind::String:
    case PropertyValue::Kind::Enumeration:
    case PropertyValue::Kind::Reference:
    case PropertyValue::Kind::Classifier: out["value"] = v.text; break;
    case PropertyValue::Kind::Range:
      if (v.elements.size() == 2) {
        out["min"] = toJson(v.elements[0]);
        out["max"] = toJson(v.elements[1]);
      }
      break;
    case PropertyValue::Kind::List: {
      json items = json::array();
      for (const PropertyValue& e : v.elements) items.push_back(toJson(e));
      out["items"] = std::move(items);
      break;
    }
    case PropertyValue::Kind::Record: {
      json fields = json::object();
      for (const RecordField& f : v.fields) fields[f.name] = toJson(f.value);
      out["fields"] = std::move(fields);
      break;
    }
  }
  if (!v.unit.empty()) out["unit"] = v.unit;
  return out;
}

json toJson(const InstanceModel& model) {
  json out = json::object();
  out["root"] = model.root ? component(*model.root) : json(nullptr);
  json connections = json::array();
  for (const SemanticConnection& s : model.connections) {
    json c{{"name", s.name()},
           {"source", s.sourceName()},
           {"destination", s.destinationName()},
           {"kind", std::string(toString(s.connectionCategory))},
           {"category", std::string(toString(s.category))},
           {"declaredConnections", s.declaredConnections},
           {"properties", properties(s.properties)}};
    if (s.source && !s.source->dataClassifierName.empty()) c["dataClassifier"] = s.source->dataClassifierName;
    connections.push_back(std::move(c));
  }
  out["connections"] = std::move(connections);
  json data = json::object();
  for (const auto& [name, d] : model.dataClassifiers) {
    json fields = json::array();
    for (const DataClassifier::Field& f : d->fields)
      fields.push_back({{"name", f.name}, {"classifier", f.type ? f.type->qualifiedName : ""}});
    data[name] = {{"properties", properties(d->properties)}, {"fields", std::move(fields)}};
  }
  out["dataClassifiers"] = std::move(data);
  return out;
}

std::string toText(const InstanceModel& model) {
  std::string out;
  if (model.root) textComponent(*model.root, 0, out);
  out += "semantic connections:\n";
  for (const SemanticConnection& s : model.connections) {
    out += "  " + s.name() + " (" + std::string(toString(s.category));
    if (s.source && !s.source->dataClassifierName.empty()) out += " " + s.source->dataClassifierName;
    out += ")\n";
  }
  return out;
}

}  // namespace bulkhead::model
