#pragma once
// Evaluates property expressions against their declared types: units
// normalized (time to ns, size to bits), enumeration literals checked,
// constants substituted, classifiers resolved. References stay relative
// paths here; instantiation anchors them at the declaring component.
#include "model/ast.hpp"
#include "model/declarations.hpp"
#include "model/diagnostic.hpp"
#include "model/property_value.hpp"

#include <optional>
#include <unordered_map>

namespace bulkhead::model {

struct EvaluatedAssociation {
  PropertyRef property;                 // null members if unresolved
  std::optional<PropertyValue> value;   // nullopt if the value did not type-check
};

class PropertyEvaluator {
 public:
  explicit PropertyEvaluator(const Declarations& declarations) : declarations_(declarations) {}

  // Cached per association: each is resolved and reported once, however
  // many instances it applies to. `from`: the package the association is written in.
  const EvaluatedAssociation& evaluate(const ast::PropertyAssociationDecl& association, const ast::PackageDecl* from,
                                       Diagnostics& diagnostics);
  // The declared default of a property, if any.
  const std::optional<PropertyValue>& defaultValue(const PropertyRef& property, Diagnostics& diagnostics);
  // That default as an association (isDefault, located at the property's
  // declaration), as instantiation and the AIR reader add it; none if the
  // property has no valid default.
  std::optional<PropertyAssociation> defaultAssociation(const PropertyRef& property, Diagnostics& diagnostics);
  // Evaluates every type, constant and default of every property set, so
  // mistakes in property sets are reported even when unused.
  void checkPropertySet(const ast::PropertySetDecl& set, Diagnostics& diagnostics);

 private:
  struct Context {
    const ast::PropertySetDecl* set;       // for names of types and constants
    const ast::PackageDecl* package;       // for classifier references (may be null)
    std::string_view property;             // "Timing_Properties::Period", for messages
  };
  std::optional<PropertyValue> evaluateExpr(const ast::PropertyExpr& expr, const ast::PropertyType& type,
                                            const Context& context, Diagnostics& diagnostics, int depth);
  std::optional<PropertyValue> evaluateNumber(const ast::PropertyExpr& expr, const ast::PropertyType& type,
                                              const Context& context, Diagnostics& diagnostics);
  std::optional<PropertyValue> evaluateLiteral(const ast::PropertyExpr& expr, const ast::PropertyType& type,
                                               const Context& context, Diagnostics& diagnostics);
  std::optional<PropertyValue> evaluateClassifier(const ast::PropertyExpr& expr, const Context& context,
                                                  Diagnostics& diagnostics);
  std::optional<PropertyValue> evaluateRecord(const ast::PropertyExpr& expr, const ast::PropertyType& type,
                                              const Context& context, Diagnostics& diagnostics, int depth);
  std::optional<PropertyValue> evaluateConstant(const ast::PropertyExpr& expr, const ast::PropertyType& type,
                                                const Context& context, Diagnostics& diagnostics, int depth);
  const std::vector<ast::UnitDecl>* unitsOf(const ast::PropertyType& type, const Context& context,
                                            Diagnostics& diagnostics);

  const Declarations& declarations_;
  std::unordered_map<const ast::PropertyAssociationDecl*, EvaluatedAssociation> cache_;
  std::unordered_map<const ast::PropertyDefinition*, std::optional<PropertyValue>> defaults_;
};

// "1000 ms" style for messages: the largest time unit that divides the value.
std::string formatTime(std::int64_t nanoseconds);

}  // namespace bulkhead::model
