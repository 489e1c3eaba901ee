// Property associations, property expressions and property sets.
#include "model/parser_state.hpp"
#include "model/text_util.hpp"

#include <cstdlib>

namespace bulkhead::model::detail {

std::vector<ast::PropertyAssociationDecl> ParserState::propertiesSection() {
  std::vector<ast::PropertyAssociationDecl> result;
  if (atKeyword("none") && peek(1).kind == TokenKind::Semicolon) {
    advance();
    advance();
    return result;
  }
  // Associations start with a (qualified) property name followed by => or +=> or ::.
  while (at(TokenKind::Identifier) &&
         (peek(1).kind == TokenKind::Arrow || peek(1).kind == TokenKind::PlusArrow ||
          peek(1).kind == TokenKind::DoubleColon))
    result.push_back(propertyAssociation());
  return result;
}

std::vector<ast::PropertyAssociationDecl> ParserState::curlyProperties() {
  std::vector<ast::PropertyAssociationDecl> result;
  if (!accept(TokenKind::LeftBrace)) return result;
  while (!at(TokenKind::RightBrace)) {
    if (at(TokenKind::End)) unexpected("'}'");
    result.push_back(propertyAssociation());
  }
  advance();
  return result;
}

ast::PropertyAssociationDecl ParserState::propertyAssociation() {
  ast::PropertyAssociationDecl a;
  a.loc = here();
  ast::Name first = identifier("property name");
  if (accept(TokenKind::DoubleColon)) {
    a.propertySet = first;
    a.name = identifier("property name");
  } else {
    a.name = first;
  }
  if (accept(TokenKind::PlusArrow)) a.append = true;
  else expect(TokenKind::Arrow, "'=>' after the property name");
  if (acceptKeyword("constant")) a.constant = true;
  a.value = propertyValue();
  while (atKeyword("applies") || atKeyword("in")) {
    if (acceptKeyword("applies")) {
      expectKeyword("to");
      do {
        std::vector<ast::Name> path{identifier("a path after 'applies to'")};
        while (true) {
          // An indexed element applies to the whole array, as before: only the indices are checked.
          if (at(TokenKind::LeftBracket)) arraySelection(path.back());
          if (!accept(TokenKind::Dot)) break;
          path.push_back(identifier("a path after 'applies to'"));
        }
        a.appliesTo.push_back(std::move(path));
      } while (accept(TokenKind::Comma));
    } else {
      advance();
      if (acceptKeyword("binding")) a.inBinding = true;
      else if (acceptKeyword("modes")) a.inModes = true;
      else unexpected("'binding' or 'modes' after 'in'");
      expect(TokenKind::LeftParen);
      skipPast(TokenKind::RightParen);
    }
  }
  expect(TokenKind::Semicolon, "';' after the property association");
  return a;
}

namespace {

bool isReservedAfterValue(const Token& t) {
  for (std::string_view k : {"applies", "in", "delta", "units"})
    if (ParserState::isKeyword(t, k)) return true;
  return false;
}

}  // namespace

// A parenthesised list or a bracketed record; the opening token is next.
ast::PropertyExpr ParserState::propertyAggregate() {
  ast::PropertyExpr t;
  t.loc = here();
  if (accept(TokenKind::LeftParen)) {
    t.kind = ast::PropertyExpr::Kind::List;
    if (!at(TokenKind::RightParen)) {
      do t.items.push_back(propertyValue());
      while (accept(TokenKind::Comma));
    }
    expect(TokenKind::RightParen, "',' or ')' in the list");
    return t;
  }
  advance();  // '['
  t.kind = ast::PropertyExpr::Kind::Record;
  while (!at(TokenKind::RightBracket)) {
    ast::RecordFieldExpr field{identifier("record field name"), {}};
    expect(TokenKind::Arrow, "'=>' after the record field name");
    field.value = propertyValue();
    expect(TokenKind::Semicolon, "';' after the record field");
    t.fields.push_back(std::move(field));
  }
  advance();
  return t;
}

// `reference (...)`, `classifier (...)` or `compute (...)`, when the
// keyword and its '(' are next; nothing otherwise.
std::optional<ast::PropertyExpr> ParserState::propertyKeywordValue() {
  const bool call = peek(1).kind == TokenKind::LeftParen;
  if (!call || !(atKeyword("reference") || atKeyword("classifier") || atKeyword("compute"))) return std::nullopt;
  ast::PropertyExpr t;
  t.loc = here();
  if (atKeyword("reference")) {
    advance();
    advance();
    t.kind = ast::PropertyExpr::Kind::Reference;
    t.path.push_back(identifier("a path in 'reference (...)'"));
    while (true) {
      // `runtimes[1]` names that element, as the instance names it.
      if (at(TokenKind::LeftBracket)) t.path.back().text += arraySelection(t.path.back());
      if (!accept(TokenKind::Dot)) break;
      t.path.push_back(identifier("a path in 'reference (...)'"));
    }
    expect(TokenKind::RightParen, "')' after the reference");
    return t;
  }
  if (atKeyword("classifier")) {
    advance();
    advance();
    t.kind = ast::PropertyExpr::Kind::Classifier;
    t.classifier = classifierRef();
    expect(TokenKind::RightParen, "')' after the classifier");
    return t;
  }
  advance();
  advance();
  t.kind = ast::PropertyExpr::Kind::Compute;
  t.text = identifier("a function name in 'compute (...)'").text;
  expect(TokenKind::RightParen);
  return t;
}

// One term of a property value (a range has two or three).
ast::PropertyExpr ParserState::propertyTerm() {
  if (at(TokenKind::LeftParen) || at(TokenKind::LeftBracket)) return propertyAggregate();
  ast::PropertyExpr t;
  t.loc = here();
  if (at(TokenKind::String)) {
    t.kind = ast::PropertyExpr::Kind::String;
    std::string_view text = advance().text;
    t.text = std::string(text.substr(1, text.size() >= 2 && text.back() == '"' ? text.size() - 2 : text.size() - 1));
    return t;
  }
  bool negative = false;
  if (accept(TokenKind::Minus)) negative = true;
  else accept(TokenKind::Plus);
  if (at(TokenKind::Integer) || at(TokenKind::Real)) {
    t.kind = at(TokenKind::Integer) ? ast::PropertyExpr::Kind::Integer : ast::PropertyExpr::Kind::Real;
    t.text = std::string(advance().text);
    t.negative = negative;
    if (at(TokenKind::Identifier) && !isReservedAfterValue(current())) t.unit = identifier("unit");
    return t;
  }
  if (!at(TokenKind::Identifier)) unexpected("a property value");
  if (!negative && (atKeyword("true") || atKeyword("false"))) {
    t.kind = ast::PropertyExpr::Kind::Boolean;
    t.boolean = equalsIgnoreCase(advance().text, "true");
    return t;
  }
  if (!negative)
    if (auto keyword = propertyKeywordValue()) return std::move(*keyword);
  // An enumeration literal, a unit-less constant reference, or a qualified constant.
  t.kind = ast::PropertyExpr::Kind::Name;
  t.negative = negative;
  ast::Name first = identifier("a property value");
  if (accept(TokenKind::DoubleColon)) {
    t.package = first.text;
    t.text = identifier("a property constant name").text;
  } else {
    t.text = first.text;
  }
  if (at(TokenKind::Identifier) && t.package.empty() == false && !isReservedAfterValue(current()))
    t.unit = identifier("unit");
  return t;
}

ast::PropertyExpr ParserState::propertyValue() {
  enterNesting();
  ast::PropertyExpr value;
  value.loc = here();
  ast::PropertyExpr first = propertyTerm();
  if (accept(TokenKind::DotDot)) {
    value.kind = ast::PropertyExpr::Kind::Range;
    value.items.push_back(std::move(first));
    value.items.push_back(propertyTerm());
    if (acceptKeyword("delta")) value.items.push_back(propertyTerm());
  } else {
    value = std::move(first);
  }
  leaveNesting();
  return value;
}

// ---------------------------------------------------------------- property sets

std::vector<ast::UnitDecl> ParserState::unitsList() {
  std::vector<ast::UnitDecl> units;
  expect(TokenKind::LeftParen, "'(' and the unit names");
  units.push_back({identifier("unit name"), {}, 1});
  while (accept(TokenKind::Comma)) {
    ast::UnitDecl u{identifier("unit name"), {}, 1};
    expect(TokenKind::Arrow, "'=>' in the unit declaration");
    u.base = identifier("unit name").text;
    expect(TokenKind::Star, "'*' in the unit declaration");
    const Token& n = current();
    if (!at(TokenKind::Integer) && !at(TokenKind::Real)) unexpected("a number");
    advance();
    std::string digits;
    for (char ch : n.text)
      if (ch != '_') digits += ch;
    u.factor = std::strtod(digits.c_str(), nullptr);
    units.push_back(std::move(u));
  }
  expect(TokenKind::RightParen, "',' or ')' in the unit list");
  return units;
}

void ParserState::propertyRange() {
  // `aadlinteger 0 .. 100 units X`: the bounds are parsed, not enforced.
  if (at(TokenKind::Integer) || at(TokenKind::Real) || at(TokenKind::Minus) || at(TokenKind::Plus) ||
      (at(TokenKind::Identifier) && (peek(1).kind == TokenKind::DotDot || peek(1).kind == TokenKind::DoubleColon)))
    propertyValue();
}

ast::PropertyTypePtr ParserState::propertyType() {
  enterNesting();
  auto type = std::make_shared<ast::PropertyType>();
  type->loc = here();
  using K = ast::PropertyType::Kind;
  auto unitsPart = [&] {
    if (!acceptKeyword("units")) return;
    if (at(TokenKind::LeftParen)) type->units = unitsList();
    else type->unitsReference = qualifiedName("units type name");
  };
  if (acceptKeyword("aadlboolean")) type->kind = K::Boolean;
  else if (acceptKeyword("aadlstring")) type->kind = K::String;
  else if (acceptKeyword("aadlinteger")) {
    type->kind = K::Integer;
    propertyRange();
    unitsPart();
  } else if (acceptKeyword("aadlreal")) {
    type->kind = K::Real;
    propertyRange();
    unitsPart();
  } else if (acceptKeyword("enumeration")) {
    type->kind = K::Enumeration;
    expect(TokenKind::LeftParen, "'(' and the enumeration literals");
    do type->literals.push_back(identifier("enumeration literal"));
    while (accept(TokenKind::Comma));
    expect(TokenKind::RightParen, "',' or ')' in the enumeration");
  } else if (acceptKeyword("units")) {
    type->kind = K::Units;
    type->units = unitsList();
  } else if (acceptKeyword("range")) {
    expectKeyword("of");
    type->kind = K::Range;
    type->element = propertyType();
  } else if (acceptKeyword("list")) {
    expectKeyword("of");
    type->kind = K::List;
    type->element = propertyType();
  } else if (acceptKeyword("classifier") || acceptKeyword("reference")) {
    type->kind = equalsIgnoreCase(tokens_[pos_ - 1].text, "classifier") ? K::Classifier : K::Reference;
    if (at(TokenKind::LeftParen)) skipGroup();  // allowed categories
  } else if (acceptKeyword("record")) {
    type->kind = K::Record;
    expect(TokenKind::LeftParen, "'(' and the record fields");
    while (!at(TokenKind::RightParen)) {
      ast::Name field = identifier("record field name");
      expect(TokenKind::Colon, "':' after the record field name");
      type->recordFields.emplace_back(field, propertyType());
      expect(TokenKind::Semicolon, "';' after the record field");
    }
    advance();
  } else if (at(TokenKind::Identifier)) {
    type->kind = K::Named;
    type->named = qualifiedName("property type name");
  } else {
    unexpected("a property type");
  }
  leaveNesting();
  return type;
}

std::unique_ptr<ast::PropertySetDecl> ParserState::propertySet() {
  auto set = std::make_unique<ast::PropertySetDecl>();
  set->loc = loc(tokens_[pos_ >= 2 ? pos_ - 2 : 0]);
  set->file = &file_;
  set->name = identifier("property set name");
  expectKeyword("is");
  while (acceptKeyword("with")) {
    do set->withs.push_back(qualifiedName("property set name"));
    while (accept(TokenKind::Comma));
    expect(TokenKind::Semicolon);
  }
  while (!atKeyword("end")) {
    if (at(TokenKind::End)) unexpected("'end " + set->name.text + ";'");
    ast::Name name = identifier("property, type or constant name");
    expect(TokenKind::Colon, "':' after the name");
    if (acceptKeyword("type")) {
      set->types.push_back({name, propertyType()});
    } else if (acceptKeyword("constant")) {
      ast::PropertyConstant constant{name, propertyType(), {}};
      expect(TokenKind::Arrow, "'=>' and the constant's value");
      constant.value = propertyValue();
      set->constants.push_back(std::move(constant));
    } else {
      ast::PropertyDefinition def;
      def.name = name;
      def.inherit = acceptKeyword("inherit");
      def.type = propertyType();
      if (accept(TokenKind::Arrow)) def.defaultValue = propertyValue();
      expectKeyword("applies");
      expectKeyword("to");
      expect(TokenKind::LeftParen, "'(' and the categories the property applies to");
      std::string words;
      while (!at(TokenKind::RightParen)) {
        if (at(TokenKind::End)) unexpected("')'");
        if (accept(TokenKind::Comma)) {
          if (!words.empty()) def.appliesTo.push_back(words);
          words.clear();
          continue;
        }
        const Token& t = advance();
        if (t.kind == TokenKind::Identifier) words += (words.empty() ? "" : " ") + toLower(t.text);
      }
      if (!words.empty()) def.appliesTo.push_back(words);
      advance();
      set->definitions.push_back(std::move(def));
    }
    expect(TokenKind::Semicolon, "';' after the declaration");
  }
  advance();
  ast::Name endName = identifier("property set name after 'end'");
  if (!equalsIgnoreCase(endName.text, set->name.text))
    warn(tokens_[pos_ - 1], "'end " + endName.text + "' does not match 'property set " + set->name.text + "'");
  expect(TokenKind::Semicolon);
  return set;
}

}  // namespace bulkhead::model::detail
