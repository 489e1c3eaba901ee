// Lexer and parser: tokens, case-insensitive keywords, comments, annexes,
// and the AST with its source locations.
#include "model/lexer.hpp"
#include "model/parser.hpp"

#include <gtest/gtest.h>

namespace bulkhead::model {
namespace {

std::vector<Token> lex(const std::string& text, Diagnostics& diagnostics, SourceFile*& keep) {
  static std::vector<std::unique_ptr<SourceFile>> files;
  files.push_back(std::make_unique<SourceFile>("t.aadl", text));
  keep = files.back().get();
  return tokenize(*keep, diagnostics);
}

TEST(Lexer, TokensWithPositionsUnitsAndComments) {
  Diagnostics d;
  SourceFile* f = nullptr;
  auto tokens = lex("Period => 10ms; -- comment\n  a::b.c .. -> <-> +=> 16#FF# 1.5e3 \"s\"", d, f);
  ASSERT_TRUE(d.items.empty()) << render(d);
  std::vector<TokenKind> kinds;
  for (const Token& t : tokens) kinds.push_back(t.kind);
  std::vector<TokenKind> expected{TokenKind::Identifier, TokenKind::Arrow,      TokenKind::Integer,
                                  TokenKind::Identifier, TokenKind::Semicolon,  TokenKind::Identifier,
                                  TokenKind::DoubleColon, TokenKind::Identifier, TokenKind::Dot,
                                  TokenKind::Identifier, TokenKind::DotDot,     TokenKind::Connect,
                                  TokenKind::BiConnect,  TokenKind::PlusArrow,  TokenKind::Integer,
                                  TokenKind::Real,       TokenKind::String,     TokenKind::End};
  EXPECT_EQ(kinds, expected);
  EXPECT_EQ(tokens[2].text, "10");
  EXPECT_EQ(tokens[3].text, "ms");
  EXPECT_EQ(tokens[5].line, 2u);
  EXPECT_EQ(tokens[5].column, 3u);
}

TEST(Lexer, AnnexTextIsOneOpaqueToken) {
  Diagnostics d;
  SourceFile* f = nullptr;
  auto tokens = lex("annex resolute {** check x -> y; ** not the end **};", d, f);
  ASSERT_TRUE(d.items.empty());
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[2].kind, TokenKind::AnnexText);
  EXPECT_EQ(tokens[2].text, "{** check x -> y; ** not the end **}");
}

TEST(Lexer, BadCharacterIsALocatedError) {
  Diagnostics d;
  SourceFile* f = nullptr;
  lex("package p\n  $ public", d, f);
  ASSERT_EQ(d.items.size(), 1u);
  EXPECT_EQ(render(d.items[0]), "t.aadl:2:3: error: unexpected character '$'\n  $ public\n  ^\n");
}

TEST(Lexer, UnterminatedStringAndAnnex) {
  Diagnostics d;
  SourceFile* f = nullptr;
  lex("x => \"abc;\n annex a {** never closed", d, f);
  ASSERT_EQ(d.items.size(), 1u);
  EXPECT_EQ(render(d.items[0]), "t.aadl:1:6: error: unterminated string\nx => \"abc;\n     ^\n");
  Diagnostics annex;
  lex("x => \"abc\"; annex a {** never closed", annex, f);
  ASSERT_EQ(annex.items.size(), 1u);
  EXPECT_EQ(annex.items[0].message, "unterminated annex text: missing '**}'");
}

// OSATE's strings may span lines and escape a quote with '\\'.
TEST(Lexer, StringsSpanLinesAndEscapeQuotes) {
  Diagnostics d;
  SourceFile* f = nullptr;
  auto tokens = lex("Description => \"two\n lines, a \\\" quote\";", d, f);
  ASSERT_TRUE(d.items.empty()) << render(d);
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[2].kind, TokenKind::String);
  EXPECT_EQ(tokens[2].text, "\"two\n lines, a \\\" quote\"");
  EXPECT_EQ(tokens[3].kind, TokenKind::Semicolon);
}

TEST(Parser, KeywordsAreCaseInsensitiveAndNamesKeepTheirSpelling) {
  SourceFile file("k.aadl",
                  "PACKAGE Pkg PUBLIC\n"
                  "  THREAD Worker FEATURES x: IN EVENT DATA PORT; END Worker;\n"
                  "  Thread Implementation Worker.Impl END Worker.impl;\n"
                  "END pkg;\n");
  Diagnostics d;
  ast::AadlFile tree = parseFile(file, d);
  ASSERT_TRUE(d.items.empty()) << render(d);
  ASSERT_EQ(tree.packages.size(), 1u);
  const auto& classifiers = tree.packages[0]->classifiers;
  ASSERT_EQ(classifiers.size(), 2u);
  EXPECT_EQ(classifiers[0]->category, ComponentCategory::Thread);
  EXPECT_EQ(classifiers[0]->typeName.text, "Worker");
  ASSERT_EQ(classifiers[0]->features.size(), 1u);
  EXPECT_EQ(classifiers[0]->features[0].category, FeatureCategory::EventDataPort);
  EXPECT_EQ(classifiers[0]->features[0].direction, Direction::In);
  EXPECT_EQ(classifiers[1]->name(), "Worker.Impl");
  EXPECT_EQ(classifiers[1]->loc.line, 3u);
  EXPECT_EQ(classifiers[1]->loc.column, 3u);
}

TEST(Parser, SectionsFlowsModesAnnexesAndPropertyForms) {
  SourceFile file("s.aadl",
                  "package p public\n"
                  "  with Base_Types;\n"
                  "  system s\n"
                  "    features\n"
                  "      a: in out data port Base_Types::Integer {Queue_Size => 2;};\n"
                  "      b: requires data access Base_Types::Integer;\n"
                  "      g: feature group;\n"
                  "    flows\n"
                  "      f1: flow path a -> a;\n"
                  "    modes\n"
                  "      m1: initial mode;\n"
                  "      m1 -[ a ]-> m1;\n"
                  "    properties\n"
                  "      Period => 10 ms .. 20 ms;\n"
                  "      Source_Text => (\"a.c\", \"b.c\");\n"
                  "      Actual_Processor_Binding => (reference (cpu)) applies to x.y, z;\n"
                  "      Data_Model::Base_Type => (classifier (Base_Types::Integer));\n"
                  "      Access_Time => [First => 1 ms .. 2 ms; Last => 3 ms .. 4 ms;];\n"
                  "      Priority => 3 in binding (cpu);\n"
                  "    annex agree {** guarantee true; **};\n"
                  "  end s;\n"
                  "end p;\n");
  Diagnostics d;
  ast::AadlFile tree = parseFile(file, d);
  ASSERT_TRUE(d.items.empty()) << render(d);
  const ast::ClassifierDecl& s = *tree.packages[0]->classifiers[0];
  EXPECT_EQ(s.features.size(), 3u);
  EXPECT_EQ(s.features[0].direction, Direction::InOut);
  EXPECT_EQ(s.features[0].properties.size(), 1u);
  EXPECT_EQ(s.features[1].category, FeatureCategory::DataAccess);
  EXPECT_EQ(s.features[2].category, FeatureCategory::FeatureGroup);
  EXPECT_TRUE(s.flows.has_value());
  EXPECT_TRUE(s.modes.has_value());
  ASSERT_EQ(s.properties.size(), 6u);
  EXPECT_EQ(s.properties[0].value.kind, ast::PropertyExpr::Kind::Range);
  EXPECT_EQ(s.properties[1].value.kind, ast::PropertyExpr::Kind::List);
  EXPECT_EQ(s.properties[2].appliesTo.size(), 2u);
  EXPECT_EQ(s.properties[2].appliesTo[0].size(), 2u);
  EXPECT_EQ(s.properties[3].propertySet.text, "Data_Model");
  EXPECT_EQ(s.properties[4].value.kind, ast::PropertyExpr::Kind::Record);
  EXPECT_TRUE(s.properties[5].inBinding);
  ASSERT_EQ(s.annexes.size(), 1u);
  EXPECT_EQ(s.annexes[0].text, "{** guarantee true; **}");
}

TEST(Parser, PropertySetDeclarations) {
  SourceFile file("ps.aadl",
                  "property set My_Props is\n"
                  "  with AADL_Project;\n"
                  "  Speed: type aadlinteger 0 .. 100 units (mps, kmps => mps * 1000);\n"
                  "  Mode: type enumeration (Fast, Slow);\n"
                  "  Limit: constant aadlinteger => 7;\n"
                  "  Current: inherit Speed => 5 mps applies to (thread, event data port);\n"
                  "  Pair: record (a: aadlinteger; b: list of aadlstring;) applies to (all);\n"
                  "end My_Props;\n");
  Diagnostics d;
  ast::AadlFile tree = parseFile(file, d);
  ASSERT_TRUE(d.items.empty()) << render(d);
  const ast::PropertySetDecl& set = *tree.propertySets[0];
  EXPECT_EQ(set.types.size(), 2u);
  EXPECT_EQ(set.constants.size(), 1u);
  ASSERT_EQ(set.definitions.size(), 2u);
  EXPECT_TRUE(set.definitions[0].inherit);
  EXPECT_EQ(set.definitions[0].appliesTo, (std::vector<std::string>{"thread", "event data port"}));
  EXPECT_EQ(set.types[0].type->units.size(), 2u);
  EXPECT_DOUBLE_EQ(set.types[0].type->units[1].factor, 1000.0);
}

TEST(Parser, StopsAtTheFirstSyntaxErrorWithOneDiagnostic) {
  SourceFile file("e.aadl", "package p public\n  thread t\n    features\n      x: in port;\n  end t;\nend p;\n");
  Diagnostics d;
  parseFile(file, d);
  ASSERT_EQ(d.items.size(), 1u);
  EXPECT_EQ(d.items[0].message,
            "expected 'data port', 'event port', 'event data port', 'parameter' or 'feature', found 'port'");
  EXPECT_EQ(d.items[0].location.line, 4u);
  EXPECT_EQ(d.items[0].location.column, 13u);
}

}  // namespace
}  // namespace bulkhead::model
