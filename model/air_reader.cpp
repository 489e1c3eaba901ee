#include "model/air_reader.hpp"

#include "model/declarations.hpp"
#include "model/instance_json.hpp"
#include "model/instantiation.hpp"
#include "model/parser.hpp"
#include "model/predeclared.hpp"
#include "model/property_evaluation.hpp"
#include "model/text_util.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <fstream>
#include <optional>
#include <unordered_map>

namespace bulkhead::model {

namespace {

using nlohmann::json;

// A problem at a JSON pointer; thrown inside the reader only, caught at its
// entry point and turned into a Diagnostic.
struct AirError {
  std::string pointer;
  std::string message;
};

// A cursor that knows its JSON pointer.
class Node {
 public:
  Node(const json& value, std::string pointer) : value_(&value), pointer_(std::move(pointer)) {}

  const json& value() const { return *value_; }
  const std::string& pointer() const { return pointer_; }
  [[noreturn]] void fail(const std::string& message) const { throw AirError{pointer_.empty() ? "/" : pointer_, message}; }

  bool has(const char* key) const { return value_->is_object() && value_->contains(key); }
  Node operator[](const char* key) const {
    if (!value_->is_object()) fail("expected an object");
    auto it = value_->find(key);
    if (it == value_->end()) fail(std::string("missing key '") + key + "'");
    return Node(*it, pointer_ + "/" + key);
  }
  // Members that are optional in files HAMR writes: a missing one is empty.
  std::vector<Node> arrayOrEmpty(const char* key) const {
    if (!has(key)) return {};
    return (*this)[key].array();
  }
  std::vector<Node> array() const {
    if (!value_->is_array()) fail("expected an array");
    std::vector<Node> items;
    items.reserve(value_->size());
    for (size_t i = 0; i < value_->size(); ++i) items.emplace_back((*value_)[i], pointer_ + "/" + std::to_string(i));
    return items;
  }
  std::string string() const {
    if (!value_->is_string()) fail("expected a string");
    return value_->get<std::string>();
  }
  bool boolean() const {
    if (!value_->is_boolean()) fail("expected true or false");
    return value_->get<bool>();
  }
  std::string type() const { return (*this)["type"].string(); }
  // {"type": "Some", "value": X} or {"type": "None"}.
  std::optional<Node> option() const {
    std::string t = type();
    if (t == "None") return std::nullopt;
    if (t != "Some") (*this)["type"].fail("expected \"Some\" or \"None\", found \"" + t + "\"");
    return (*this)["value"];
  }
  // {"type": "Name", "name": ["a", "b"]}
  std::vector<std::string> name() const {
    std::vector<std::string> parts;
    for (const Node& part : (*this)["name"].array()) parts.push_back(part.string());
    return parts;
  }

 private:
  const json* value_;
  std::string pointer_;
};

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ".") + p;
  return out;
}

template <typename E, size_t N>
E enumerationOf(const Node& node, const std::array<std::pair<const char*, E>, N>& names, const char* what) {
  std::string text = node["value"].string();
  for (const auto& [name, value] : names)
    if (text == name) return value;
  node["value"].fail("unknown " + std::string(what) + " '" + text + "'");
}

constexpr std::array<std::pair<const char*, ComponentCategory>, 14> componentCategories{{
    {"System", ComponentCategory::System},           {"Process", ComponentCategory::Process},
    {"Thread", ComponentCategory::Thread},           {"ThreadGroup", ComponentCategory::ThreadGroup},
    {"Processor", ComponentCategory::Processor},     {"VirtualProcessor", ComponentCategory::VirtualProcessor},
    {"Memory", ComponentCategory::Memory},           {"Bus", ComponentCategory::Bus},
    {"VirtualBus", ComponentCategory::VirtualBus},   {"Device", ComponentCategory::Device},
    {"Data", ComponentCategory::Data},               {"Subprogram", ComponentCategory::Subprogram},
    {"SubprogramGroup", ComponentCategory::SubprogramGroup}, {"Abstract", ComponentCategory::Abstract}}};
constexpr std::array<std::pair<const char*, FeatureCategory>, 10> featureCategories{{
    {"DataPort", FeatureCategory::DataPort},         {"EventPort", FeatureCategory::EventPort},
    {"EventDataPort", FeatureCategory::EventDataPort}, {"DataAccess", FeatureCategory::DataAccess},
    {"BusAccess", FeatureCategory::BusAccess},       {"SubprogramAccess", FeatureCategory::SubprogramAccess},
    {"SubprogramGroupAccess", FeatureCategory::SubprogramGroupAccess},
    {"FeatureGroup", FeatureCategory::FeatureGroup}, {"Parameter", FeatureCategory::Parameter},
    {"AbstractFeature", FeatureCategory::AbstractFeature}}};
constexpr std::array<std::pair<const char*, Direction>, 4> directions{
    {{"In", Direction::In}, {"Out", Direction::Out}, {"InOut", Direction::InOut}, {"None", Direction::None}}};
constexpr std::array<std::pair<const char*, ConnectionCategory>, 5> connectionKinds{
    {{"Port", ConnectionCategory::Port}, {"Access", ConnectionCategory::DataAccess},
     {"FeatureGroup", ConnectionCategory::FeatureGroup}, {"Feature", ConnectionCategory::Feature},
     {"Parameter", ConnectionCategory::Parameter}}};

// The property sets bulkhead ships, parsed once per read: the types that
// AIR's untyped values are evaluated against, and the declared defaults.
// Chosen as for AADL text (predeclaredSourcesFor): the standard sets and
// those the file names, so both give an instance the same defaults.
struct PropertySets {
  std::vector<std::unique_ptr<SourceFile>> files;
  std::vector<ast::AadlFile> trees;
  Declarations declarations;
  std::unique_ptr<PropertyEvaluator> evaluator;
  std::vector<PropertyRef> defaulted;

  explicit PropertySets(std::string_view airText) {
    Diagnostics ignored;  // the shipped sets are checked by their own tests
    for (const PredeclaredSource* source : predeclaredSourcesFor({airText}, {}))
      files.push_back(std::make_unique<SourceFile>(std::string(source->name), std::string(source->text)));
    for (const auto& f : files) trees.push_back(parseFile(*f, ignored));
    for (const ast::AadlFile& tree : trees) declarations.addFile(tree, ignored);
    declarations.link(ignored);
    evaluator = std::make_unique<PropertyEvaluator>(declarations);
    for (const ast::PropertySetDecl* set : declarations.propertySets())
      for (const auto& d : set->definitions)
        if (d.defaultValue) defaulted.push_back(PropertyRef{set, &d});
  }
};

class AirReader {
 public:
  AirReader(std::string fileName, std::string_view text) : fileName_(std::move(fileName)), text_(text) {}

  InstanceModel read(const Node& document) {
    if (document.type() != "Aadl") document["type"].fail("expected \"Aadl\", found \"" + document.type() + "\"");
    for (const Node& data : document.arrayOrEmpty("dataComponents")) addDataClassifier(data);
    // The root system instance; older files list the data components here too.
    std::optional<Node> root;
    for (const Node& c : document["components"].array()) {
      if (c["category"]["value"].string() == "Data") addDataClassifier(c);
      else if (root) c.fail("a second root component (the file holds one system instance)");
      else root = c;
    }
    if (!root) document["components"].fail("no root system instance");
    model_.root = component(*root, nullptr, 0);
    for (const auto& [feature, name] : pendingClassifiers_) {
      feature->dataClassifier = model_.dataClassifier(name);
      dropCopiedTypeProperties(*feature);
    }
    for (const Node& c : pendingConnections_) addConnection(c);
    return std::move(model_);
  }

  Diagnostics& warnings() { return warnings_; }

 private:
  static constexpr int kMaxDepth = 64;

  SourceLocation locationOf(const Node& identifier) {
    SourceLocation at{fileName_, 0, 0};
    if (!identifier.has("pos")) return at;
    auto pos = identifier["pos"].option();
    if (!pos) return at;
    if (pos->has("uriOpt"))
      if (auto uri = (*pos)["uriOpt"].option()) at.file = uri->string();
    auto number = [](const Node& n) -> std::uint32_t {
      const json& v = n.value();
      if (!v.is_number_integer()) n.fail("expected an integer");
      auto i = v.get<std::int64_t>();
      return i > 0 && i < (1LL << 31) ? static_cast<std::uint32_t>(i) : 0;
    };
    at.line = number((*pos)["beginLine"]);
    at.column = number((*pos)["beginColumn"]);
    return at;
  }

  // The declaration's offset in its file; files we write have none (0),
  // and keep their order.
  static std::int64_t offsetOf(const Node& identifier) {
    if (!identifier.has("pos")) return 0;
    auto pos = identifier["pos"].option();
    if (!pos || !pos->has("offset") || !(*pos)["offset"].value().is_number_integer()) return 0;
    return (*pos)["offset"].value().get<std::int64_t>();
  }

  static std::string classifierOf(const Node& node) {
    auto c = node["classifier"].option();
    return c ? (*c)["name"].string() : "";
  }

  void addDataClassifier(const Node& node) {
    std::string name = classifierOf(node);
    if (name.empty()) node["classifier"].fail("a data component without a classifier");
    if (model_.dataClassifiers.contains(name)) return;  // HAMR lists each once; a repeat adds nothing
    auto data = std::make_unique<DataClassifier>();
    data->qualifiedName = name;
    data->location = locationOf(node["identifier"]);
    readProperties(node, data->properties);
    fillDefaults(data->properties, "data");
    DataClassifier* raw = data.get();
    model_.dataClassifiers.emplace(name, std::move(data));
    for (const Node& field : node.arrayOrEmpty("subComponents")) {
      std::vector<std::string> path = field["identifier"].name();
      if (path.empty()) field["identifier"]["name"].fail("a record field without a name");
      DataClassifier::Field f;
      f.name = path.back();
      f.location = locationOf(field["identifier"]);
      std::string type = classifierOf(field);
      if (!type.empty()) {
        addDataClassifier(field);  // fields carry their classifier's properties too
        f.type = model_.dataClassifier(type);
      }
      raw->fields.push_back(std::move(f));
    }
  }

  std::unique_ptr<ComponentInstance> component(const Node& node, const ComponentInstance* parent, int depth) {
    if (depth > kMaxDepth) node.fail("components nested deeper than " + std::to_string(kMaxDepth));
    if (node.type() != "Component") node["type"].fail("expected \"Component\", found \"" + node.type() + "\"");
    auto c = std::make_unique<ComponentInstance>();
    std::vector<std::string> path = node["identifier"].name();
    if (path.empty()) node["identifier"]["name"].fail("a component instance without a name");
    c->name = path.back();
    c->qualifiedName = joined(path);
    if (parent && c->qualifiedName != parent->qualifiedName + "." + c->name)
      node["identifier"]["name"].fail("'" + c->qualifiedName + "' is not a subcomponent of '" + parent->qualifiedName + "'");
    c->category = enumerationOf(node["category"], componentCategories, "component category");
    c->classifierName = classifierOf(node);
    c->parent = parent;
    c->location = locationOf(node["identifier"]);
    readProperties(node, c->properties);
    fillDefaults(c->properties, toString(c->category));
    for (const Node& f : node.arrayOrEmpty("features")) c->features.push_back(feature(f, *c));
    // OSATE lists subcomponents in an order of its own; the declaration
    // order (by their offsets in the file) is the text's, which the Plan
    // follows.
    std::vector<std::pair<std::int64_t, std::unique_ptr<ComponentInstance>>> subcomponents;
    for (const Node& s : node.arrayOrEmpty("subComponents"))
      subcomponents.emplace_back(offsetOf(s["identifier"]), component(s, c.get(), depth + 1));
    std::stable_sort(subcomponents.begin(), subcomponents.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [offset, sub] : subcomponents) c->subcomponents.push_back(std::move(sub));
    for (const Node& ci : node.arrayOrEmpty("connectionInstances")) pendingConnections_.push_back(ci);
    return c;
  }

  std::unique_ptr<FeatureInstance> feature(const Node& node, const ComponentInstance& owner) {
    std::string type = node.type();
    if (type != "FeatureEnd" && type != "FeatureAccess")
      node["type"].fail("feature kind \"" + type + "\" is not read (FeatureEnd and FeatureAccess are)");
    auto f = std::make_unique<FeatureInstance>();
    std::vector<std::string> path = node["identifier"].name();
    if (path.empty()) node["identifier"]["name"].fail("a feature without a name");
    f->name = path.back();
    f->qualifiedName = joined(path);
    if (f->qualifiedName != owner.qualifiedName + "." + f->name)
      node["identifier"]["name"].fail("'" + f->qualifiedName + "' is not a feature of '" + owner.qualifiedName + "'");
    f->category = enumerationOf(node["category"], featureCategories, "feature category");
    f->direction = type == "FeatureEnd" ? enumerationOf(node["direction"], directions, "direction") : Direction::None;
    f->dataClassifierName = classifierOf(node);
    if (!f->dataClassifierName.empty()) pendingClassifiers_.emplace_back(f.get(), f->dataClassifierName);
    f->owner = &owner;
    f->location = locationOf(node["identifier"]);
    readProperties(node, f->properties);
    fillDefaults(f->properties, toString(f->category));
    features_[toLower(f->qualifiedName)] = f.get();
    return f;
  }

  // The feature at a connection end; null for an access connection ending at
  // a component (a bus or data subcomponent), which is no semantic connection
  // of ours, as in the AADL text's instance.
  // OSATE copies a port's data type properties (Data_Size,
  // Data_Representation, ...) onto the port; the text's instance keeps them
  // on the data classifier only. A stated port value equal to its type's is
  // such a copy.
  static void dropCopiedTypeProperties(FeatureInstance& feature) {
    if (!feature.dataClassifier) return;
    auto& list = feature.properties.associations;
    std::erase_if(list, [&](const PropertyAssociation& a) {
      if (a.isDefault) return false;
      const PropertyAssociation* typed = feature.dataClassifier->properties.find(a.propertySet, a.name);
      return typed && !typed->isDefault && toJson(typed->value) == toJson(a.value);
    });
  }

  const FeatureInstance* endFeature(const Node& end, bool access) {
    auto feature = end["feature"].option();
    if (!feature) {
      if (access) return nullptr;
      end["feature"].fail("a port connection end without a feature");
    }
    std::string name = joined(feature->name());
    auto it = features_.find(toLower(name));
    if (it == features_.end()) {
      if (access) return nullptr;
      (*feature)["name"].fail("no feature '" + name + "' in the instance");
    }
    return it->second;
  }

  void addConnection(const Node& node) {
    SemanticConnection s;
    s.connectionCategory = enumerationOf(node["kind"], connectionKinds, "connection kind");
    const bool access = s.connectionCategory != ConnectionCategory::Port;
    s.source = endFeature(node["src"], access);
    s.destination = endFeature(node["dst"], access);
    if (!s.source) s.sourceComponent = model_.findComponent(joined(node["src"]["component"].name()));
    if (!s.destination) s.destinationComponent = model_.findComponent(joined(node["dst"]["component"].name()));
    if ((!s.source && !s.sourceComponent) || (!s.destination && !s.destinationComponent))
      node.fail("a connection instance whose ends are neither features nor components of the instance");
    const FeatureInstance* feature = s.source ? s.source : s.destination;
    if (feature) s.category = feature->category;
    if (access) {
      // AIR says only "Access": the kind of access is the feature's.
      const FeatureCategory kind = feature ? feature->category : FeatureCategory::DataAccess;
      s.connectionCategory = kind == FeatureCategory::BusAccess          ? ConnectionCategory::BusAccess
                             : kind == FeatureCategory::SubprogramAccess ? ConnectionCategory::SubprogramAccess
                             : kind == FeatureCategory::SubprogramGroupAccess ? ConnectionCategory::SubprogramGroupAccess
                                                                         : ConnectionCategory::DataAccess;
    }
    for (const Node& ref : node.arrayOrEmpty("connectionRefs")) s.declaredConnections.push_back(joined(ref["name"].name()));
    readProperties(node, s.properties);
    model_.connections.push_back(std::move(s));
  }

  // --- property values -----------------------------------------------------

  // "1.0E12" as a number: an integer expression when it is one (so that an
  // aadlinteger property accepts it), else a real one.
  static ast::PropertyExpr numberExpr(const Node& node) {
    std::string text = node["value"].string();
    // "123.0" exactly (beyond 2^53 a double would round it).
    if (text.size() > 2 && text.ends_with(".0")) {
      std::string digits = text.substr(0, text.size() - 2);
      bool negative = digits[0] == '-';
      if (negative) digits.erase(0, 1);
      if (!digits.empty() && digits.size() < 19 && digits.find_first_not_of("0123456789") == std::string::npos) {
        ast::PropertyExpr e;
        e.kind = ast::PropertyExpr::Kind::Integer;
        e.negative = negative;
        e.text = digits;
        if (node.has("unit"))
          if (auto unit = node["unit"].option()) e.unit.text = unit->string();
        return e;
      }
    }
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) node["value"].fail("'" + text + "' is not a number");
    ast::PropertyExpr e;
    e.negative = v < 0;
    double magnitude = std::fabs(v);
    if (magnitude == std::floor(magnitude) && magnitude < 9.2e18) {
      e.kind = ast::PropertyExpr::Kind::Integer;
      e.text = std::to_string(static_cast<std::int64_t>(magnitude));
    } else {
      e.kind = ast::PropertyExpr::Kind::Real;
      e.text = text[0] == '-' ? text.substr(1) : text;
    }
    if (node.has("unit"))
      if (auto unit = node["unit"].option()) e.unit.text = unit->string();
    return e;
  }

  // A record field's name: OSATE writes it qualified by its record type
  // ("CASE_Scheduling::Domain_Entry.Component"), ours plain ("component").
  static std::string recordFieldName(const Node& field) {
    std::vector<std::string> path = field["name"].name();
    if (path.empty() || path.back().empty()) field["name"]["name"].fail("a record field without a name");
    std::string name = path.back();
    if (auto dot = name.rfind('.'); dot != std::string::npos) name = name.substr(dot + 1);
    if (auto colons = name.rfind("::"); colons != std::string::npos) name = name.substr(colons + 2);
    if (name.empty()) field["name"]["name"].fail("a record field without a name");
    return name;
  }

  // One AIR value as an AADL expression, for the evaluator.
  ast::PropertyExpr expr(const Node& node, const ast::PropertyType* type, int depth) {
    if (depth > kMaxDepth) node.fail("property values nested deeper than " + std::to_string(kMaxDepth));
    using Kind = ast::PropertyExpr::Kind;
    std::string t = node.type();
    ast::PropertyExpr e;
    if (t == "UnitProp") return numberExpr(node);
    if (t == "ValueProp") {
      std::string text = node["value"].string();
      const auto kind = type ? type->kind : ast::PropertyType::Kind::Enumeration;
      if (kind == ast::PropertyType::Kind::Boolean) {
        if (text != "true" && text != "false") node["value"].fail("'" + text + "' is not true or false");
        e.kind = Kind::Boolean;
        e.boolean = text == "true";
      } else if (kind == ast::PropertyType::Kind::String) {
        e.kind = Kind::String;
        e.text = text;
      } else if (kind == ast::PropertyType::Kind::Integer || kind == ast::PropertyType::Kind::Real) {
        return numberExpr(node);
      } else {
        e.kind = Kind::Name;
        e.text = text;
      }
      return e;
    }
    if (t == "RangeProp") {
      e.kind = Kind::Range;
      e.items.push_back(expr(node["low"], nullptr, depth + 1));
      e.items.push_back(expr(node["high"], nullptr, depth + 1));
      return e;
    }
    if (t == "ReferenceProp") {
      e.kind = Kind::Reference;
      for (const std::string& part : node["value"].name()) e.path.push_back(ast::Name{part, {}});
      return e;
    }
    if (t == "RecordProp") {
      e.kind = Kind::Record;
      for (const Node& field : node["properties"].array()) {
        const std::string fieldName = recordFieldName(field);
        const ast::PropertyType* fieldType = nullptr;
        if (type && type->kind == ast::PropertyType::Kind::Record)
          for (const auto& [name, ft] : type->recordFields)
            if (equalsIgnoreCase(name.text, fieldName)) fieldType = resolved(ft.get());
        ast::RecordFieldExpr f{ast::Name{fieldName, {}}, valuesExpr(field, fieldType, depth + 1)};
        e.fields.push_back(std::move(f));
      }
      return e;
    }
    if (t == "ClassifierProp") node.fail("classifier values are read only for known properties");  // see valueOf
    node["type"].fail("unknown property value kind \"" + t + "\"");
  }

  // A property's values: several make a list, as do list-typed properties.
  ast::PropertyExpr valuesExpr(const Node& property, const ast::PropertyType* type, int depth) {
    std::vector<Node> values = property["propertyValues"].array();
    const bool list = type && type->kind == ast::PropertyType::Kind::List;
    const ast::PropertyType* element = list ? resolved(type->element.get()) : type;
    if (!list && values.size() == 1) return expr(values[0], element, depth);
    ast::PropertyExpr e;
    e.kind = ast::PropertyExpr::Kind::List;
    for (const Node& v : values) e.items.push_back(expr(v, element, depth));
    return e;
  }

  const ast::PropertyType* resolved(const ast::PropertyType* type) {
    if (!type || !currentSet_) return type;
    Diagnostics ignored;
    const ast::PropertyType* r = sets().declarations.resolveType(*type, *currentSet_, ignored);
    return r ? r : type;
  }

  // Without a known definition: the value by its form.
  static PropertyValue guessed(const Node& node, int depth) {
    if (depth > kMaxDepth) node.fail("property values nested deeper than " + std::to_string(kMaxDepth));
    PropertyValue v;
    std::string t = node.type();
    if (t == "UnitProp") {
      ast::PropertyExpr e = numberExpr(node);
      if (e.kind == ast::PropertyExpr::Kind::Integer) {
        v.kind = PropertyValue::Kind::Integer;
        v.integer = std::stoll(e.text) * (e.negative ? -1 : 1);
      } else {
        v.kind = PropertyValue::Kind::Real;
        v.real = std::strtod(e.text.c_str(), nullptr) * (e.negative ? -1 : 1);
      }
      v.unit = e.unit.text;
    } else if (t == "ValueProp") {
      std::string text = node["value"].string();
      bool identifier = !text.empty() && (std::isalpha(static_cast<unsigned char>(text[0])) != 0);
      for (char c : text) identifier = identifier && (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_');
      if (text == "true" || text == "false") {
        v.kind = PropertyValue::Kind::Boolean;
        v.boolean = text == "true";
      } else {
        v.kind = identifier ? PropertyValue::Kind::Enumeration : PropertyValue::Kind::String;
        v.text = text;
      }
    } else if (t == "RangeProp") {
      v.kind = PropertyValue::Kind::Range;
      v.elements = {guessed(node["low"], depth + 1), guessed(node["high"], depth + 1)};
    } else if (t == "ReferenceProp") {
      v.kind = PropertyValue::Kind::Reference;
      v.text = joined(node["value"].name());
    } else if (t == "ClassifierProp") {
      v.kind = PropertyValue::Kind::Classifier;
      v.text = node["name"].string();
    } else if (t == "RecordProp") {
      v.kind = PropertyValue::Kind::Record;
      for (const Node& field : node["properties"].array()) {
        const std::string fieldName = recordFieldName(field);
        std::vector<Node> values = field["propertyValues"].array();
        PropertyValue fv;
        if (values.size() == 1) fv = guessed(values[0], depth + 1);
        else {
          fv.kind = PropertyValue::Kind::List;
          for (const Node& e : values) fv.elements.push_back(guessed(e, depth + 1));
        }
        v.fields.push_back(RecordField{fieldName, std::move(fv)});
      }
    } else {
      node["type"].fail("unknown property value kind \"" + t + "\"");
    }
    return v;
  }

  static bool holdsClassifier(const json& value) {
    if (value.is_object()) {
      auto t = value.find("type");
      if (t != value.end() && *t == "ClassifierProp") return true;
      for (const auto& [key, v] : value.items())
        if (holdsClassifier(v)) return true;
    } else if (value.is_array()) {
      for (const auto& v : value)
        if (holdsClassifier(v)) return true;
    }
    return false;
  }

  void readProperties(const Node& owner, PropertyMap& target) {
    for (const Node& property : owner.arrayOrEmpty("properties")) {
      std::vector<std::string> path = property["name"].name();
      if (path.empty()) property["name"]["name"].fail("a property without a name");
      const std::string& qualified = path.back();
      auto colons = qualified.find("::");
      if (colons == std::string::npos || colons == 0 || colons + 2 >= qualified.size())
        property["name"]["name"].fail("property name '" + qualified + "' is not of the form Set::Name");
      PropertyAssociation a;
      a.propertySet = qualified.substr(0, colons);
      a.name = qualified.substr(colons + 2);
      a.location = locationOf(property["name"]);
      a.value = valueOf(property, a);
      target.set(std::move(a));
    }
  }

  PropertyValue valueOf(const Node& property, PropertyAssociation& a) {
    Diagnostics ignored;
    auto ref = sets().declarations.resolveProperty(ast::Name{a.propertySet, {}}, ast::Name{a.name, {}}, nullptr, ignored);
    std::vector<Node> values = property["propertyValues"].array();
    auto byForm = [&] {
      if (values.size() == 1 && !(ref && ref->definition->type && ref->definition->type->kind == ast::PropertyType::Kind::List))
        return guessed(values[0], 0);
      PropertyValue list;
      list.kind = PropertyValue::Kind::List;
      for (const Node& v : values) list.elements.push_back(guessed(v, 0));
      return list;
    };
    if (!ref || !ref->definition->type || holdsClassifier(property["propertyValues"].value())) {
      PropertyValue v = byForm();
      if (ref) {  // keep the declared spelling of a known property
        a.propertySet = ref->set->name.text;
        a.name = ref->definition->name.text;
      }
      return v;
    }
    a.propertySet = ref->set->name.text;
    a.name = ref->definition->name.text;
    currentSet_ = ref->set;
    // The evaluator caches by association: each lives as long as the reader.
    auto& association = associations_.emplace_back();
    association.propertySet = ast::Name{a.propertySet, {}};
    association.name = ast::Name{a.name, {}};
    association.value = valuesExpr(property, resolved(ref->definition->type.get()), 0);
    Diagnostics problems;
    const EvaluatedAssociation& evaluated = sets().evaluator->evaluate(association, nullptr, problems);
    currentSet_ = nullptr;
    if (!evaluated.value) {
      std::string why = problems.items.empty() ? "it does not fit the property's type" : problems.items.front().message;
      property["propertyValues"].fail("the value of " + a.propertySet + "::" + a.name + " is not valid: " + why);
    }
    return *evaluated.value;
  }

  // Declared defaults, as instantiation adds them (OSATE's instance files
  // hold only the values written in the model).
  void fillDefaults(PropertyMap& target, std::string_view element) {
    Diagnostics ignored;
    for (const PropertyRef& ref : sets().defaulted) {
      if (!propertyAppliesTo(*ref.definition, element) || target.find(ref.set->name.text, ref.definition->name.text)) continue;
      if (auto a = sets().evaluator->defaultAssociation(ref, ignored)) target.associations.push_back(std::move(*a));
    }
  }

  PropertySets& sets() {
    if (!sets_) sets_ = std::make_unique<PropertySets>(text_);
    return *sets_;
  }

  std::string fileName_;
  std::string_view text_;  // the whole file: which predeclared sets it names
  InstanceModel model_;
  Diagnostics warnings_;
  std::unique_ptr<PropertySets> sets_;
  const ast::PropertySetDecl* currentSet_ = nullptr;
  std::deque<ast::PropertyAssociationDecl> associations_;
  std::unordered_map<std::string, const FeatureInstance*> features_;
  std::vector<std::pair<FeatureInstance*, std::string>> pendingClassifiers_;
  std::vector<Node> pendingConnections_;
};

Diagnostic airError(const std::string& file, std::string message) {
  Diagnostic d;
  d.severity = Severity::Error;
  d.location.file = file;
  d.message = std::move(message);
  return d;
}

}  // namespace

bool isAirFile(const std::filesystem::path& file) { return file.extension() == ".json"; }

namespace {

// The line and column of a byte offset, for a diagnostic's location.
Diagnostic airErrorAt(const std::string& file, std::string_view text, size_t offset, std::string message) {
  Diagnostic d = airError(file, std::move(message));
  std::uint32_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') { ++line; column = 1; }
    else ++column;
  }
  d.location.line = line;
  d.location.column = column;
  return d;
}

}  // namespace

std::expected<InstanceModel, Diagnostics> readAirInstance(std::string_view text, const std::string& fileName) {
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& e) {
    // nlohmann counts the failing byte from 1.
    size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    return std::unexpected(Diagnostics{{airErrorAt(fileName, text, offset, "not JSON: " + std::string(e.what()))}});
  } catch (const json::out_of_range& e) {
    // A number beyond a double's range (error 406) carries no position; the
    // message quotes the number, so it is located at its first occurrence.
    std::string_view what = e.what();
    std::string_view number;
    if (auto open = what.find("parsing '"); open != std::string_view::npos) {
      number = what.substr(open + 9);
      number = number.substr(0, number.rfind('\''));
    }
    size_t offset = number.empty() ? std::string_view::npos : text.find(number);
    Diagnostic d = offset == std::string_view::npos
                       ? airError(fileName, "not JSON: a number is too large")
                       : airErrorAt(fileName, text, offset, "not JSON: a number is too large");
    return std::unexpected(Diagnostics{{std::move(d)}});
  }
  AirReader reader(fileName, text);
  try {
    InstanceModel model = reader.read(Node(document, ""));
    model.warnings = std::move(reader.warnings());
    return model;
  } catch (const AirError& e) {
    return std::unexpected(Diagnostics{{airError(fileName, e.pointer + ": " + e.message)}});
  }
}

std::expected<InstanceModel, Diagnostics> loadAirFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(file, ec))
    return std::unexpected(Diagnostics{{airError(file.string(), "cannot read the instance file")}});
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return readAirInstance(text, file.string());
}

}  // namespace bulkhead::model
