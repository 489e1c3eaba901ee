#include "model/declaration_checks.hpp"

#include "model/text_util.hpp"

#include <unordered_map>

namespace bulkhead::model {

namespace {

using ast::diagnosticAt;

std::string joined(const std::vector<ast::Name>& parts) {
  std::string out;
  for (const ast::Name& p : parts) out += (out.empty() ? "" : ".") + p.text;
  return out;
}

// A `with` nothing declares: the model is missing a file (bulkhead ships the sets of
// AADL, OSATE and the tool chains README.md lists; a name outside them must come with the model).
std::string unresolvedWith(const std::string& name) {
  return "unresolved package or property set '" + name +
         "': none of the model's files declares it, and it is not one bulkhead ships (AADL's and OSATE's, and "
         "those of HAMR, BriefCASE, CASE's trusted build, Ocarina and FACE; README.md lists them): add the file "
         "that declares it to the model";
}

class Checker {
 public:
  Checker(const Declarations& declarations, PropertyEvaluator& evaluator, Diagnostics& diagnostics)
      : declarations_(declarations), evaluator_(evaluator), diagnostics_(diagnostics) {}

  void run() {
    for (const ast::PropertySetDecl* set : declarations_.propertySets()) {
      for (const ast::Name& w : set->withs)
        if (!declarations_.findPropertySet(w.text) && !declarations_.findPackage(w.text))
          error(w.loc, unresolvedWith(w.text));
      evaluator_.checkPropertySet(*set, diagnostics_);
    }
    for (const ast::PackageDecl* p : declarations_.packages()) checkPackage(*p);
    for (const ast::PackageDecl* p : declarations_.packages())
      for (const auto& c : p->classifiers)
        if (c->isImplementation) checkContainment(*c);
  }

 private:
  void error(const ast::Loc& loc, std::string message) {
    diagnostics_.items.push_back(diagnosticAt(Severity::Error, loc, std::move(message)));
  }
  void warning(const ast::Loc& loc, std::string message) {
    diagnostics_.items.push_back(diagnosticAt(Severity::Warning, loc, std::move(message)));
  }

  void properties(const std::vector<ast::PropertyAssociationDecl>& associations, const ast::PackageDecl& from) {
    for (const auto& a : associations) {
      evaluator_.evaluate(a, &from, diagnostics_);
      if (a.inModes) warning(a.loc, "'in modes' is ignored: modes are not supported, the value always applies");
    }
  }

  void checkPackage(const ast::PackageDecl& p) {
    for (const auto* withs : {&p.publicWiths, &p.privateWiths})
      for (const ast::Name& w : *withs)
        if (!declarations_.findPropertySet(w.text) && !declarations_.findPackage(w.text))
          error(w.loc, unresolvedWith(w.text));
    for (const ast::AliasDecl& a : p.aliases) {
      std::string package = a.target.text, name;
      if (a.kind == ast::AliasDecl::Kind::Classifier) {
        std::size_t colons = package.rfind("::");
        name = colons == std::string::npos ? package : package.substr(colons + 2);
        package = colons == std::string::npos ? std::string() : package.substr(0, colons);
      }
      if (!declarations_.findPackage(package))
        error(a.target.loc, "unresolved package '" + package + "' in renames");
      else if (!name.empty() && !declarations_.findClassifier(package, name))
        error(a.target.loc, "unresolved classifier '" + a.target.text + "' in renames");
    }
    for (const auto& c : p.classifiers) checkClassifier(*c, p);
  }

  void checkClassifier(const ast::ClassifierDecl& c, const ast::PackageDecl& p) {
    // Features, subcomponents and connections share one namespace per classifier.
    std::unordered_map<std::string, ast::Loc> names;
    auto declare = [&](const ast::Name& n, bool refined) {
      if (refined) return;
      auto [it, fresh] = names.emplace(toLower(n.text), n.loc);
      if (!fresh) {
        Diagnostic d = diagnosticAt(Severity::Error, n.loc, "duplicate name '" + n.text + "' in '" + c.name() + "'");
        d.notes.push_back(diagnosticAt(Severity::Note, it->second, "previous declaration is here"));
        diagnostics_.items.push_back(std::move(d));
      }
    };
    for (const ast::FeatureDecl& f : c.features) {
      declare(f.name, f.refined);
      if (f.classifier.present() && !declarations_.prototypeNamedBy(f.classifier, &c)) {
        const ast::ClassifierDecl* data = declarations_.resolveClassifier(f.classifier, p, diagnostics_);
        // A port carries data, or an abstract classifier (refined later or left abstract, as OSATE accepts).
        bool carries = data && !data->isFeatureGroupType &&
                       (data->category == ComponentCategory::Data || data->category == ComponentCategory::Abstract);
        if (data && isPort(f.category) && !carries)
          error(f.classifier.loc, "port '" + f.name.text + "' carries '" + f.classifier.text() + "', which is " +
                                      (data->isFeatureGroupType ? std::string("a feature group type")
                                                                : withArticle(toString(data->category))) +
                                      ", not a data classifier");
      }
      properties(f.properties, p);
    }
    for (const ast::SubcomponentDecl& s : c.subcomponents) {
      declare(s.name, s.refined);
      if (s.classifier.present() && !declarations_.prototypeNamedBy(s.classifier, &c)) {
        const ast::ClassifierDecl* k = declarations_.resolveClassifier(s.classifier, p, diagnostics_);
        if (k) checkBindings(s.bindings, *k, c, p);
        // An abstract classifier may classify a subcomponent of any category (AADL 4.5, as OSATE accepts).
        bool fits = k && !k->isFeatureGroupType &&
                    (k->category == s.category || k->category == ComponentCategory::Abstract);
        if (k && !fits)
          error(s.classifier.loc, "subcomponent '" + s.name.text + "' is " + withArticle(toString(s.category)) +
                                      " but '" + s.classifier.text() + "' is " +
                                      (k->isFeatureGroupType ? std::string("a feature group type")
                                                             : withArticle(toString(k->category))));
      }
      if (s.inModes) warning(s.name.loc, "'in modes' is ignored: modes are not supported, the subcomponent always exists");
      properties(s.properties, p);
    }
    for (const ast::ConnectionDecl& k : c.connections) {
      declare(k.name, k.refined);
      checkConnection(c, k, p);
      properties(k.properties, p);
    }
    properties(c.properties, p);
    checkBindings(c.bindings, c, c, p);
    for (const ast::PrototypeDecl& proto : c.prototypeDecls)
      if (proto.constraint.present()) declarations_.resolveClassifier(proto.constraint, p, diagnostics_);
    if (c.modes) warning(*c.modes, "modes are not supported: mode transitions are ignored and all mode-specific elements always apply");
    if (c.calls) warning(*c.calls, "subprogram calls are ignored: thread behaviour comes from its entry points");
  }

  bool namesCall(const ast::ClassifierDecl& impl, std::string_view name) const {
    for (const ast::ClassifierDecl* level : declarations_.lineage(impl))
      for (const ast::Name& call : level->callNames)
        if (equalsIgnoreCase(call.text, name)) return true;
    return false;
  }

  // Each binding names a prototype of `bound` (the subcomponent's classifier, or the
  // classifier itself and what it extends), and its actual resolves in `writtenIn`.
  void checkBindings(const std::vector<ast::PrototypeBindingDecl>& bindings, const ast::ClassifierDecl& bound,
                     const ast::ClassifierDecl& writtenIn, const ast::PackageDecl& p) {
    for (const ast::PrototypeBindingDecl& b : bindings) {
      if (!declarations_.findPrototype(bound, b.formal.text))
        error(b.formal.loc, "prototype binding names '" + b.formal.text + "', which is no prototype of '" +
                                Declarations::qualifiedName(bound) + "'");
      if (b.actual.present() && !declarations_.prototypeNamedBy(b.actual, &writtenIn))
        declarations_.resolveClassifier(b.actual, p, diagnostics_);
    }
  }

  struct End {
    const ast::FeatureDecl* feature = nullptr;
    bool ownFeature = false;  // a feature of the implementation itself (not of a subcomponent)
    bool flipped = false;     // reached through an odd number of `inverse of` feature groups
    Direction direction() const {
      Direction d = feature->direction;
      if (!flipped) return d;
      return d == Direction::In ? Direction::Out : d == Direction::Out ? Direction::In : d;
    }
  };

  // Walks `parts[next..]` into the members of feature groups.
  std::optional<End> intoGroups(End end, const std::vector<ast::Name>& parts, std::size_t next,
                                const ast::ConnectionDecl& k) {
    for (; next < parts.size(); ++next) {
      const ast::FeatureDecl& group = *end.feature;
      const ast::ClassifierDecl* type = nullptr;
      if (group.category == FeatureCategory::FeatureGroup && group.classifier.present() && group.owner &&
          group.owner->package) {
        Diagnostics ignored;  // reported at the feature
        if (const ast::PrototypeDecl* proto = declarations_.prototypeNamedBy(group.classifier, group.owner)) {
          // Its feature group type comes with the binding, per instance: checked there.
          if (!proto->constraint.present()) return std::nullopt;
          type = declarations_.resolveClassifier(proto->constraint, *group.owner->package, ignored);
        } else {
          type = declarations_.resolveClassifier(group.classifier, *group.owner->package, ignored);
        }
      }
      if (!type || !type->isFeatureGroupType) {
        std::string what = group.category != FeatureCategory::FeatureGroup
                               ? withArticle(std::string(toString(group.category)) + " feature") + ", not a feature group"
                               : "a feature group without a feature group type";
        error(parts[next].loc, "unresolved connection end '" + joined(parts) + "' of " + connectionLabel(k) + ": '" +
                                   parts[next - 1].text + "' is " + what + ", so it has no feature '" +
                                   parts[next].text + "'");
        return std::nullopt;
      }
      bool flipped = group.inverse;
      const ast::FeatureDecl* member = nullptr;
      for (const ast::FeatureDecl* m : declarations_.featureGroupMembers(*type, flipped))
        if (equalsIgnoreCase(m->name.text, parts[next].text)) member = m;
      if (!member) {
        error(parts[next].loc, "unresolved connection end '" + joined(parts) + "' of " + connectionLabel(k) +
                                   ": feature group type '" + Declarations::qualifiedName(*type) +
                                   "', the type of feature group '" + parts[next - 1].text + "', has no feature '" +
                                   parts[next].text + "'" +
                                   (type->inverseOf.present() && !type->features.empty()
                                        ? " (it declares its own features, so 'inverse of' adds none)"
                                        : ""));
        return std::nullopt;
      }
      end.feature = member;
      end.flipped = end.flipped != flipped;
    }
    return end;
  }

  static bool isAccess(ConnectionCategory c) {
    return c == ConnectionCategory::DataAccess || c == ConnectionCategory::BusAccess ||
           c == ConnectionCategory::SubprogramAccess || c == ConnectionCategory::SubprogramGroupAccess;
  }

  const ast::ClassifierDecl::LocalFeature* localFeature(const ast::ClassifierDecl& impl, std::string_view name) const {
    for (const ast::ClassifierDecl* level : declarations_.lineage(impl))
      for (const auto& local : level->localFeatures)
        if (equalsIgnoreCase(local.name.text, name)) return &local;
    return nullptr;
  }

  // An internal or processor feature as a connection end (`e`, `self.e`, `processor.p`):
  // port and feature connections may name it, and have no instance (OSATE instantiates
  // none of these features); other connections cannot.
  std::optional<End> localEnd(const ast::ClassifierDecl::LocalFeature& local, const std::vector<ast::Name>& parts,
                              const ast::ConnectionDecl& k) {
    bool portLike = local.kind == "internal event" || local.kind == "internal event data" || local.kind == "processor port";
    bool fits = k.category == ConnectionCategory::Port || k.category == ConnectionCategory::Feature
                    ? portLike
                    : k.category == ConnectionCategory::SubprogramAccess && local.kind == "processor subprogram";
    if (!fits)
      error(parts[0].loc, "'" + joined(parts) + "' is " + withArticle(local.kind) + " feature, which " +
                              std::string(toString(k.category)) + " connection '" + k.name.text + "' cannot join");
    return std::nullopt;
  }

  // Where a name of a connection end was looked up: the classifier, what it extends and
  // (for an implementation) its type's lineage, nearest first: "top.i, top.base, top".
  std::string lookedIn(const ast::ClassifierDecl& c) const {
    std::vector<const ast::ClassifierDecl*> levels = declarations_.lineage(c);
    if (c.isImplementation)
      if (const ast::ClassifierDecl* type = declarations_.typeOf(c)) {
        std::vector<const ast::ClassifierDecl*> typeLevels = declarations_.lineage(*type);
        levels.insert(levels.begin(), typeLevels.begin(), typeLevels.end());
      }
    std::string out;
    for (auto it = levels.rbegin(); it != levels.rend(); ++it) out += (out.empty() ? "" : ", ") + (*it)->name();
    return out;
  }

  static std::string connectionLabel(const ast::ConnectionDecl& k) {
    return k.name.text.empty() ? "an unnamed " + std::string(toString(k.category)) + " connection"
                               : std::string(toString(k.category)) + " connection '" + k.name.text + "'";
  }

  std::optional<End> resolveEnd(const ast::ClassifierDecl& impl, const std::vector<ast::Name>& parts,
                                const ast::ConnectionDecl& k) {
    if (parts.size() == 1) {
      if (const ast::FeatureDecl* f = declarations_.findFeature(impl, parts[0].text)) return End{f, true};
      if (declarations_.findSubcomponent(impl, parts[0].text)) {
        if (k.category == ConnectionCategory::Port)
          error(parts[0].loc, "'" + parts[0].text + "' is a subcomponent, not a port: name one of its ports ('" +
                                  parts[0].text + ".<port>')");
        return std::nullopt;
      }
      if (const auto* local = localFeature(impl, parts[0].text)) return localEnd(*local, parts, k);
      error(parts[0].loc, "unresolved connection end '" + parts[0].text + "' of " + connectionLabel(k) + ": '" +
                              impl.name() + "' has no feature or subcomponent '" + parts[0].text + "' (looked in " +
                              lookedIn(impl) + ")");
      return std::nullopt;
    }
    const ast::SubcomponentDecl* sub = declarations_.findSubcomponent(impl, parts[0].text);
    if (!sub && namesCall(impl, parts[0].text)) return std::nullopt;  // a subprogram call's feature: calls are not instantiated
    // `self.e` (an internal event) and `processor.p` (a port of the processor the thread runs on), as
    // OSATE's grammar has them: neither is instantiated, so such a connection has no instance.
    if (!sub && parts.size() == 2 && (equalsIgnoreCase(parts[0].text, "self") || equalsIgnoreCase(parts[0].text, "processor"))) {
      if (const auto* local = localFeature(impl, parts[1].text)) return localEnd(*local, parts, k);
      return std::nullopt;
    }
    if (!sub) {
      // A feature group of the implementation itself ("fg.port") is the other meaning.
      if (const ast::FeatureDecl* f = declarations_.findFeature(impl, parts[0].text))
        return intoGroups(End{f, true}, parts, 1, k);
      error(parts[0].loc, "unresolved connection end '" + joined(parts) + "' of " + connectionLabel(k) + ": '" +
                              impl.name() + "' has no subcomponent or feature group '" + parts[0].text +
                              "' (looked in " + lookedIn(impl) + ")");
      return std::nullopt;
    }
    if (!sub->classifier.present()) {
      error(parts[1].loc, "subcomponent '" + sub->name.text + "' has no classifier, so it has no feature '" +
                              parts[1].text + "'");
      return std::nullopt;
    }
    Diagnostics ignored;  // an unresolved classifier is reported at the subcomponent
    const ast::ClassifierDecl* subClassifier =
        sub->owner && sub->owner->package ? declarations_.resolveClassifier(sub->classifier, *sub->owner->package, ignored)
                                          : nullptr;
    if (!subClassifier) return std::nullopt;
    const ast::FeatureDecl* f = declarations_.findFeature(*subClassifier, parts[1].text);
    // A data component inside a data subcomponent (`queue.items`): access connections reach
    // it as OSATE resolves such an end, among the subcomponents of the data implementation.
    if (!f && parts.size() == 2 && sub->category == ComponentCategory::Data && subClassifier->isImplementation &&
        declarations_.findSubcomponent(*subClassifier, parts[1].text)) {
      if (!isAccess(k.category))
        error(parts[1].loc, "'" + joined(parts) + "' is a data subcomponent of data subcomponent '" + sub->name.text +
                                "': only access connections reach it");
      return std::nullopt;
    }
    if (!f) {
      error(parts[1].loc, "unresolved connection end '" + joined(parts) + "' of " + connectionLabel(k) + ": '" +
                              sub->classifier.text() + "', the classifier of subcomponent '" + sub->name.text +
                              "', has no feature '" + parts[1].text + "' (looked in " + lookedIn(*subClassifier) + ")");
      return std::nullopt;
    }
    return intoGroups(End{f, false}, parts, 2, k);
  }

  const ast::ClassifierDecl* dataOf(const ast::FeatureDecl& f) {
    if (!f.classifier.present() || !f.owner || !f.owner->package) return nullptr;
    Diagnostics ignored;
    return declarations_.resolveClassifier(f.classifier, *f.owner->package, ignored);
  }

  bool compatible(const ast::ClassifierDecl* a, const ast::ClassifierDecl* b) {
    if (!a || !b || a == b) return true;
    // An abstract classifier is refined later (or stays open): it matches any data.
    if (a->category == ComponentCategory::Abstract || b->category == ComponentCategory::Abstract) return true;
    // A data type matches its own implementations.
    if (declarations_.typeOf(*a) != declarations_.typeOf(*b)) return false;
    return !a->isImplementation || !b->isImplementation;
  }

  void checkConnection(const ast::ClassifierDecl& impl, const ast::ConnectionDecl& k, const ast::PackageDecl&) {
    if (k.source.empty()) {  // `refined to port {...}`: the ends are the refined connection's
      if (!declarations_.connectionWithEnds(k))
        error(k.name.loc, "connection '" + k.name.text + "' is refined without its ends, but no ancestor of '" +
                              impl.name() + "' declares a connection '" + k.name.text + "'");
      return;
    }
    switch (k.category) {
      case ConnectionCategory::DataAccess:
      case ConnectionCategory::BusAccess:
      case ConnectionCategory::SubprogramAccess:
      case ConnectionCategory::SubprogramGroupAccess:
        checkAccessConnection(impl, k);
        return;
      case ConnectionCategory::FeatureGroup:
        for (const std::vector<ast::Name>* parts : {&k.source, &k.destination})
          if (auto end = resolveEnd(impl, *parts, k); end && end->feature->category != FeatureCategory::FeatureGroup) {
            error((*parts)[0].loc, "'" + joined(*parts) + "' is " + withArticle(toString(end->feature->category)) +
                                       ", not a feature group: feature group connection '" + k.name.text +
                                       "' joins feature groups");
            return;
          }
        return;
      case ConnectionCategory::Feature:
        // Abstract features connect with each other and with ports; the ends must resolve.
        resolveEnd(impl, k.source, k);
        resolveEnd(impl, k.destination, k);
        return;
      case ConnectionCategory::Parameter:
        return;  // only inside subprogram calls, which are ignored with a warning
      case ConnectionCategory::Port: break;
    }
    checkPortConnection(k, impl);
  }

  // A port connection: ports at both ends, categories that connect,
  // directions that send from source to destination, the same data type.
  void checkPortConnection(const ast::ConnectionDecl& k, const ast::ClassifierDecl& impl) {
    // AADL lets a port connection read or write a data component (`port d1 -> t.input`):
    // OSATE's connection instance then starts or ends at that component.
    auto dataComponent = [&](const std::vector<ast::Name>& parts) {
      if (parts.size() != 1 || declarations_.findFeature(impl, parts[0].text)) return false;
      const ast::SubcomponentDecl* sub = declarations_.findSubcomponent(impl, parts[0].text);
      return sub && sub->category == ComponentCategory::Data;
    };
    if (dataComponent(k.source) || dataComponent(k.destination)) {
      for (const std::vector<ast::Name>* parts : {&k.source, &k.destination}) {
        if (dataComponent(*parts)) continue;
        auto end = resolveEnd(impl, *parts, k);
        if (end && end->feature->category != FeatureCategory::DataPort &&
            end->feature->category != FeatureCategory::EventDataPort)
          error((*parts)[0].loc, "'" + joined(*parts) + "' is " + withArticle(toString(end->feature->category)) +
                                     ", not a data or event data port: port connection '" + k.name.text +
                                     "' joins a data component with a data port");
      }
      return;
    }
    auto source = resolveEnd(impl, k.source, k);
    auto destination = resolveEnd(impl, k.destination, k);
    if (!source || !destination) return;
    std::string sourceText = joined(k.source), destinationText = joined(k.destination);
    for (auto [end, text, loc] : {std::tuple{*source, sourceText, k.source[0].loc},
                                  std::tuple{*destination, destinationText, k.destination[0].loc}}) {
      if (!isPort(end.feature->category)) {
        error(loc, "'" + text + "' is " + withArticle(toString(end.feature->category)) + ", not a port: port connection '" +
                       k.name.text + "' joins ports" +
                       (end.feature->category == FeatureCategory::FeatureGroup
                            ? " (feature groups connect with a feature group connection)"
                            : ""));
        return;
      }
    }
    // AADL (and OSATE) connect a data port with an event data port either way; an event port takes events only.
    auto dataful = [](FeatureCategory c) { return c == FeatureCategory::DataPort || c == FeatureCategory::EventDataPort; };
    if (source->feature->category != destination->feature->category &&
        !(dataful(source->feature->category) && dataful(destination->feature->category))) {
      auto described = [](FeatureCategory category) {
        std::string word(toString(category));
        return (category == FeatureCategory::EventPort || category == FeatureCategory::EventDataPort ? "an " : "a ") +
               word;
      };
      error(k.name.loc, "port category mismatch in connection '" + k.name.text + "': '" + sourceText + "' is " +
                            described(source->feature->category) + " but '" + destinationText + "' is " +
                            described(destination->feature->category));
      return;
    }
    if (!k.bidirectional) {
      // A subcomponent's port sends out of it; the implementation's own port sends into it.
      auto check = [&](const End& end, const std::string& text, const ast::Loc& loc, bool isSource) {
        Direction d = end.direction();
        bool wantOut = isSource != end.ownFeature;
        bool ok = d == Direction::InOut || (wantOut ? d == Direction::Out : d == Direction::In);
        if (!ok)
          error(loc, "port direction mismatch in connection '" + k.name.text + "': " +
                         (isSource ? "source '" : "destination '") + text + "' is '" + std::string(toString(d)) +
                         "', expected '" + (wantOut ? "out" : "in") + "' or 'in out'");
        return ok;
      };
      if (!check(*source, sourceText, k.source[0].loc, true)) return;
      if (!check(*destination, destinationText, k.destination[0].loc, false)) return;
    }
    const ast::ClassifierDecl* sourceData = dataOf(*source->feature);
    const ast::ClassifierDecl* destinationData = dataOf(*destination->feature);
    if (!compatible(sourceData, destinationData))
      error(k.name.loc, "data type mismatch in connection '" + k.name.text + "': '" + sourceText + "' carries " +
                            Declarations::qualifiedName(*sourceData) + " but '" + destinationText + "' carries " +
                            Declarations::qualifiedName(*destinationData));
  }

  // An access connection joins an access feature with another or with the
  // data, bus or subprogram subcomponent it gives access to.
  void checkAccessConnection(const ast::ClassifierDecl& impl, const ast::ConnectionDecl& k) {
    for (const std::vector<ast::Name>* parts : {&k.source, &k.destination}) {
      if (parts->size() == 1 && !declarations_.findFeature(impl, (*parts)[0].text) &&
          declarations_.findSubcomponent(impl, (*parts)[0].text))
        continue;
      auto end = resolveEnd(impl, *parts, k);
      if (!end) return;
      FeatureCategory c = end->feature->category;
      bool access = c == FeatureCategory::DataAccess || c == FeatureCategory::BusAccess ||
                    c == FeatureCategory::SubprogramAccess || c == FeatureCategory::SubprogramGroupAccess ||
                    c == FeatureCategory::AbstractFeature;
      if (!access) {
        error((*parts)[0].loc, "'" + joined(*parts) + "' is " + withArticle(toString(c)) + ", not an access feature: " +
                                   std::string(toString(k.category)) + " connection '" + k.name.text +
                                   "' joins access features and the components they access");
        return;
      }
    }
  }

  // An implementation that contains itself would instantiate forever.
  void checkContainment(const ast::ClassifierDecl& c) {
    auto [it, fresh] = containment_.emplace(&c, Visit::Visiting);
    if (!fresh) return;
    for (const ast::SubcomponentDecl* s : declarations_.subcomponents(c)) {
      if (!s->classifier.present() || !s->owner || !s->owner->package) continue;
      Diagnostics ignored;
      const ast::ClassifierDecl* k = declarations_.resolveClassifier(s->classifier, *s->owner->package, ignored);
      if (!k || !k->isImplementation) continue;
      auto seen = containment_.find(k);
      if (seen != containment_.end() && seen->second == Visit::Visiting) {
        error(s->classifier.loc, "'" + k->name() + "' contains itself through subcomponent '" + s->name.text + "'");
        continue;
      }
      checkContainment(*k);
    }
    containment_[&c] = Visit::Done;
  }

  enum class Visit { Visiting, Done };
  const Declarations& declarations_;
  PropertyEvaluator& evaluator_;
  Diagnostics& diagnostics_;
  std::unordered_map<const ast::ClassifierDecl*, Visit> containment_;
};

}  // namespace

void checkDeclarations(const Declarations& declarations, PropertyEvaluator& evaluator, Diagnostics& diagnostics) {
  Checker(declarations, evaluator, diagnostics).run();
}

}  // namespace bulkhead::model
