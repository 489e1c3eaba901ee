#include "model/property_evaluation.hpp"

#include "model/text_util.hpp"

#include <cmath>
#include <cstdlib>

namespace bulkhead::model {

namespace {

using ast::diagnosticAt;
using Kind = ast::PropertyType::Kind;
using ExprKind = ast::PropertyExpr::Kind;

std::string typeName(const ast::PropertyType& type) {
  switch (type.kind) {
    case Kind::Boolean: return "aadlboolean";
    case Kind::String: return "aadlstring";
    case Kind::Integer: return "aadlinteger";
    case Kind::Real: return "aadlreal";
    case Kind::Enumeration: return "an enumeration literal";
    case Kind::Units: return "a unit";
    case Kind::Range: return "a range 'a .. b'";
    case Kind::Classifier: return "'classifier (...)'";
    case Kind::Reference: return "'reference (...)'";
    case Kind::Record: return "a record '[ ... ]'";
    case Kind::List: return "a list '( ... )'";
    case Kind::Named: return type.named.text;
  }
  return "a value";
}

// What a value written in the model is, for a type mismatch: `the string "1"`, `'seL4'`, `a list`.
std::string describeWritten(const ast::PropertyExpr& expr) {
  auto shortened = [](std::string_view text) {
    return text.size() > 40 ? std::string(text.substr(0, 37)) + "..." : std::string(text);
  };
  switch (expr.kind) {
    case ExprKind::String: return "the string \"" + shortened(expr.text) + "\"";
    case ExprKind::Integer:
    case ExprKind::Real:
      return "the number " + std::string(expr.negative ? "-" : "") + shortened(expr.text) +
             (expr.unit.text.empty() ? "" : " " + expr.unit.text);
    case ExprKind::Boolean: return expr.boolean ? "true" : "false";
    case ExprKind::Name: return "'" + (expr.package.empty() ? "" : expr.package + "::") + shortened(expr.text) + "'";
    case ExprKind::Range: return "a range";
    case ExprKind::List: return "a list";
    case ExprKind::Record: return "a record";
    case ExprKind::Reference: return "a reference";
    case ExprKind::Classifier: return "a classifier";
    case ExprKind::Compute: return "'compute (...)'";
  }
  return "a value";
}

// An enumeration type's literals, "(seL4, Linux, ...)", at most eight of them.
std::string literalsOf(const ast::PropertyType& type) {
  std::string out;
  for (std::size_t i = 0; i < type.literals.size() && i < 8; ++i)
    out += (out.empty() ? "" : ", ") + type.literals[i].text;
  if (type.literals.size() > 8) out += ", ...";
  return "(" + out + ")";
}

// Integer literal with underscores, exponent or base (16#FF#). nullopt on overflow.
std::optional<std::int64_t> parseInteger(std::string_view text) {
  std::string digits;
  for (char c : text)
    if (c != '_') digits += c;
  std::size_t hash = digits.find('#');
  if (hash != std::string::npos) {
    int base = std::atoi(digits.substr(0, hash).c_str());
    if (base < 2 || base > 16) return std::nullopt;
    std::string body = digits.substr(hash + 1);
    long long exponent = 0;
    if (std::size_t close = body.find('#'); close != std::string::npos) {
      std::string after = body.substr(close + 1);
      body.resize(close);
      if (!after.empty()) {
        if (after[0] != 'e' && after[0] != 'E') return std::nullopt;
        std::size_t start = after.size() > 1 && after[1] == '+' ? 2 : 1;
        if (start >= after.size() || after.size() - start > 3) return std::nullopt;
        exponent = std::atoll(after.c_str() + start);
      }
    }
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(body.c_str(), &end, base);
    if (errno || body.empty() || *end || body[0] == '-' || body[0] == '+') return std::nullopt;
    for (long long i = 0; i < exponent; ++i)
      if (__builtin_mul_overflow(v, static_cast<long long>(base), &v)) return std::nullopt;
    return v;
  }
  std::size_t e = digits.find_first_of("eE");
  long long exponent = 0;
  if (e != std::string::npos) {
    exponent = std::atoll(digits.substr(e + 1).c_str());
    digits = digits.substr(0, e);
    if (exponent < 0 || exponent > 18) return std::nullopt;
  }
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(digits.c_str(), &end, 10);
  if (errno || digits.empty() || *end) return std::nullopt;
  for (long long i = 0; i < exponent; ++i)
    if (__builtin_mul_overflow(v, 10LL, &v)) return std::nullopt;
  return v;
}

std::string unitNames(const std::vector<ast::UnitDecl>& units) {
  std::string out;
  for (const auto& u : units) out += (out.empty() ? "" : ", ") + u.name.text;
  return out;
}

// Factor of `unit` relative to the base unit of `units`; nullopt if unknown.
std::optional<double> factorOf(const std::vector<ast::UnitDecl>& units, std::string_view unit) {
  for (int hops = 0; hops < 32; ++hops) {
    const ast::UnitDecl* u = nullptr;
    for (const auto& candidate : units)
      if (equalsIgnoreCase(candidate.name.text, unit)) u = &candidate;
    if (!u) return std::nullopt;
    if (u->base.empty()) return 1.0;
    auto below = factorOf(units, u->base);
    return below ? std::optional<double>(*below * u->factor) : std::nullopt;
  }
  return std::nullopt;
}

// Times are normalized to ns, everything else to the base unit.
const ast::UnitDecl* normalizedUnit(const std::vector<ast::UnitDecl>& units) {
  for (const auto& u : units)
    if (u.name.text == "ns") return &u;
  return units.empty() ? nullptr : &units.front();
}

}  // namespace

std::string formatTime(std::int64_t ns) {
  struct Unit {
    std::int64_t factor;
    const char* name;
  };
  for (Unit u : {Unit{1'000'000'000, "sec"}, Unit{1'000'000, "ms"}, Unit{1'000, "us"}})
    if (ns != 0 && ns % u.factor == 0) return std::to_string(ns / u.factor) + " " + u.name;
  return std::to_string(ns) + " ns";
}

const std::vector<ast::UnitDecl>* PropertyEvaluator::unitsOf(const ast::PropertyType& type, const Context& context,
                                                             Diagnostics& diagnostics) {
  if (!type.units.empty()) return &type.units;
  if (type.unitsReference.text.empty()) return nullptr;
  ast::PropertyType named;
  named.kind = Kind::Named;
  named.named = type.unitsReference;
  const ast::PropertyType* resolved = declarations_.resolveType(named, *context.set, diagnostics);
  if (!resolved) return nullptr;
  if (resolved->kind != Kind::Units) {
    diagnostics.items.push_back(
        diagnosticAt(Severity::Error, type.unitsReference.loc, "'" + type.unitsReference.text + "' is not a units type"));
    return nullptr;
  }
  return &resolved->units;
}

std::optional<PropertyValue> PropertyEvaluator::evaluateNumber(const ast::PropertyExpr& expr,
                                                               const ast::PropertyType& type, const Context& context,
                                                               Diagnostics& diagnostics) {
  PropertyValue v;
  bool wantInteger = type.kind == Kind::Integer;
  if (wantInteger && expr.kind == ExprKind::Real) {
    diagnostics.items.push_back(diagnosticAt(Severity::Error, expr.loc,
                                             "expected an integer for " + std::string(context.property) + ", found '" +
                                                 expr.text + "'"));
    return std::nullopt;
  }
  std::optional<std::int64_t> integer;
  double real = 0;
  if (expr.kind == ExprKind::Integer) {
    integer = parseInteger(expr.text);
    if (!integer) {
      diagnostics.items.push_back(diagnosticAt(Severity::Error, expr.loc, "integer '" + expr.text + "' is out of range"));
      return std::nullopt;
    }
    if (expr.negative) *integer = -*integer;
    real = static_cast<double>(*integer);
  } else {
    std::string digits;
    for (char c : expr.text)
      if (c != '_') digits += c;
    real = std::strtod(digits.c_str(), nullptr);
    if (expr.negative) real = -real;
  }
  const std::vector<ast::UnitDecl>* units = unitsOf(type, context, diagnostics);
  if (!units) {
    if (!expr.unit.text.empty()) {
      diagnostics.items.push_back(diagnosticAt(Severity::Error, expr.unit.loc,
                                               std::string(context.property) + " takes no unit, found '" +
                                                   expr.unit.text + "'"));
      return std::nullopt;
    }
    v.kind = wantInteger ? PropertyValue::Kind::Integer : PropertyValue::Kind::Real;
    v.integer = integer.value_or(0);
    v.real = real;
    return v;
  }
  if (expr.unit.text.empty()) {
    diagnostics.items.push_back(diagnosticAt(Severity::Error, expr.loc,
                                             "missing unit for " + std::string(context.property) + " (expected one of " +
                                                 unitNames(*units) + ")"));
    return std::nullopt;
  }
  std::optional<double> factor = factorOf(*units, expr.unit.text);
  if (!factor) {
    diagnostics.items.push_back(diagnosticAt(Severity::Error, expr.unit.loc,
                                             "unknown unit '" + expr.unit.text + "' for " +
                                                 std::string(context.property) + " (expected one of " +
                                                 unitNames(*units) + ")"));
    return std::nullopt;
  }
  const ast::UnitDecl* target = normalizedUnit(*units);
  double targetFactor = factorOf(*units, target->name.text).value_or(1.0);
  v.unit = target->name.text;
  if (wantInteger) {
    v.kind = PropertyValue::Kind::Integer;
    double ratio = *factor / targetFactor;
    std::int64_t value = *integer;
    if (ratio >= 1) {
      auto multiplier = static_cast<std::int64_t>(std::llround(ratio));
      if (__builtin_mul_overflow(value, multiplier, &value)) {
        diagnostics.items.push_back(diagnosticAt(Severity::Error, expr.loc,
                                                 "value '" + expr.text + " " + expr.unit.text + "' is out of range"));
        return std::nullopt;
      }
    } else {
      value = static_cast<std::int64_t>(static_cast<double>(value) * ratio);
    }
    v.integer = value;
    v.real = static_cast<double>(value);
  } else {
    v.kind = PropertyValue::Kind::Real;
    v.real = real * (*factor / targetFactor);
  }
  return v;
}

std::optional<PropertyValue> PropertyEvaluator::evaluateConstant(const ast::PropertyExpr& expr,
                                                                 const ast::PropertyType& type, const Context& context,
                                                                 Diagnostics& diagnostics, int depth) {
  auto [set, constant] = declarations_.findConstant(expr.package, expr.text, context.set);
  if (!constant) {
    std::string shown = expr.package.empty() ? expr.text : expr.package + "::" + expr.text;
    diagnostics.items.push_back(diagnosticAt(Severity::Error, expr.loc,
                                             "'" + shown + "' is not a valid value for " +
                                                 std::string(context.property) + " (expected " + typeName(type) + ")"));
    return std::nullopt;
  }
  Context inner{set, nullptr, constant->name.text};
  const ast::PropertyType* constantType = declarations_.resolveType(*constant->type, *set, diagnostics);
  if (!constantType) return std::nullopt;
  auto value = evaluateExpr(constant->value, *constantType, inner, diagnostics, depth + 1);
  if (value && expr.negative) {
    value->integer = -value->integer;
    value->real = -value->real;
  }
  return value;
}

// A classifier reference, resolved from the package that writes it (as
// written when no package is known).
std::optional<PropertyValue> PropertyEvaluator::evaluateClassifier(const ast::PropertyExpr& expr, const Context& context,
                                                                   Diagnostics& diagnostics) {
  PropertyValue v;
  v.kind = PropertyValue::Kind::Classifier;
  if (!context.package) {
    v.text = expr.classifier.text();
    return v;
  }
  const ast::ClassifierDecl* c = declarations_.resolveClassifier(expr.classifier, *context.package, diagnostics);
  if (!c) return std::nullopt;
  v.text = Declarations::qualifiedName(*c);
  return v;
}

// An enumeration literal or a unit name of `type`, as the type spells it.
std::optional<PropertyValue> PropertyEvaluator::evaluateLiteral(const ast::PropertyExpr& expr,
                                                                const ast::PropertyType& type, const Context& context,
                                                                Diagnostics& diagnostics) {
  PropertyValue v;
  std::string expected;
  auto consider = [&](const ast::Name& literal) {
    expected += (expected.empty() ? "" : ", ") + literal.text;
    if (equalsIgnoreCase(literal.text, expr.text)) v.text = literal.text;
  };
  if (type.kind == Kind::Enumeration)
    for (const ast::Name& literal : type.literals) consider(literal);
  else
    for (const ast::UnitDecl& u : type.units) consider(u.name);
  if (v.text.empty()) {
    diagnostics.items.push_back(diagnosticAt(Severity::Error, expr.loc,
                                             "'" + expr.text + "' is not a value of " + std::string(context.property) +
                                                 " (expected one of " + expected + ")"));
    return std::nullopt;
  }
  v.kind = PropertyValue::Kind::Enumeration;
  return v;
}

// A record value: each field by its declared type, in the order written.
std::optional<PropertyValue> PropertyEvaluator::evaluateRecord(const ast::PropertyExpr& expr,
                                                               const ast::PropertyType& type, const Context& context,
                                                               Diagnostics& diagnostics, int depth) {
  PropertyValue v;
  v.kind = PropertyValue::Kind::Record;
  for (const ast::RecordFieldExpr& field : expr.fields) {
    const ast::PropertyTypePtr* fieldType = nullptr;
    for (const auto& [name, t] : type.recordFields)
      if (equalsIgnoreCase(name.text, field.name.text)) fieldType = &t;
    if (!fieldType) {
      diagnostics.items.push_back(diagnosticAt(Severity::Error, field.name.loc,
                                               "no field '" + field.name.text + "' in the record of " +
                                                   std::string(context.property)));
      return std::nullopt;
    }
    auto value = evaluateExpr(field.value, **fieldType, context, diagnostics, depth + 1);
    if (!value) return std::nullopt;
    v.fields.push_back({field.name.text, std::move(*value)});
  }
  return v;
}

std::optional<PropertyValue> PropertyEvaluator::evaluateExpr(const ast::PropertyExpr& expr,
                                                             const ast::PropertyType& declared, const Context& context,
                                                             Diagnostics& diagnostics, int depth) {
  if (depth > 32) {
    diagnostics.items.push_back(diagnosticAt(Severity::Error, expr.loc, "property value nested too deeply"));
    return std::nullopt;
  }
  const ast::PropertyType* resolved = declarations_.resolveType(declared, *context.set, diagnostics);
  if (!resolved) return std::nullopt;
  const ast::PropertyType& type = *resolved;
  auto mismatch = [&]() -> std::optional<PropertyValue> {
    std::string expected = typeName(type);
    if (type.kind == Kind::Enumeration && !type.literals.empty()) expected += " " + literalsOf(type);
    diagnostics.items.push_back(diagnosticAt(Severity::Error, expr.loc,
                                             "expected " + expected + " for " + std::string(context.property) +
                                                 ", found " + describeWritten(expr)));
    return std::nullopt;
  };
  // A named constant may stand for a value of any type; for an enumeration only a
  // qualified one (`ARP4761::Remote`), as an unqualified name is a literal.
  bool literalType = type.kind == Kind::Enumeration || type.kind == Kind::Units;
  if (expr.kind == ExprKind::Name && (!literalType || !expr.package.empty()))
    return evaluateConstant(expr, type, context, diagnostics, depth);
  PropertyValue v;
  switch (type.kind) {
    case Kind::Boolean:
      if (expr.kind != ExprKind::Boolean) return mismatch();
      v.kind = PropertyValue::Kind::Boolean;
      v.boolean = expr.boolean;
      return v;
    case Kind::String:
      if (expr.kind != ExprKind::String) return mismatch();
      v.kind = PropertyValue::Kind::String;
      v.text = expr.text;
      return v;
    case Kind::Integer:
    case Kind::Real:
      if (expr.kind != ExprKind::Integer && expr.kind != ExprKind::Real) return mismatch();
      return evaluateNumber(expr, type, context, diagnostics);
    case Kind::Enumeration:
    case Kind::Units:
      if (expr.kind != ExprKind::Name || !expr.package.empty()) return mismatch();
      return evaluateLiteral(expr, type, context, diagnostics);
    case Kind::Range: {
      if (expr.kind != ExprKind::Range || expr.items.size() < 2 || !type.element) return mismatch();
      v.kind = PropertyValue::Kind::Range;
      for (std::size_t i = 0; i < 2; ++i) {
        auto bound = evaluateExpr(expr.items[i], *type.element, context, diagnostics, depth + 1);
        if (!bound) return std::nullopt;
        v.elements.push_back(std::move(*bound));
      }
      v.unit = v.elements[0].unit;
      return v;
    }
    case Kind::List: {
      if (expr.kind != ExprKind::List || !type.element) return mismatch();
      v.kind = PropertyValue::Kind::List;
      bool ok = true;
      for (const ast::PropertyExpr& item : expr.items) {
        auto element = evaluateExpr(item, *type.element, context, diagnostics, depth + 1);
        if (element) v.elements.push_back(std::move(*element));
        else ok = false;
      }
      if (!ok) return std::nullopt;
      return v;
    }
    case Kind::Record:
      if (expr.kind != ExprKind::Record) return mismatch();
      return evaluateRecord(expr, type, context, diagnostics, depth);
    case Kind::Classifier:
      if (expr.kind != ExprKind::Classifier) return mismatch();
      return evaluateClassifier(expr, context, diagnostics);
    case Kind::Reference: {
      if (expr.kind != ExprKind::Reference) return mismatch();
      v.kind = PropertyValue::Kind::Reference;
      for (const ast::Name& part : expr.path) v.text += (v.text.empty() ? "" : ".") + part.text;
      return v;
    }
    case Kind::Named: return mismatch();  // resolveType never leaves a Named type
  }
  return mismatch();
}

const EvaluatedAssociation& PropertyEvaluator::evaluate(const ast::PropertyAssociationDecl& association,
                                                        const ast::PackageDecl* from, Diagnostics& diagnostics) {
  auto it = cache_.find(&association);
  if (it != cache_.end()) return it->second;
  EvaluatedAssociation result;
  if (auto property = declarations_.resolveProperty(association.propertySet, association.name, from, diagnostics)) {
    result.property = *property;
    std::string shown = property->set->name.text + "::" + property->definition->name.text;
    Context context{property->set, from, shown};
    if (association.value.kind == ExprKind::Compute) {
      diagnostics.items.push_back(diagnosticAt(Severity::Error, association.value.loc,
                                               "'compute (...)' values are not supported (" + shown + ")"));
    } else if (property->definition->type) {
      std::size_t before = diagnostics.items.size();
      result.value = evaluateExpr(association.value, *property->definition->type, context, diagnostics, 0);
      if (auto note = Declarations::shippedSetNote(*property->set))
        for (std::size_t i = before; i < diagnostics.items.size(); ++i)
          if (diagnostics.items[i].severity == Severity::Error) diagnostics.items[i].notes.push_back(*note);
    }
  }
  return cache_.emplace(&association, std::move(result)).first->second;
}

const std::optional<PropertyValue>& PropertyEvaluator::defaultValue(const PropertyRef& property,
                                                                    Diagnostics& diagnostics) {
  auto it = defaults_.find(property.definition);
  if (it != defaults_.end()) return it->second;
  std::optional<PropertyValue> value;
  if (property.definition->defaultValue && property.definition->type) {
    std::string shown = property.set->name.text + "::" + property.definition->name.text;
    Context context{property.set, nullptr, shown};
    value = evaluateExpr(*property.definition->defaultValue, *property.definition->type, context, diagnostics, 0);
  }
  return defaults_.emplace(property.definition, std::move(value)).first->second;
}

std::optional<PropertyAssociation> PropertyEvaluator::defaultAssociation(const PropertyRef& property,
                                                                        Diagnostics& diagnostics) {
  const auto& value = defaultValue(property, diagnostics);
  if (!value) return std::nullopt;
  PropertyAssociation a;
  a.propertySet = property.set->name.text;
  a.name = property.definition->name.text;
  a.value = *value;
  a.location = ast::toSourceLocation(property.definition->name.loc);
  a.isDefault = true;
  return a;
}

namespace {

// Resolves every named type inside `type`: the element of `list of T` and
// `range of T`, record fields, and `T` itself; unresolved ones are reported.
void resolveNested(const Declarations& declarations, const ast::PropertyType& type, const ast::PropertySetDecl& set,
                   Diagnostics& diagnostics, int depth = 0) {
  if (depth > 32) return;  // the parser bounds nesting; this is only a guard
  switch (type.kind) {
    case ast::PropertyType::Kind::Named: declarations.resolveType(type, set, diagnostics); break;
    case ast::PropertyType::Kind::List:
    case ast::PropertyType::Kind::Range:
      if (type.element) resolveNested(declarations, *type.element, set, diagnostics, depth + 1);
      break;
    case ast::PropertyType::Kind::Record:
      for (const auto& field : type.recordFields)
        if (field.second) resolveNested(declarations, *field.second, set, diagnostics, depth + 1);
      break;
    default: break;
  }
}

}  // namespace

void PropertyEvaluator::checkPropertySet(const ast::PropertySetDecl& set, Diagnostics& diagnostics) {
  for (const auto& t : set.types) resolveNested(declarations_, *t.type, set, diagnostics);
  for (const auto& d : set.definitions) {
    if (d.type) resolveNested(declarations_, *d.type, set, diagnostics);
    defaultValue({&set, &d}, diagnostics);
  }
  for (const auto& c : set.constants) {
    Context context{&set, nullptr, c.name.text};
    if (c.type) evaluateExpr(c.value, *c.type, context, diagnostics, 0);
  }
}

}  // namespace bulkhead::model
