#include "model/instantiation.hpp"

#include "model/arrays.hpp"
#include "model/text_util.hpp"

#include <algorithm>
#include <unordered_set>

namespace bulkhead::model {

namespace {

using ast::diagnosticAt;

// A contained property association on its way down to its target.
struct Pending {
  const ast::PropertyAssociationDecl* association;
  const std::vector<ast::Name>* path;
  std::size_t index;                 // path[index] names something inside the current component
  const ComponentInstance* anchor;   // the paths start here
  const ComponentInstance* referenceAnchor;  // references are relative to the implementation it was written in
  int depth;                         // of the anchor; outer (smaller) wins
  const ast::PackageDecl* from;
};

bool isFeatureWord(std::string_view word) {
  return word.ends_with("port") || word.ends_with("access") || word == "feature group" || word == "parameter" ||
         word == "feature";
}

class Builder {
 public:
  Builder(const Declarations& declarations, PropertyEvaluator& evaluator, Diagnostics& diagnostics)
      : declarations_(declarations), evaluator_(evaluator), diagnostics_(diagnostics) {
    for (const ast::PropertySetDecl* set : declarations.propertySets())
      for (const auto& d : set->definitions) {
        PropertyRef ref{set, &d};
        if (d.defaultValue) defaulted_.push_back(ref);
        byKey_[toLower(set->name.text) + "::" + toLower(d.name.text)] = ref;
      }
  }

  Instantiation run(const ast::ClassifierDecl& root) {
    Instantiation result;
    result_ = &result;
    auto instance = std::make_unique<ComponentInstance>();
    instance->category = root.category;
    instance->name = rootInstanceName(root);
    instance->qualifiedName = instance->name;
    instance->classifierName = Declarations::qualifiedName(root);
    instance->location = ast::toSourceLocation(root.loc);
    build(*instance, &root, nullptr, {}, 0);
    result.model.root = std::move(instance);
    return result;
  }

 private:
  void applyValue(PropertyMap& target, const ast::PropertyAssociationDecl& a, const ast::PackageDecl* from,
                  const ComponentInstance* anchor, std::string_view element) {
    if (a.inBinding) return;  // binding-specific values: parsed, not instantiated
    const EvaluatedAssociation& e = evaluator_.evaluate(a, from, diagnostics_);
    if (!e.value) return;
    const ast::PropertyDefinition& def = *e.property.definition;
    if (!propertyAppliesTo(def, element) && warnedApplies_.insert(&a).second)
      diagnostics_.items.push_back(diagnosticAt(Severity::Warning, a.name.loc,
                                                "property '" + e.property.set->name.text + "::" + def.name.text +
                                                    "' does not apply to " + withArticle(element)));
    PropertyAssociation association;
    association.propertySet = e.property.set->name.text;
    association.name = def.name.text;
    association.value = *e.value;
    association.location = ast::toSourceLocation(a.loc);
    anchorReferences(association.value, anchor);
    if (a.append) {
      if (const PropertyValue* existing = target.lookup(association.propertySet, association.name);
          existing && existing->kind == PropertyValue::Kind::List && association.value.kind == PropertyValue::Kind::List) {
        PropertyValue merged = *existing;
        for (auto& item : association.value.elements) merged.elements.push_back(item);
        association.value = std::move(merged);
      }
    }
    target.set(std::move(association));
  }

  static void anchorReferences(PropertyValue& value, const ComponentInstance* anchor) {
    if (value.kind == PropertyValue::Kind::Reference && anchor) value.text = anchor->qualifiedName + "." + value.text;
    for (auto& e : value.elements) anchorReferences(e, anchor);
    for (auto& f : value.fields) anchorReferences(f.value, anchor);
  }

  // Inherited values from the enclosing component, then declared defaults.
  void fillInheritedAndDefaults(PropertyMap& target, const PropertyMap* parent, std::string_view element) {
    if (parent) {
      for (const PropertyAssociation& a : parent->associations) {
        if (a.isDefault || target.find(a.propertySet, a.name)) continue;
        auto it = byKey_.find(toLower(a.propertySet) + "::" + toLower(a.name));
        if (it == byKey_.end() || !it->second.definition->inherit) continue;
        if (!propertyAppliesTo(*it->second.definition, element)) continue;
        target.associations.push_back(a);
      }
    }
    auto [applicable, fresh] = defaultsByElement_.try_emplace(std::string(element));
    if (fresh)
      for (const PropertyRef& ref : defaulted_)
        if (propertyAppliesTo(*ref.definition, element)) applicable->second.push_back(ref);
    for (const PropertyRef& ref : applicable->second) {
      if (target.find(ref.set->name.text, ref.definition->name.text)) continue;
      if (auto a = evaluator_.defaultAssociation(ref, diagnostics_)) target.associations.push_back(std::move(*a));
    }
  }

  const ast::ClassifierDecl* resolveQuietly(const ast::ClassifierRef& ref, const ast::ClassifierDecl* owner) {
    if (!ref.present() || !owner || !owner->package) return nullptr;
    Diagnostics ignored;  // declaration checks report these once
    return declarations_.resolveClassifier(ref, *owner->package, ignored);
  }

  // A classifier reference written in `owner` for an element of `instance`: a
  // prototype name takes the classifier bound to it for this instance (by the
  // subcomponent, the implementation or an extends clause), else its constraint.
  const ast::ClassifierDecl* resolveIn(const ast::ClassifierRef& ref, const ast::ClassifierDecl* owner,
                                       const ComponentInstance* instance) {
    const ast::PrototypeDecl* proto = declarations_.prototypeNamedBy(ref, owner);
    if (!proto) return resolveQuietly(ref, owner);
    if (instance)
      if (auto b = bindings_.find(instance); b != bindings_.end())
        if (auto it = b->second.find(toLower(ref.type)); it != b->second.end() && it->second) return it->second;
    return resolveQuietly(proto->constraint, owner);
  }

  // The prototype bindings in force inside `instance`: its subcomponent's
  // (actuals naming the parent's prototypes take the parent's bindings), then
  // its classifiers', nearest first (a refinement overrides what it extends).
  void bindPrototypes(const ComponentInstance& instance, const ast::ClassifierDecl* classifier,
                      const ast::SubcomponentDecl* declaration) {
    Bindings bound;
    auto bind = [&](const std::vector<ast::PrototypeBindingDecl>& list, const ast::ClassifierDecl* writtenIn,
                    const Bindings* context) {
      for (const ast::PrototypeBindingDecl& b : list) {
        std::string key = toLower(b.formal.text);
        if (bound.contains(key) || !b.actual.present()) continue;
        const ast::ClassifierDecl* value = nullptr;
        if (declarations_.prototypeNamedBy(b.actual, writtenIn)) {
          if (context)
            if (auto it = context->find(toLower(b.actual.type)); it != context->end()) value = it->second;
        } else {
          value = resolveQuietly(b.actual, writtenIn);
        }
        if (value) bound.emplace(key, value);
      }
    };
    if (declaration && instance.parent) {
      auto outer = bindings_.find(instance.parent);
      bind(declaration->bindings, declaration->owner, outer == bindings_.end() ? nullptr : &outer->second);
    }
    if (classifier) {
      std::vector<const ast::ClassifierDecl*> nearestFirst = declarations_.lineage(*classifier);
      std::reverse(nearestFirst.begin(), nearestFirst.end());
      if (const ast::ClassifierDecl* type = declarations_.typeOf(*classifier); type && type != classifier) {
        auto types = declarations_.lineage(*type);
        nearestFirst.insert(nearestFirst.end(), types.rbegin(), types.rend());
      }
      for (const ast::ClassifierDecl* level : nearestFirst) bind(level->bindings, level, &bound);
    }
    if (!bound.empty()) bindings_[&instance] = std::move(bound);
  }

  const DataClassifier* dataClassifier(const ast::ClassifierDecl& decl, int depth = 0) {
    std::string name = Declarations::qualifiedName(decl);
    auto& table = result_->model.dataClassifiers;
    if (auto it = table.find(name); it != table.end()) return it->second.get();
    auto data = std::make_unique<DataClassifier>();
    DataClassifier* raw = data.get();
    table.emplace(name, std::move(data));  // registered first: recursive records terminate
    raw->qualifiedName = name;
    raw->location = ast::toSourceLocation(decl.loc);
    std::vector<const ast::ClassifierDecl*> levels;
    if (const ast::ClassifierDecl* type = declarations_.typeOf(decl))
      for (auto* level : declarations_.lineage(*type)) levels.push_back(level);
    if (decl.isImplementation)
      for (auto* level : declarations_.lineage(decl)) levels.push_back(level);
    for (const ast::ClassifierDecl* level : levels)
      for (const auto& a : level->properties)
        if (a.appliesTo.empty()) applyValue(raw->properties, a, level->package, nullptr, "data");
    fillInheritedAndDefaults(raw->properties, nullptr, "data");
    if (depth < 16) {
      // Classifiers named by properties (Data_Model::Base_Type of an array) are looked up downstream too.
      for (const PropertyAssociation& a : raw->properties.associations) includeClassifiers(a.value, depth);
      for (const ast::SubcomponentDecl* s : declarations_.subcomponents(decl)) {
        DataClassifier::Field field{s->name.text, nullptr, ast::toSourceLocation(s->name.loc), {}};
        if (auto sizes = arraySizes(s->dimensions, s->name, declarations_, diagnostics_)) field.dimensions = *sizes;
        if (const ast::ClassifierDecl* fieldType = resolveQuietly(s->classifier, s->owner))
          field.type = dataClassifier(*fieldType, depth + 1);
        raw->fields.push_back(std::move(field));
      }
    }
    return raw;
  }

  void includeClassifiers(const PropertyValue& value, int depth) {
    if (value.kind == PropertyValue::Kind::Classifier) {
      std::size_t colons = value.text.rfind("::");
      if (colons != std::string::npos)
        if (const ast::ClassifierDecl* decl =
                declarations_.findClassifier(value.text.substr(0, colons), value.text.substr(colons + 2));
            decl && decl->category == ComponentCategory::Data)
          dataClassifier(*decl, depth + 1);
    }
    for (const PropertyValue& e : value.elements) includeClassifiers(e, depth);
  }

  // Contained associations written at `anchor`'s level, starting their walk down.
  void collectContained(const std::vector<ast::PropertyAssociationDecl>& associations, const ast::PackageDecl* from,
                        const ComponentInstance& anchor, const ComponentInstance* referenceAnchor, int depth,
                        std::vector<Pending>& out) {
    for (const auto& a : associations)
      for (const auto& path : a.appliesTo) out.push_back({&a, &path, 0, &anchor, referenceAnchor, depth, from});
  }

  void applyPending(PropertyMap& target, std::vector<const Pending*> matches, std::string_view element) {
    // Inner declarations first so the outermost one wins, as AADL specifies.
    std::stable_sort(matches.begin(), matches.end(),
                     [](const Pending* a, const Pending* b) { return a->depth > b->depth; });
    for (const Pending* p : matches) applyValue(target, *p->association, p->from, p->referenceAnchor, element);
  }

  // The features of a feature group, from its feature group type.
  void addMembers(FeatureInstance& group, const ast::FeatureDecl& declaration, const ComponentInstance& instance,
                  bool flip, int depth) {
    const ast::ClassifierDecl* type = resolveIn(declaration.classifier, declaration.owner, &instance);
    if (!type || !type->isFeatureGroupType || depth > 16) return;
    bool flipped = flip;
    for (const ast::FeatureDecl* m : declarations_.featureGroupMembers(*type, flipped)) {
      auto sizes = arraySizes(m->dimensions, m->name, declarations_, diagnostics_);
      if (!sizes) continue;
      for (const std::vector<std::int64_t>& indices : arrayElements(*sizes)) {
        auto member = std::make_unique<FeatureInstance>();
        member->name = m->name.text + indexSuffix(indices);
        member->indices = indices;
        member->arraySizes = *sizes;
        member->qualifiedName = group.qualifiedName + "." + member->name;
        member->category = m->category;
        member->direction = !flipped                         ? m->direction
                            : m->direction == Direction::In  ? Direction::Out
                            : m->direction == Direction::Out ? Direction::In
                                                             : m->direction;
        member->owner = &instance;
        member->group = &group;
        member->location = ast::toSourceLocation(m->name.loc);
        if (const ast::ClassifierDecl* data = resolveIn(m->classifier, m->owner, &instance)) {
          member->dataClassifierName = Declarations::qualifiedName(*data);
          if (data->category == ComponentCategory::Data) member->dataClassifier = dataClassifier(*data);
        }
        std::string word(toString(m->category));
        const ast::PackageDecl* from = m->owner ? m->owner->package : nullptr;
        for (const auto& a : m->properties) applyValue(member->properties, a, from, &instance, word);
        fillInheritedAndDefaults(member->properties, nullptr, word);
        if (m->category == FeatureCategory::FeatureGroup) addMembers(*member, *m, instance, flipped != m->inverse, depth + 1);
        group.members.push_back(std::move(member));
      }
    }
  }

  void build(ComponentInstance& instance, const ast::ClassifierDecl* classifier,
             const ast::SubcomponentDecl* declaration, std::vector<Pending> pending, int depth) {
    if (depth > 64) {
      diagnostics_.items.push_back(diagnosticAt(Severity::Error, declaration ? declaration->name.loc : ast::Loc{},
                                                "component nesting too deep (a classifier contains itself?)"));
      return;
    }
    std::string element(toString(instance.category));
    if (classifier) result_->classifierOf[&instance] = classifier;
    bindPrototypes(instance, classifier, declaration);
    std::vector<Pending> contained;
    // Own properties: type lineage, then implementation lineage, then the subcomponent declaration.
    std::vector<const ast::ClassifierDecl*> levels;
    if (classifier) {
      if (const ast::ClassifierDecl* type = declarations_.typeOf(*classifier))
        for (auto* level : declarations_.lineage(*type)) levels.push_back(level);
      if (classifier->isImplementation)
        for (auto* level : declarations_.lineage(*classifier)) levels.push_back(level);
    }
    for (const ast::ClassifierDecl* level : levels) {
      for (const ast::Name& sequence : level->callSequences) instance.callSequences.push_back(sequence.text);
      if (level->modes && !instance.modes) instance.modes = ast::toSourceLocation(*level->modes);
    }
    for (const ast::ClassifierDecl* level : levels) {
      for (const auto& a : level->properties)
        if (a.appliesTo.empty()) applyValue(instance.properties, a, level->package, &instance, element);
      collectContained(level->properties, level->package, instance, &instance, depth, contained);
    }
    if (declaration) {
      const ast::PackageDecl* from = declaration->owner ? declaration->owner->package : nullptr;
      for (const auto& a : declaration->properties)
        if (a.appliesTo.empty()) applyValue(instance.properties, a, from, instance.parent, element);
      collectContained(declaration->properties, from, instance, instance.parent, depth, contained);
    }
    // Contained associations that named this component arrive with index == path size.
    std::vector<const Pending*> here;
    std::vector<Pending> below;
    for (const Pending& p : pending) {
      if (p.index == p.path->size()) here.push_back(&p);
      else below.push_back(p);
    }
    applyPending(instance.properties, here, element);
    fillInheritedAndDefaults(instance.properties, instance.parent ? &instance.parent->properties : nullptr, element);
    for (Pending& p : contained) below.push_back(p);

    // Index what is still travelling by the next name on its path.
    std::unordered_map<std::string, std::vector<Pending>> byName;
    for (const Pending& p : below) byName[toLower((*p.path)[p.index].text)].push_back(p);
    std::unordered_set<std::string> used;

    if (classifier) {
      for (const ast::FeatureDecl* f : declarations_.features(*classifier)) {
        auto sizes = arraySizes(f->dimensions, f->name, declarations_, diagnostics_);
        if (!sizes) continue;
        for (const std::vector<std::int64_t>& indices : arrayElements(*sizes)) {
          auto feature = std::make_unique<FeatureInstance>();
          feature->name = f->name.text + indexSuffix(indices);
          feature->indices = indices;
          feature->arraySizes = *sizes;
          feature->qualifiedName = instance.qualifiedName + "." + feature->name;
          feature->category = f->category;
          feature->direction = f->direction;
          feature->owner = &instance;
          feature->location = ast::toSourceLocation(f->name.loc);
          if (const ast::ClassifierDecl* data = resolveIn(f->classifier, f->owner, &instance)) {
            feature->dataClassifierName = Declarations::qualifiedName(*data);
            if (data->category == ComponentCategory::Data) feature->dataClassifier = dataClassifier(*data);
          }
          std::string word(toString(f->category));
          const ast::PackageDecl* from = f->owner ? f->owner->package : nullptr;
          for (const auto& a : f->properties) applyValue(feature->properties, a, from, &instance, word);
          std::string key = toLower(f->name.text);
          if (auto it = byName.find(key); it != byName.end()) {
            std::vector<const Pending*> matches;
            for (const Pending& p : it->second)
              if (p.index + 1 == p.path->size()) matches.push_back(&p);
            applyPending(feature->properties, matches, word);
            used.insert(key);
          }
          fillInheritedAndDefaults(feature->properties, nullptr, word);
          if (f->category == FeatureCategory::FeatureGroup) addMembers(*feature, *f, instance, f->inverse, 0);
          instance.features.push_back(std::move(feature));
        }
      }
      for (const ast::SubcomponentDecl* s : declarations_.subcomponents(*classifier)) {
        auto sizes = arraySizes(s->dimensions, s->name, declarations_, diagnostics_);
        if (!sizes) continue;
        for (const std::vector<std::int64_t>& indices : arrayElements(*sizes)) {
          auto child = std::make_unique<ComponentInstance>();
          child->category = s->category;
          child->name = s->name.text + indexSuffix(indices);
          child->indices = indices;
          child->arraySizes = *sizes;
          child->qualifiedName = instance.qualifiedName + "." + child->name;
          child->parent = &instance;
          child->location = ast::toSourceLocation(s->name.loc);
          const ast::ClassifierDecl* childClassifier = resolveIn(s->classifier, s->owner, &instance);
          if (childClassifier) child->classifierName = Declarations::qualifiedName(*childClassifier);
          std::vector<Pending> forChild;
          std::string key = toLower(s->name.text);
          if (auto it = byName.find(key); it != byName.end()) {
            for (Pending p : it->second) {
              ++p.index;
              forChild.push_back(p);
            }
            used.insert(key);
          }
          ComponentInstance* raw = child.get();
          instance.subcomponents.push_back(std::move(child));
          build(*raw, childClassifier, s, std::move(forChild), depth + 1);
        }
      }
      for (const ast::ConnectionDecl* k : declarations_.connections(*classifier)) {
        ConnectionInstance connection{&instance, k, {}, declarations_.connectionWithEnds(*k)};
        if (!connection.ends) continue;  // a refinement of nothing: reported by the declaration checks
        const ast::PackageDecl* from = k->owner ? k->owner->package : nullptr;
        std::string word = k->category == ConnectionCategory::Port ? "port connection" : "connection";
        for (const auto& a : k->properties) applyValue(connection.properties, a, from, &instance, word);
        std::string key = toLower(k->name.text);
        if (auto it = byName.find(key); it != byName.end()) {
          std::vector<const Pending*> matches;
          for (const Pending& p : it->second)
            if (p.index + 1 == p.path->size()) matches.push_back(&p);
          applyPending(connection.properties, matches, word);
          used.insert(key);
        }
        result_->connections.push_back(std::move(connection));
      }
    }
    for (const auto& [key, list] : byName) {
      if (used.contains(key)) continue;
      for (const Pending& p : list) {
        // A flow (specification or end-to-end): OSATE keeps its properties on flow
        // instances; bulkhead instantiates no flows, so the value has nowhere to go.
        if (classifier && p.index + 1 == p.path->size() && namesFlow(*classifier, key)) continue;
        const ast::Name& missing = (*p.path)[p.index];
        if (!reportedPaths_.insert({p.association, &missing}).second) continue;
        diagnostics_.items.push_back(diagnosticAt(Severity::Error, missing.loc,
                                                  "'applies to' names '" + missing.text +
                                                      "', which is no subcomponent, feature or connection of '" +
                                                      instance.qualifiedName + "'"));
      }
    }
  }

  bool namesFlow(const ast::ClassifierDecl& classifier, std::string_view key) const {
    std::vector<const ast::ClassifierDecl*> levels = declarations_.lineage(classifier);
    if (const ast::ClassifierDecl* type = declarations_.typeOf(classifier); type && type != &classifier)
      for (const ast::ClassifierDecl* t : declarations_.lineage(*type)) levels.push_back(t);
    for (const ast::ClassifierDecl* level : levels)
      for (const ast::Name& flow : level->flowNames)
        if (equalsIgnoreCase(flow.text, key)) return true;
    return false;
  }

  struct PairHash {
    std::size_t operator()(const std::pair<const void*, const void*>& p) const {
      return std::hash<const void*>()(p.first) * 31 + std::hash<const void*>()(p.second);
    }
  };

  using Bindings = std::unordered_map<std::string, const ast::ClassifierDecl*>;  // prototype (lower case) -> actual

  const Declarations& declarations_;
  PropertyEvaluator& evaluator_;
  std::unordered_map<const ComponentInstance*, Bindings> bindings_;
  Diagnostics& diagnostics_;
  Instantiation* result_ = nullptr;
  std::vector<PropertyRef> defaulted_;
  std::unordered_map<std::string, std::vector<PropertyRef>> defaultsByElement_;  // by category word
  std::unordered_map<std::string, PropertyRef> byKey_;
  std::unordered_set<const ast::PropertyAssociationDecl*> warnedApplies_;
  std::unordered_set<std::pair<const void*, const void*>, PairHash> reportedPaths_;
};

}  // namespace

bool propertyAppliesTo(const ast::PropertyDefinition& definition, std::string_view element) {
  bool feature = isFeatureWord(element);
  bool port = element.ends_with("port");
  bool connection = element.ends_with("connection");
  for (const std::string& word : definition.appliesTo) {
    if (word == "all" || word == element) return true;
    if (feature && word == "feature") return true;
    if (port && word == "port") return true;
    if (connection && word == "connection") return true;
    // Words naming any component: "classifier", "subcomponent", "component implementation".
    if (!feature && !connection &&
        (word == "classifier" || word == "subcomponent" || word == "component implementation"))
      return true;
    // "subprogram classifier", "processor classifier": classifier-valued targets.
    if (word.ends_with(" classifier") && word.substr(0, word.size() - 11) == element) return true;
  }
  return false;
}

std::string rootInstanceName(const ast::ClassifierDecl& implementation) {
  std::string name = implementation.name();
  std::replace(name.begin(), name.end(), '.', '_');
  return name + "_Instance";
}

Instantiation instantiate(const ast::ClassifierDecl& root, const Declarations& declarations,
                          PropertyEvaluator& evaluator, Diagnostics& diagnostics) {
  return Builder(declarations, evaluator, diagnostics).run(root);
}

}  // namespace bulkhead::model
