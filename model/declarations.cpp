#include "model/declarations.hpp"

#include "model/text_util.hpp"

#include <algorithm>
#include <unordered_set>

namespace bulkhead::model {

namespace {

using ast::diagnosticAt;

Diagnostic duplicateName(std::string_view what, const ast::Name& name, const ast::Loc& first) {
  Diagnostic d = diagnosticAt(Severity::Error, name.loc, "duplicate " + std::string(what) + " '" + name.text + "'");
  d.notes.push_back(diagnosticAt(Severity::Note, first, "previous declaration is here"));
  return d;
}

std::string key(std::string_view package, std::string_view name) {
  return toLower(package) + "::" + toLower(name);
}

constexpr std::string_view standardSets[] = {"Timing_Properties",     "Thread_Properties",
                                             "Communication_Properties", "Deployment_Properties",
                                             "Memory_Properties",     "Programming_Properties",
                                             "AADL_Project",          "Modeling_Properties"};

}  // namespace

bool Declarations::isStandardPropertySet(std::string_view name) {
  for (std::string_view s : standardSets)
    if (equalsIgnoreCase(s, name)) return true;
  return false;
}

std::string Declarations::qualifiedName(const ast::ClassifierDecl& c) {
  return (c.package ? c.package->name.text + "::" : std::string()) + c.name();
}

void Declarations::addFile(const ast::AadlFile& file, Diagnostics& diagnostics) {
  for (const auto& p : file.packages) {
    std::string k = toLower(p->name.text);
    auto [it, inserted] = packageByName_.emplace(k, p.get());
    if (!inserted) {
      diagnostics.items.push_back(duplicateName("package", p->name, it->second->name.loc));
      continue;
    }
    packages_.push_back(p.get());
    registerClassifiers(*p, diagnostics);
  }
  for (const auto& s : file.propertySets) {
    auto [it, inserted] = propertySetByName_.emplace(toLower(s->name.text), s.get());
    if (!inserted) {
      diagnostics.items.push_back(duplicateName("property set", s->name, it->second->name.loc));
      continue;
    }
    propertySets_.push_back(s.get());
    std::unordered_map<std::string, ast::Loc> seen;
    auto declare = [&](const ast::Name& n) {
      auto [at, fresh] = seen.emplace(toLower(n.text), n.loc);
      if (!fresh) diagnostics.items.push_back(duplicateName("declaration", n, at->second));
      return fresh;
    };
    for (const auto& t : s->types) declare(t.name);
    for (const auto& c : s->constants) declare(c.name);
    bool standard = isStandardPropertySet(s->name.text);
    for (const auto& d : s->definitions) {
      if (!declare(d.name)) continue;
      PropertyRef ref{s.get(), &d};
      propertyByName_.emplace(key(s->name.text, d.name.text), ref);
      if (standard) standardPropertyByName_.emplace(toLower(d.name.text), ref);
    }
  }
}

void Declarations::registerClassifiers(const ast::PackageDecl& package, Diagnostics& diagnostics) {
  for (const auto& c : package.classifiers) {
    std::string k = key(package.name.text, c->name());
    auto [it, inserted] = classifierByName_.emplace(k, c.get());
    if (!inserted) {
      ast::Name shown{c->name(), c->typeName.loc};
      diagnostics.items.push_back(duplicateName("classifier", shown, it->second->typeName.loc));
    }
  }
}

const ast::PackageDecl* Declarations::findPackage(std::string_view name) const {
  auto it = packageByName_.find(toLower(name));
  return it == packageByName_.end() ? nullptr : it->second;
}

const ast::PropertySetDecl* Declarations::findPropertySet(std::string_view name) const {
  auto it = propertySetByName_.find(toLower(name));
  return it == propertySetByName_.end() ? nullptr : it->second;
}

const ast::ClassifierDecl* Declarations::findClassifier(std::string_view package, std::string_view name) const {
  auto it = classifierByName_.find(key(package, name));
  return it == classifierByName_.end() ? nullptr : it->second;
}

const ast::ClassifierDecl* Declarations::resolveClassifier(const ast::ClassifierRef& ref,
                                                           const ast::PackageDecl& from,
                                                           Diagnostics& diagnostics) const {
  std::string package = ref.package, type = ref.type;
  auto nameOf = [&] { return ref.implementation.empty() ? type : type + "." + ref.implementation; };
  // The package's renames: an alias of a package, an alias of a classifier, P::all.
  using AliasKind = ast::AliasDecl::Kind;
  if (!package.empty()) {
    for (const ast::AliasDecl& a : from.aliases)
      if (a.kind == AliasKind::Package && equalsIgnoreCase(a.name.text, package)) package = a.target.text;
  } else if (!findClassifier(from.name.text, nameOf())) {
    bool aliased = false;
    for (const ast::AliasDecl& a : from.aliases)
      if (a.kind == AliasKind::Classifier && equalsIgnoreCase(a.name.text, type)) {
        std::size_t colons = a.target.text.rfind("::");
        if (colons == std::string::npos) continue;
        package = a.target.text.substr(0, colons);
        type = a.target.text.substr(colons + 2);
        aliased = true;
        break;
      }
    if (!aliased)
      for (const ast::AliasDecl& a : from.aliases)
        if (a.kind == AliasKind::All && findClassifier(a.target.text, nameOf())) {
          package = a.target.text;
          break;
        }
  }
  std::string name = nameOf();
  bool local = package.empty() || equalsIgnoreCase(package, from.name.text);
  if (!local) {
    const ast::PackageDecl* target = findPackage(package);
    if (!target) {
      diagnostics.items.push_back(
          diagnosticAt(Severity::Error, ref.loc,
                       "unresolved package '" + package + "' in classifier reference '" + ref.text() +
                           "': none of the model's files declares a package of that name"));
      return nullptr;
    }
    bool withed = false;
    for (const auto* withs : {&from.publicWiths, &from.privateWiths})
      for (const ast::Name& w : *withs)
        if (equalsIgnoreCase(w.text, package)) withed = true;
    if (!withed) {
      diagnostics.items.push_back(diagnosticAt(Severity::Error, ref.loc,
                                               "package '" + package + "' is not named in a 'with' clause of package '" +
                                                   from.name.text + "'"));
      return nullptr;
    }
  }
  const ast::ClassifierDecl* found = findClassifier(local ? from.name.text : package, name);
  if (!found) {
    diagnostics.items.push_back(diagnosticAt(Severity::Error, ref.loc,
                                             "unresolved classifier '" + ref.text() + "': package '" +
                                                 (local ? from.name.text : package) + "' declares no classifier '" +
                                                 name + "'"));
    return nullptr;
  }
  if (!local && found->isPrivate) {
    Diagnostic d = diagnosticAt(Severity::Error, ref.loc,
                                "classifier '" + ref.text() + "' is private to package '" + found->package->name.text + "'");
    d.notes.push_back(diagnosticAt(Severity::Note, found->typeName.loc, "declared here"));
    diagnostics.items.push_back(std::move(d));
    return nullptr;
  }
  return found;
}

void Declarations::link(Diagnostics& diagnostics) {
  for (const ast::PackageDecl* p : packages_) {
    for (const auto& c : p->classifiers) {
      if (c->isImplementation) {
        const ast::ClassifierDecl* type = findClassifier(p->name.text, c->typeName.text);
        if (!type) {
          // The type may come through the package's renames (`renames P::all;`), as OSATE resolves it.
          ast::ClassifierRef ref;
          ref.type = c->typeName.text;
          ref.loc = c->typeName.loc;
          Diagnostics ignored;
          type = resolveClassifier(ref, *p, ignored);
        }
        if (!type || type->isImplementation) {
          diagnostics.items.push_back(diagnosticAt(Severity::Error, c->typeName.loc,
                                                   "unresolved component type '" + c->typeName.text +
                                                       "' for implementation '" + c->name() + "'"));
        } else if (type->category != c->category) {
          diagnostics.items.push_back(diagnosticAt(
              Severity::Error, c->typeName.loc,
              "implementation '" + c->name() + "' is " + withArticle(toString(c->category)) + " but type '" +
                  type->name() + "' is " + withArticle(toString(type->category))));
        } else {
          typeOf_[c.get()] = type;
        }
      }
      if (c->extends.present()) {
        if (const ast::ClassifierDecl* parent = resolveClassifier(c->extends, *p, diagnostics)) {
          if (parent->isImplementation != c->isImplementation) {
            diagnostics.items.push_back(diagnosticAt(
                Severity::Error, c->extends.loc,
                "'" + c->name() + "' cannot extend '" + c->extends.text() + "': " +
                    (c->isImplementation ? "an implementation extends an implementation"
                                         : "a type extends a type")));
          } else {
            extends_[c.get()] = parent;
          }
        }
      }
    }
  }
  // Cycles in extends would make every later walk loop forever. Walked in
  // declaration order so the report does not depend on hashing.
  std::unordered_set<const ast::ClassifierDecl*> cyclic;
  for (const ast::PackageDecl* p : packages_)
    for (const auto& c : p->classifiers) {
      const ast::ClassifierDecl* child = c.get();
      if (!extends_.contains(child)) continue;
      std::unordered_set<const ast::ClassifierDecl*> seen{child};
      for (auto it = extends_.find(child); it != extends_.end(); it = extends_.find(it->second)) {
        if (it->second == child) {
          diagnostics.items.push_back(
              diagnosticAt(Severity::Error, child->extends.loc, "'" + child->name() + "' extends itself"));
          cyclic.insert(child);
          break;
        }
        if (!seen.insert(it->second).second) break;  // a cycle further up: reported at its members
      }
    }
  for (const ast::ClassifierDecl* c : cyclic) extends_.erase(c);
}

const ast::ClassifierDecl* Declarations::typeOf(const ast::ClassifierDecl& c) const {
  if (!c.isImplementation) return &c;
  auto it = typeOf_.find(&c);
  return it == typeOf_.end() ? nullptr : it->second;
}

const ast::ClassifierDecl* Declarations::extended(const ast::ClassifierDecl& c) const {
  auto it = extends_.find(&c);
  return it == extends_.end() ? nullptr : it->second;
}

std::vector<const ast::ClassifierDecl*> Declarations::lineage(const ast::ClassifierDecl& c) const {
  std::vector<const ast::ClassifierDecl*> chain;
  for (const ast::ClassifierDecl* at = &c; at && chain.size() < 256; at = extended(*at)) chain.push_back(at);
  return {chain.rbegin(), chain.rend()};
}

const ast::PrototypeDecl* Declarations::findPrototype(const ast::ClassifierDecl& c, std::string_view name) const {
  std::vector<const ast::ClassifierDecl*> levels = lineage(c);
  if (const ast::ClassifierDecl* type = typeOf(c); type && type != &c)
    for (const ast::ClassifierDecl* t : lineage(*type)) levels.insert(levels.begin(), t);
  for (auto it = levels.rbegin(); it != levels.rend(); ++it)
    for (const ast::PrototypeDecl& p : (*it)->prototypeDecls)
      if (equalsIgnoreCase(p.name.text, name)) return &p;
  return nullptr;
}

const ast::PrototypeDecl* Declarations::prototypeNamedBy(const ast::ClassifierRef& ref,
                                                         const ast::ClassifierDecl* owner) const {
  if (!owner || !ref.present() || !ref.package.empty() || !ref.implementation.empty()) return nullptr;
  return findPrototype(*owner, ref.type);
}

namespace {

// Declarations of all levels, most distant ancestor first; a refinement
// replaces its ancestor's declaration in place.
template <typename Decl>
std::vector<const Decl*> merged(const std::vector<const ast::ClassifierDecl*>& levels,
                                const std::vector<Decl> ast::ClassifierDecl::*member) {
  std::vector<const Decl*> out;
  if (levels.size() == 1) {
    for (const Decl& d : levels.front()->*member) out.push_back(&d);
    return out;
  }
  std::unordered_map<std::string, std::size_t> position;
  for (const ast::ClassifierDecl* level : levels)
    for (const Decl& d : level->*member) {
      auto [it, fresh] = position.emplace(toLower(d.name.text), out.size());
      if (fresh) out.push_back(&d);
      else out[it->second] = &d;
    }
  return out;
}

}  // namespace

std::vector<const ast::FeatureDecl*> Declarations::features(const ast::ClassifierDecl& c) const {
  const ast::ClassifierDecl* type = typeOf(c);
  if (!type) return {};
  return merged(lineage(*type), &ast::ClassifierDecl::features);
}

const ast::FeatureDecl* Declarations::findFeature(const ast::ClassifierDecl& c, std::string_view name) const {
  auto [it, fresh] = featureIndex_.try_emplace(&c);
  if (fresh)
    for (const ast::FeatureDecl* f : features(c)) it->second.emplace(toLower(f->name.text), f);
  auto found = it->second.find(toLower(name));
  return found == it->second.end() ? nullptr : found->second;
}

std::vector<const ast::FeatureDecl*> Declarations::featureGroupMembers(const ast::ClassifierDecl& type,
                                                                      bool& flipped) const {
  std::vector<const ast::FeatureDecl*> own = features(type);
  if (!own.empty()) return own;
  auto levels = lineage(type);
  for (auto level = levels.rbegin(); level != levels.rend(); ++level) {
    if (!(*level)->inverseOf.present() || !(*level)->package) continue;
    Diagnostics ignored;  // reported by the declaration checks
    const ast::ClassifierDecl* other = resolveClassifier((*level)->inverseOf, *(*level)->package, ignored);
    if (!other || other == &type) return {};
    flipped = !flipped;
    return features(*other);
  }
  return {};
}

const ast::ConnectionDecl* Declarations::connectionWithEnds(const ast::ConnectionDecl& connection) const {
  if (!connection.source.empty() || !connection.owner) return &connection;
  int hops = 0;  // extends cycles are reported; do not follow one forever
  for (const ast::ClassifierDecl* c = extended(*connection.owner); c && hops < 256; c = extended(*c), ++hops)
    for (const ast::ConnectionDecl& k : c->connections)
      if (equalsIgnoreCase(k.name.text, connection.name.text) && !k.source.empty()) return &k;
  return nullptr;
}

std::vector<const ast::SubcomponentDecl*> Declarations::subcomponents(const ast::ClassifierDecl& c) const {
  if (!c.isImplementation) return {};
  return merged(lineage(c), &ast::ClassifierDecl::subcomponents);
}

const ast::SubcomponentDecl* Declarations::findSubcomponent(const ast::ClassifierDecl& c, std::string_view name) const {
  auto [it, fresh] = subcomponentIndex_.try_emplace(&c);
  if (fresh)
    for (const ast::SubcomponentDecl* s : subcomponents(c)) it->second.emplace(toLower(s->name.text), s);
  auto found = it->second.find(toLower(name));
  return found == it->second.end() ? nullptr : found->second;
}

std::vector<const ast::ConnectionDecl*> Declarations::connections(const ast::ClassifierDecl& c) const {
  if (!c.isImplementation) return {};
  return merged(lineage(c), &ast::ClassifierDecl::connections);
}

namespace {

// "BriefCASE 0.3" for an earlier release bulkhead ships (predeclared/<Release>/<Name>.aadl);
// empty for the current one.
std::string earlierRelease(const ast::PropertySetDecl& set) {
  std::string_view file = set.name.loc.file ? std::string_view(set.name.loc.file->name()) : std::string_view();
  constexpr std::string_view prefix = "predeclared/";
  if (!file.starts_with(prefix)) return {};
  file.remove_prefix(prefix.size());
  std::size_t slash = file.rfind('/');
  if (slash == std::string_view::npos) return {};
  std::string release(file.substr(0, slash));
  std::replace(release.begin(), release.end(), '-', ' ');
  return release;
}

}  // namespace

std::optional<Diagnostic> Declarations::shippedSetNote(const ast::PropertySetDecl& set) {
  if (!set.predeclared || isStandardPropertySet(set.name.text)) return std::nullopt;
  return diagnosticAt(Severity::Note, set.name.loc,
                      "'" + set.name.text + "' is bulkhead's copy of " +
                          (earlierRelease(set).empty() ? "the" : earlierRelease(set) + "'s") +
                          " published set; a model written for another version of it brings that version's " +
                          set.name.text + ".aadl among its files");
}

std::optional<PropertyRef> Declarations::resolveProperty(const ast::Name& set, const ast::Name& name,
                                                         const ast::PackageDecl* from,
                                                         Diagnostics& diagnostics) const {
  if (set.text.empty()) {
    auto it = standardPropertyByName_.find(toLower(name.text));
    if (it == standardPropertyByName_.end()) {
      diagnostics.items.push_back(diagnosticAt(Severity::Error, name.loc, "unresolved property '" + name.text + "'"));
      return std::nullopt;
    }
    return it->second;
  }
  const ast::PropertySetDecl* s = findPropertySet(set.text);
  if (!s) {
    diagnostics.items.push_back(diagnosticAt(Severity::Error, set.loc, "unresolved property set '" + set.text + "'"));
    return std::nullopt;
  }
  if (from && !isStandardPropertySet(s->name.text)) {
    bool withed = false;
    for (const auto* withs : {&from->publicWiths, &from->privateWiths})
      for (const ast::Name& w : *withs)
        if (equalsIgnoreCase(w.text, set.text)) withed = true;
    if (!withed) {
      diagnostics.items.push_back(diagnosticAt(
          Severity::Error, set.loc,
          "property set '" + set.text + "' is not named in a 'with' clause of package '" + from->name.text + "'"));
      return std::nullopt;
    }
  }
  auto it = propertyByName_.find(key(set.text, name.text));
  if (it == propertyByName_.end()) {
    auto note = shippedSetNote(*s);
    // Say whose set it is: the model's own, or the published one bulkhead ships (a model
    // written for another version of a shipped set names what that version had).
    Diagnostic d = diagnosticAt(Severity::Error, name.loc,
                                "unresolved property '" + set.text + "::" + name.text + "': " +
                                    (note ? (earlierRelease(*s).empty() ? "the" : earlierRelease(*s) + "'s") +
                                                " published " + s->name.text + " that bulkhead ships"
                                          : "property set '" + s->name.text + "'") +
                                    " declares no property '" + name.text + "'");
    if (note) d.notes.push_back(std::move(*note));
    diagnostics.items.push_back(std::move(d));
    return std::nullopt;
  }
  return it->second;
}

const ast::PropertyTypeDecl* Declarations::findType(std::string_view set, std::string_view name,
                                                    const ast::PropertySetDecl& context) const {
  auto search = [&](const ast::PropertySetDecl* s) -> const ast::PropertyTypeDecl* {
    if (!s) return nullptr;
    for (const auto& t : s->types)
      if (equalsIgnoreCase(t.name.text, name)) return &t;
    return nullptr;
  };
  if (!set.empty()) return search(findPropertySet(set));
  if (auto* t = search(&context)) return t;
  for (std::string_view standard : standardSets)
    if (auto* t = search(findPropertySet(standard))) return t;
  return nullptr;
}

const ast::PropertyType* Declarations::resolveType(const ast::PropertyType& type, const ast::PropertySetDecl& context,
                                                   Diagnostics& diagnostics) const {
  const ast::PropertyType* at = &type;
  const ast::PropertySetDecl* scope = &context;
  for (int hops = 0; at && at->kind == ast::PropertyType::Kind::Named; ++hops) {
    std::string_view text = at->named.text;
    std::size_t colons = text.rfind("::");
    std::string_view set = colons == std::string_view::npos ? std::string_view{} : text.substr(0, colons);
    std::string_view name = colons == std::string_view::npos ? text : text.substr(colons + 2);
    const ast::PropertyTypeDecl* decl = hops < 32 ? findType(set, name, *scope) : nullptr;
    if (!decl) {
      diagnostics.items.push_back(
          diagnosticAt(Severity::Error, at->named.loc, "unresolved property type '" + at->named.text + "'"));
      return nullptr;
    }
    if (!set.empty()) scope = findPropertySet(set);
    at = decl->type.get();
  }
  return at;
}

std::pair<const ast::PropertySetDecl*, const ast::PropertyConstant*> Declarations::findConstant(
    std::string_view set, std::string_view name, const ast::PropertySetDecl* context) const {
  auto search = [&](const ast::PropertySetDecl* s) -> const ast::PropertyConstant* {
    if (!s) return nullptr;
    for (const auto& c : s->constants)
      if (equalsIgnoreCase(c.name.text, name)) return &c;
    return nullptr;
  };
  if (!set.empty()) {
    const ast::PropertySetDecl* s = findPropertySet(set);
    return {s, search(s)};
  }
  if (auto* c = search(context)) return {context, c};
  for (std::string_view standard : standardSets) {
    const ast::PropertySetDecl* s = findPropertySet(standard);
    if (auto* c = search(s)) return {s, c};
  }
  return {nullptr, nullptr};
}

}  // namespace bulkhead::model
