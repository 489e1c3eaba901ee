#pragma once
// Internal to the parser: the token cursor and the grammar rules shared by
// parser.cpp (packages, classifiers) and parser_properties.cpp (property
// associations, values, property sets).
#include "model/ast.hpp"
#include "model/diagnostic.hpp"
#include "model/token.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::model::detail {

// Thrown at the first syntax error of a file; never leaves parseFile.
struct SyntaxError {};

class ParserState {
 public:
  ParserState(const SourceFile& file, std::vector<Token> tokens, Diagnostics& diagnostics)
      : file_(file), tokens_(std::move(tokens)), diagnostics_(diagnostics) {}

  ast::AadlFile parseFile();

  // Property associations and values (parser_properties.cpp).
  ast::PropertyAssociationDecl propertyAssociation();
  std::vector<ast::PropertyAssociationDecl> propertiesSection();   // after `properties`
  std::vector<ast::PropertyAssociationDecl> curlyProperties();     // `{ ... }` if present
  ast::PropertyExpr propertyValue();
  ast::PropertyExpr propertyTerm();
  ast::PropertyExpr propertyAggregate();
  std::optional<ast::PropertyExpr> propertyKeywordValue();
  std::unique_ptr<ast::PropertySetDecl> propertySet();            // after `property set`

  // Cursor.
  const Token& current() const { return tokens_[pos_]; }
  const Token& peek(std::size_t ahead) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  bool at(TokenKind kind) const { return current().kind == kind; }
  bool atKeyword(std::string_view keyword) const { return isKeyword(current(), keyword); }
  static bool isKeyword(const Token& token, std::string_view keyword);
  const Token& advance() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool accept(TokenKind kind);
  bool acceptKeyword(std::string_view keyword);
  const Token& expect(TokenKind kind, std::string_view what = {});
  void expectKeyword(std::string_view keyword);
  ast::Name identifier(std::string_view what = "identifier");
  ast::Name qualifiedName(std::string_view what = "name");          // a::b::c
  ast::ClassifierRef classifierRef();                                // a::b::c.impl
  ast::Loc loc(const Token& token) const { return {&file_, token.line, token.column}; }
  ast::Loc here() const { return loc(current()); }
  [[noreturn]] void fail(const Token& at, std::string message);
  // What AS5506C forbids but OSATE only warns about (a mismatched name after `end`).
  void warn(const Token& at, std::string message);
  [[noreturn]] void unexpected(std::string_view expected);
  void skipPast(TokenKind kind);   // skips balanced braces/parens up to and including `kind`
  void skipGroup();                // at '(' or '[' or '{': skips through the matching close
  std::string arraySelection(const ast::Name& element);  // at '[': `[1]`, `[1 .. 2]`, `[1][2]` after a path element
  std::vector<ast::PrototypeBindingDecl> prototypeBindings();  // at '(': `(p => data T, q => feature group G)`
  ast::ClassifierRef prototypeActual();                         // after `=>`
  ast::PrototypeDecl prototype();                               // an entry of a `prototypes` section
  void enterNesting();
  void leaveNesting() { --depth_; }

 private:
  std::unique_ptr<ast::PackageDecl> package();
  void packageSection(ast::PackageDecl& package, bool isPrivate);
  ast::AliasDecl alias(bool isPrivate);
  std::unique_ptr<ast::ClassifierDecl> classifier(const ast::PackageDecl& package, bool isPrivate);
  bool atClassifierStart() const;
  bool atSectionKeyword() const;
  void classifierSections(ast::ClassifierDecl& c);
  ast::FeatureDecl feature();
  ast::SubcomponentDecl subcomponent();
  ast::ConnectionDecl connection();
  std::vector<ast::Name> connectionEnd();
  ast::ArrayDimension arrayDimension();
  void skipEntries();   // entries of a section we parse but do not model
  ast::PropertyTypePtr propertyType();
  void propertyRange();
  std::vector<ast::UnitDecl> unitsList();

  const SourceFile& file_;
  std::vector<Token> tokens_;
  Diagnostics& diagnostics_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace bulkhead::model::detail
