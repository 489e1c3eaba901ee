#pragma once
// The declarative model as written: packages, classifiers, features,
// subcomponents, connections, property associations and property sets. Every
// node keeps where it was written. Names keep their spelling; comparisons
// are case-insensitive elsewhere.
#include "model/instance.hpp"
#include "model/source_file.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::model::ast {

// A position in one of the loaded files (cheaper than SourceLocation: no string).
struct Loc {
  const SourceFile* file = nullptr;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

struct Name {
  std::string text;
  Loc loc;
};

// pkg::sub::type.impl — package may be empty (the current package).
struct ClassifierRef {
  std::string package;
  std::string type;
  std::string implementation;  // empty for a type
  Loc loc;
  bool present() const { return !type.empty(); }
  std::string text() const;
};

struct PropertyExpr;
struct RecordFieldExpr;

struct PropertyExpr {
  enum class Kind { Integer, Real, String, Boolean, Name, Range, List, Record, Reference, Classifier, Compute };
  Kind kind = Kind::Integer;
  Loc loc;
  std::string text;        // number digits, string content, enumeration literal or constant name
  std::string package;     // qualified Name: the property set ("HAMR" of HAMR::X)
  bool negative = false;
  bool boolean = false;
  Name unit;               // numbers: unit identifier (empty text: none)
  std::vector<PropertyExpr> items;        // List items; Range: minimum, maximum[, delta]
  std::vector<RecordFieldExpr> fields;    // Record
  std::vector<Name> path;                 // Reference: dotted path
  ClassifierRef classifier;               // Classifier
};

struct RecordFieldExpr {
  Name name;
  PropertyExpr value;
};

// One dimension of a component or feature array: `[4]`, `[Size_Constant]` or `[]`
// (size given by a refinement).
struct ArrayDimension {
  std::optional<std::int64_t> size;  // an integer literal
  Name constant;                     // a property constant (empty text: none)
  Loc loc;
  bool given() const { return size.has_value() || !constant.text.empty(); }
};

struct PropertyAssociationDecl {
  Name propertySet;                       // empty text: unqualified
  Name name;
  bool append = false;                    // +=>
  bool constant = false;
  PropertyExpr value;
  std::vector<std::vector<Name>> appliesTo;  // each a dotted path relative to the declaring element
  bool inBinding = false;
  bool inModes = false;
  Loc loc;
};

struct ClassifierDecl;

struct FeatureDecl {
  const ClassifierDecl* owner = nullptr;   // set when the classifier is complete
  Name name;
  FeatureCategory category = FeatureCategory::DataPort;
  Direction direction = Direction::None;
  ClassifierRef classifier;
  bool refined = false;
  std::vector<ArrayDimension> dimensions;  // a feature array: one dimension
  bool inverse = false;                    // feature group ... inverse of: its members' directions flip
  std::vector<PropertyAssociationDecl> properties;
};

// `formal => actual` in prototype bindings: `(p => data T.i)`, `(fg => feature group G)`.
// The actual's classifier (absent for a bare category); nested bindings and
// lists of actuals (for arrays) keep only their first classifier.
struct PrototypeBindingDecl {
  Name formal;
  ClassifierRef actual;
};

// A prototype of a classifier: `p: data;`, `p: feature group G;`, `p: refined to bus B;`.
struct PrototypeDecl {
  Name name;
  bool featureGroup = false;      // feature group prototype
  bool feature = false;           // feature prototype
  ComponentCategory category = ComponentCategory::Abstract;  // component prototype
  ClassifierRef constraint;       // its constraining classifier, if written
  bool refined = false;
};

struct SubcomponentDecl {
  const ClassifierDecl* owner = nullptr;
  Name name;
  ComponentCategory category = ComponentCategory::Abstract;
  ClassifierRef classifier;
  bool refined = false;
  std::vector<ArrayDimension> dimensions;  // a component array: `[2][3]`
  std::vector<PrototypeBindingDecl> bindings;
  bool inModes = false;
  std::vector<PropertyAssociationDecl> properties;
};

struct ConnectionDecl {
  const ClassifierDecl* owner = nullptr;
  Name name;
  ConnectionCategory category = ConnectionCategory::Port;
  std::vector<Name> source;       // "feature" or "subcomponent.feature"
  std::vector<Name> destination;
  bool bidirectional = false;
  bool refined = false;
  bool inModes = false;
  std::vector<PropertyAssociationDecl> properties;
};

struct AnnexDecl {
  Name name;
  std::string text;               // opaque, kept as written
};

struct PackageDecl;

struct ClassifierDecl {
  ComponentCategory category = ComponentCategory::Abstract;
  bool isFeatureGroupType = false;
  bool isImplementation = false;
  Name typeName;                  // "producer_t"
  Name implementationName;        // "i" (implementations only)
  ClassifierRef extends;
  ClassifierRef inverseOf;        // feature group types: `inverse of G` takes G's features, directions flipped
  std::vector<FeatureDecl> features;
  std::vector<SubcomponentDecl> subcomponents;
  std::vector<ConnectionDecl> connections;
  std::vector<PropertyAssociationDecl> properties;
  std::vector<AnnexDecl> annexes;
  std::optional<Loc> modes;       // where a modes (or requires modes) section was written
  std::optional<Loc> flows;
  std::vector<Name> flowNames;    // flow specifications, implementations and end-to-end flows (not instantiated)
  std::optional<Loc> prototypes;
  std::vector<PrototypeDecl> prototypeDecls;
  std::vector<PrototypeBindingDecl> bindings;  // written after the name or after `extends X`
  std::optional<Loc> calls;
  std::vector<Name> callSequences;  // `calls cseq: { ... };`: the sequence names (their calls are not run)
  std::vector<Name> callNames;      // the calls inside them (`c: subprogram p;`): connections may name their features
  // `internal features` (`e: event;`, `ed: event data;`) and `processor features` (`p: port;`,
  // `s: subprogram ...;`): connections may name them, by name or as `self.e`; none is instantiated.
  struct LocalFeature {
    Name name;
    std::string kind;  // "internal event", "internal event data", "processor port", "processor subprogram"
  };
  std::vector<LocalFeature> localFeatures;
  bool isPrivate = false;
  const PackageDecl* package = nullptr;
  Loc loc;

  std::string name() const {
    return isImplementation ? typeName.text + "." + implementationName.text : typeName.text;
  }
};

// A renames declaration of a package section: `N renames package P;`,
// `N renames system P::T;` (or any category, `feature group`), `renames P::all;`.
struct AliasDecl {
  enum class Kind { Package, Classifier, All };
  Kind kind = Kind::All;
  Name name;                      // the alias (empty for `renames P::all`)
  Name target;                    // "P" (Package, All) or "P::T" (Classifier)
  bool isPrivate = false;
};

struct PackageDecl {
  Name name;                      // "a::b" for nested names
  std::vector<Name> publicWiths;
  std::vector<Name> privateWiths;
  std::vector<AliasDecl> aliases;
  std::vector<std::unique_ptr<ClassifierDecl>> classifiers;
  std::vector<AnnexDecl> annexLibraries;
  const SourceFile* file = nullptr;
  bool predeclared = false;
  Loc loc;
};

// Property types in property sets.
struct PropertyType;
using PropertyTypePtr = std::shared_ptr<PropertyType>;

struct UnitDecl {
  Name name;
  std::string base;               // empty for the base unit
  double factor = 1;              // this unit = factor * base
};

struct PropertyType {
  enum class Kind { Boolean, String, Integer, Real, Enumeration, Units, Range, Classifier, Reference, Record, List, Named };
  Kind kind = Kind::String;
  std::vector<Name> literals;               // Enumeration
  std::vector<UnitDecl> units;              // Units, or Integer/Real with inline units
  Name unitsReference;                      // Integer/Real with `units Some_Units` (qualified text)
  PropertyTypePtr element;                  // Range of, List of
  std::vector<std::pair<Name, PropertyTypePtr>> recordFields;
  Name named;                               // Named: reference to a property type ("Time" or "AADL_Project::Time_Units")
  Loc loc;
};

struct PropertyTypeDecl {
  Name name;
  PropertyTypePtr type;
};

struct PropertyDefinition {
  Name name;
  bool inherit = false;
  PropertyTypePtr type;
  std::optional<PropertyExpr> defaultValue;
  std::vector<std::string> appliesTo;       // lowercase category words: "thread", "event data port", "all"
};

struct PropertyConstant {
  Name name;
  PropertyTypePtr type;
  PropertyExpr value;
};

struct PropertySetDecl {
  Name name;
  std::vector<Name> withs;
  std::vector<PropertyTypeDecl> types;
  std::vector<PropertyDefinition> definitions;
  std::vector<PropertyConstant> constants;
  const SourceFile* file = nullptr;
  bool predeclared = false;
  Loc loc;
};

struct AadlFile {
  const SourceFile* file = nullptr;
  std::vector<std::unique_ptr<PackageDecl>> packages;
  std::vector<std::unique_ptr<PropertySetDecl>> propertySets;
};

inline Diagnostic diagnosticAt(Severity severity, const Loc& loc, std::string message) {
  if (!loc.file) return Diagnostic{severity, {}, std::move(message), {}, {}};
  return loc.file->diagnostic(severity, loc.line, loc.column, std::move(message));
}

inline SourceLocation toSourceLocation(const Loc& loc) {
  return loc.file ? loc.file->location(loc.line, loc.column) : SourceLocation{};
}

}  // namespace bulkhead::model::ast

namespace bulkhead::model::ast {
inline std::string ClassifierRef::text() const {
  std::string out = package.empty() ? type : package + "::" + type;
  return implementation.empty() ? out : out + "." + implementation;
}
}  // namespace bulkhead::model::ast
