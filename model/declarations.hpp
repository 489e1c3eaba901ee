#pragma once
// Name resolution over all loaded files: packages, classifiers (with `with`
// clauses and public/private), `extends`, implementation-to-type links,
// property sets, property definitions, property types and constants.
#include "model/ast.hpp"
#include "model/diagnostic.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bulkhead::model {

struct PropertyRef {
  const ast::PropertySetDecl* set = nullptr;
  const ast::PropertyDefinition* definition = nullptr;
};

class Declarations {
 public:
  // Registers the file's packages and property sets; reports duplicates.
  void addFile(const ast::AadlFile& file, Diagnostics& diagnostics);
  // Links every implementation to its type and every `extends` to its
  // ancestor; reports unresolved names and extends cycles.
  void link(Diagnostics& diagnostics);

  const std::vector<const ast::PackageDecl*>& packages() const { return packages_; }
  const std::vector<const ast::PropertySetDecl*>& propertySets() const { return propertySets_; }
  const ast::PackageDecl* findPackage(std::string_view name) const;
  const ast::PropertySetDecl* findPropertySet(std::string_view name) const;
  const ast::ClassifierDecl* findClassifier(std::string_view package, std::string_view name) const;

  // A classifier named from inside `from`: checks the package is `with`ed and
  // the classifier public. Reports and returns null when it cannot resolve.
  const ast::ClassifierDecl* resolveClassifier(const ast::ClassifierRef& ref, const ast::PackageDecl& from,
                                               Diagnostics& diagnostics) const;
  const ast::ClassifierDecl* typeOf(const ast::ClassifierDecl& classifier) const;    // itself for a type
  const ast::ClassifierDecl* extended(const ast::ClassifierDecl& classifier) const;  // null if none
  // "pkg::name" or "pkg::name.impl".
  static std::string qualifiedName(const ast::ClassifierDecl& classifier);

  // Feature declarations visible in a classifier: of the type and its
  // ancestors, refinements replacing the ancestor's declaration.
  std::vector<const ast::FeatureDecl*> features(const ast::ClassifierDecl& classifier) const;
  const ast::FeatureDecl* findFeature(const ast::ClassifierDecl& classifier, std::string_view name) const;
  // The features of a feature group type: its own, or for `inverse of G` those of G (then `flipped` toggles).
  std::vector<const ast::FeatureDecl*> featureGroupMembers(const ast::ClassifierDecl& type, bool& flipped) const;
  // The declaration that gives a connection its ends: itself, or for `refined to port {...}` without
  // ends the refined connection of an ancestor; null if there is none.
  const ast::ConnectionDecl* connectionWithEnds(const ast::ConnectionDecl& connection) const;
  // Subcomponents and connections of an implementation and its ancestors.
  std::vector<const ast::SubcomponentDecl*> subcomponents(const ast::ClassifierDecl& implementation) const;
  std::vector<const ast::ConnectionDecl*> connections(const ast::ClassifierDecl& implementation) const;
  const ast::SubcomponentDecl* findSubcomponent(const ast::ClassifierDecl& implementation, std::string_view name) const;
  // Ancestor chain, most distant first, ending with the classifier itself.
  std::vector<const ast::ClassifierDecl*> lineage(const ast::ClassifierDecl& classifier) const;
  // The prototype `name` declared by the classifier, its ancestors or (for an
  // implementation) its type's lineage, nearest (a refinement) first; null if none.
  const ast::PrototypeDecl* findPrototype(const ast::ClassifierDecl& classifier, std::string_view name) const;
  // Whether `ref`, written in `owner`, names one of owner's prototypes rather than a classifier.
  const ast::PrototypeDecl* prototypeNamedBy(const ast::ClassifierRef& ref, const ast::ClassifierDecl* owner) const;

  // `Period` (searched in the standard property sets) or `HAMR::Platform`.
  // `from` (may be null) is checked for the `with` of a non-standard set.
  std::optional<PropertyRef> resolveProperty(const ast::Name& set, const ast::Name& name,
                                             const ast::PackageDecl* from, Diagnostics& diagnostics) const;
  // Follows named property types to their definition; null (and reported) if unresolved.
  const ast::PropertyType* resolveType(const ast::PropertyType& type, const ast::PropertySetDecl& context,
                                       Diagnostics& diagnostics) const;
  // A property constant by optional set and name, searched like properties.
  std::pair<const ast::PropertySetDecl*, const ast::PropertyConstant*> findConstant(
      std::string_view set, std::string_view name, const ast::PropertySetDecl* context) const;
  const ast::PropertyTypeDecl* findType(std::string_view set, std::string_view name,
                                        const ast::PropertySetDecl& context) const;
  static bool isStandardPropertySet(std::string_view name);
  // For an error about a property of a non-standard set bulkhead ships: a note that
  // this is bulkhead's copy of the published set, and a model written for another
  // version brings its own. Nothing for a model's own set or a standard one.
  static std::optional<Diagnostic> shippedSetNote(const ast::PropertySetDecl& set);

 private:
  void registerClassifiers(const ast::PackageDecl& package, Diagnostics& diagnostics);

  std::vector<const ast::PackageDecl*> packages_;
  std::vector<const ast::PropertySetDecl*> propertySets_;
  std::unordered_map<std::string, const ast::PackageDecl*> packageByName_;
  std::unordered_map<std::string, const ast::PropertySetDecl*> propertySetByName_;
  std::unordered_map<std::string, const ast::ClassifierDecl*> classifierByName_;   // "pkg::name"
  std::unordered_map<const ast::ClassifierDecl*, const ast::ClassifierDecl*> typeOf_;
  std::unordered_map<const ast::ClassifierDecl*, const ast::ClassifierDecl*> extends_;
  std::unordered_map<std::string, PropertyRef> propertyByName_;                   // "set::name"
  std::unordered_map<std::string, PropertyRef> standardPropertyByName_;           // "name"
  // Name indexes built on first use: large implementations are looked up once per connection end.
  mutable std::unordered_map<const ast::ClassifierDecl*, std::unordered_map<std::string, const ast::FeatureDecl*>>
      featureIndex_;
  mutable std::unordered_map<const ast::ClassifierDecl*, std::unordered_map<std::string, const ast::SubcomponentDecl*>>
      subcomponentIndex_;
};

}  // namespace bulkhead::model
