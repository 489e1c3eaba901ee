#include "model/parser.hpp"

#include "model/lexer.hpp"
#include "model/parser_state.hpp"
#include "model/text_util.hpp"

#include <charconv>
#include <optional>

namespace bulkhead::model {

namespace detail {


bool ParserState::isKeyword(const Token& token, std::string_view keyword) {
  return token.kind == TokenKind::Identifier && equalsIgnoreCase(token.text, keyword);
}

bool ParserState::accept(TokenKind kind) {
  if (!at(kind)) return false;
  advance();
  return true;
}

bool ParserState::acceptKeyword(std::string_view keyword) {
  if (!atKeyword(keyword)) return false;
  advance();
  return true;
}

void ParserState::warn(const Token& token, std::string message) {
  diagnostics_.items.push_back(file_.diagnostic(Severity::Warning, token.line, token.column, std::move(message)));
}

void ParserState::fail(const Token& token, std::string message) {
  diagnostics_.items.push_back(file_.diagnostic(Severity::Error, token.line, token.column, std::move(message)));
  throw SyntaxError{};
}

void ParserState::unexpected(std::string_view expected) {
  const Token& t = current();
  std::string found = t.kind == TokenKind::End          ? "end of file"
                      : t.kind == TokenKind::Identifier ? "'" + std::string(t.text) + "'"
                                                        : std::string(describe(t.kind));
  if (t.kind == TokenKind::AnnexText) found = "annex text";
  fail(t, "expected " + std::string(expected) + ", found " + found);
}

const Token& ParserState::expect(TokenKind kind, std::string_view what) {
  if (!at(kind)) unexpected(what.empty() ? describe(kind) : what);
  return advance();
}

void ParserState::expectKeyword(std::string_view keyword) {
  if (!atKeyword(keyword)) unexpected("'" + std::string(keyword) + "'");
  advance();
}

ast::Name ParserState::identifier(std::string_view what) {
  const Token& t = expect(TokenKind::Identifier, what);
  return {std::string(t.text), loc(t)};
}

ast::Name ParserState::qualifiedName(std::string_view what) {
  ast::Name name = identifier(what);
  while (at(TokenKind::DoubleColon)) {
    advance();
    name.text += "::";
    name.text += identifier(what).text;
  }
  return name;
}

ast::ClassifierRef ParserState::classifierRef() {
  ast::ClassifierRef ref;
  ref.loc = here();
  ast::Name first = identifier("classifier name");
  std::vector<std::string> parts{first.text};
  while (accept(TokenKind::DoubleColon)) parts.push_back(identifier("classifier name").text);
  ref.type = parts.back();
  parts.pop_back();
  for (std::size_t i = 0; i < parts.size(); ++i) ref.package += (i ? "::" : "") + parts[i];
  if (at(TokenKind::Dot) && peek(1).kind == TokenKind::Identifier) {
    advance();
    ref.implementation = identifier("implementation name").text;
  }
  return ref;
}

void ParserState::skipPast(TokenKind kind) {
  int depth = 0;
  while (!at(TokenKind::End)) {
    TokenKind k = current().kind;
    if (depth == 0 && k == kind) {
      advance();
      return;
    }
    if (k == TokenKind::LeftBrace || k == TokenKind::LeftParen || k == TokenKind::LeftBracket) ++depth;
    if ((k == TokenKind::RightBrace || k == TokenKind::RightParen || k == TokenKind::RightBracket) && depth > 0)
      --depth;
    advance();
  }
  unexpected(describe(kind));
}

void ParserState::skipGroup() {
  TokenKind close = at(TokenKind::LeftParen)     ? TokenKind::RightParen
                    : at(TokenKind::LeftBracket) ? TokenKind::RightBracket
                                                 : TokenKind::RightBrace;
  advance();
  skipPast(close);
}

std::string ParserState::arraySelection(const ast::Name& element) {
  // A literal index as written (digits and '_'); nullopt for anything else (based
  // literals, constants), which is left to the instance.
  auto literal = [](std::string_view text) -> std::optional<std::uint64_t> {
    std::string digits;
    for (char c : text) {
      if (c == '_') continue;
      if (c < '0' || c > '9' || digits.size() >= 18) return std::nullopt;
      digits += c;
    }
    if (digits.empty()) return std::nullopt;
    std::uint64_t value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
  };
  std::string selected;  // "[1][2]" when every dimension is one literal index
  bool single = true;
  while (at(TokenKind::LeftBracket)) {
    advance();
    std::string written;
    std::optional<Token> zero;  // the first index below 1
    int indices = 0;
    while (!at(TokenKind::RightBracket) && !at(TokenKind::End)) {
      const Token& t = advance();
      written += (written.empty() ? "" : " ") + std::string(t.text);
      if (t.kind == TokenKind::Integer) {
        ++indices;
        if (auto v = literal(t.text); v && *v == 0 && !zero) zero = t;
      } else if (t.kind != TokenKind::DotDot) {
        single = false;
      }
    }
    expect(TokenKind::RightBracket, "']' after the array index");
    if (zero)
      diagnostics_.items.push_back(file_.diagnostic(
          Severity::Error, zero->line, zero->column,
          "array index 0 in '" + element.text + "[" + written + "]': AADL array indices start at 1 (the first "
          "element is '" + element.text + "[1]')"));
    if (indices != 1) single = false;
    selected += "[" + written + "]";
  }
  return single ? selected : std::string();
}

void ParserState::enterNesting() {
  // Deeply nested input must not exhaust the stack.
  if (++depth_ > 64) fail(current(), "nesting too deep (more than 64 levels)");
}

ast::AadlFile ParserState::parseFile() {
  ast::AadlFile result;
  result.file = &file_;
  if (at(TokenKind::End)) fail(current(), "empty file: expected 'package' or 'property set'");
  while (!at(TokenKind::End)) {
    if (atKeyword("package")) {
      result.packages.push_back(package());
    } else if (atKeyword("property") && isKeyword(peek(1), "set")) {
      advance();
      advance();
      result.propertySets.push_back(propertySet());
    } else {
      unexpected("'package' or 'property set'");
    }
  }
  return result;
}

std::unique_ptr<ast::PackageDecl> ParserState::package() {
  auto p = std::make_unique<ast::PackageDecl>();
  p->loc = here();
  p->file = &file_;
  expectKeyword("package");
  p->name = qualifiedName("package name");
  bool any = false;
  if (acceptKeyword("public")) {
    packageSection(*p, false);
    any = true;
  }
  if (acceptKeyword("private")) {
    packageSection(*p, true);
    any = true;
  }
  if (acceptKeyword("properties")) {
    propertiesSection();  // package-level associations: parsed, they apply to nothing we instantiate
    any = true;
  }
  if (!any && !atKeyword("end")) unexpected("'public', 'private' or 'end'");
  if (!atKeyword("end"))
    unexpected("a declaration (a category such as 'system', 'process', 'thread' or 'data'), 'with', 'private' or 'end'");
  expectKeyword("end");
  ast::Name endName = qualifiedName("package name after 'end'");
  if (!equalsIgnoreCase(endName.text, p->name.text))
    warn(tokens_[pos_ - 1], "'end " + endName.text + "' does not match 'package " + p->name.text + "'");
  expect(TokenKind::Semicolon);
  return p;
}

bool ParserState::atClassifierStart() const {
  for (std::string_view k : {"system", "process", "thread", "processor", "virtual", "memory", "bus", "device",
                             "data", "subprogram", "abstract"})
    if (atKeyword(k)) return true;
  return atKeyword("feature") && isKeyword(peek(1), "group");
}

void ParserState::packageSection(ast::PackageDecl& p, bool isPrivate) {
  while (true) {
    if (acceptKeyword("with")) {
      auto& withs = isPrivate ? p.privateWiths : p.publicWiths;
      do withs.push_back(qualifiedName("package or property set name"));
      while (accept(TokenKind::Comma));
      expect(TokenKind::Semicolon);
    } else if (atKeyword("annex")) {
      advance();
      ast::AnnexDecl annex{identifier("annex name"), {}};
      if (at(TokenKind::AnnexText)) annex.text = std::string(advance().text);
      else expectKeyword("none");
      expect(TokenKind::Semicolon);
      p.annexLibraries.push_back(std::move(annex));
    } else if (atKeyword("renames") || (at(TokenKind::Identifier) && isKeyword(peek(1), "renames"))) {
      p.aliases.push_back(alias(isPrivate));
    } else if (atClassifierStart()) {
      p.classifiers.push_back(classifier(p, isPrivate));
    } else {
      return;
    }
  }
}

ast::AliasDecl ParserState::alias(bool isPrivate) {
  ast::AliasDecl a;
  a.isPrivate = isPrivate;
  if (isKeyword(current(), "renames") && peek(1).kind == TokenKind::Identifier &&
      peek(2).kind == TokenKind::Identifier) {
    // renames system P::T; (or `feature group P::T`): an alias with the classifier's own name.
    advance();
    a.kind = ast::AliasDecl::Kind::Classifier;
    while (at(TokenKind::Identifier) && peek(1).kind == TokenKind::Identifier) advance();
    a.target = qualifiedName("classifier name");
    std::string_view target = a.target.text;
    std::size_t colons = target.rfind("::");
    a.name = ast::Name{std::string(colons == std::string_view::npos ? target : target.substr(colons + 2)), a.target.loc};
  } else if (acceptKeyword("renames")) {
    // renames P::all;
    a.kind = ast::AliasDecl::Kind::All;
    a.target = identifier("package name");
    bool all = false;
    while (accept(TokenKind::DoubleColon)) {
      ast::Name part = identifier("package name or 'all'");
      if (equalsIgnoreCase(part.text, "all")) {
        all = true;
        break;
      }
      a.target.text += "::" + part.text;
    }
    if (!all) unexpected("'::all' after the package name");
  } else {
    a.name = identifier("alias name");
    expectKeyword("renames");
    if (acceptKeyword("package")) {
      a.kind = ast::AliasDecl::Kind::Package;
      a.target = qualifiedName("package name");
    } else {
      // The category words say what the target is; the resolution checks the name.
      a.kind = ast::AliasDecl::Kind::Classifier;
      while (at(TokenKind::Identifier) && peek(1).kind == TokenKind::Identifier) advance();
      a.target = qualifiedName("classifier name");
    }
  }
  expect(TokenKind::Semicolon, "';' after the renames declaration");
  return a;
}

std::unique_ptr<ast::ClassifierDecl> ParserState::classifier(const ast::PackageDecl& package, bool isPrivate) {
  auto c = std::make_unique<ast::ClassifierDecl>();
  c->loc = here();
  c->package = &package;
  c->isPrivate = isPrivate;
  std::string word = toLower(advance().text);
  auto two = [&](std::string_view second) { return acceptKeyword(second); };
  if (word == "system") c->category = ComponentCategory::System;
  else if (word == "process") c->category = ComponentCategory::Process;
  else if (word == "thread") c->category = two("group") ? ComponentCategory::ThreadGroup : ComponentCategory::Thread;
  else if (word == "processor") c->category = ComponentCategory::Processor;
  else if (word == "virtual") {
    if (two("processor")) c->category = ComponentCategory::VirtualProcessor;
    else if (two("bus")) c->category = ComponentCategory::VirtualBus;
    else unexpected("'processor' or 'bus' after 'virtual'");
  } else if (word == "memory") c->category = ComponentCategory::Memory;
  else if (word == "bus") c->category = ComponentCategory::Bus;
  else if (word == "device") c->category = ComponentCategory::Device;
  else if (word == "data") c->category = ComponentCategory::Data;
  else if (word == "subprogram")
    c->category = two("group") ? ComponentCategory::SubprogramGroup : ComponentCategory::Subprogram;
  else if (word == "abstract") c->category = ComponentCategory::Abstract;
  else if (word == "feature") {
    expectKeyword("group");
    c->isFeatureGroupType = true;
    c->category = ComponentCategory::Abstract;
  }
  if (acceptKeyword("implementation")) {
    if (c->isFeatureGroupType) fail(tokens_[pos_ - 1], "a feature group type has no implementation");
    c->isImplementation = true;
    c->typeName = identifier("component type name");
    expect(TokenKind::Dot, "'.' and the implementation name");
    c->implementationName = identifier("implementation name");
  } else {
    c->typeName = identifier("component type name");
  }
  if (at(TokenKind::LeftParen)) c->bindings = prototypeBindings();
  if (acceptKeyword("extends")) c->extends = classifierRef();
  if (at(TokenKind::LeftParen))
    for (auto& b : prototypeBindings()) c->bindings.push_back(std::move(b));
  classifierSections(*c);
  const Token& endToken = current();
  expectKeyword("end");
  std::string endName = identifier("classifier name after 'end'").text;
  if (c->isImplementation) {
    expect(TokenKind::Dot, "'.' and the implementation name after 'end'");
    endName += "." + identifier("implementation name after 'end'").text;
  }
  if (!equalsIgnoreCase(endName, c->name()))
    warn(endToken, "'end " + endName + "' does not match '" + c->name() + "'");
  expect(TokenKind::Semicolon);
  for (auto& f : c->features) f.owner = c.get();
  for (auto& s : c->subcomponents) s.owner = c.get();
  for (auto& k : c->connections) k.owner = c.get();
  return c;
}

bool ParserState::atSectionKeyword() const {
  for (std::string_view k : {"features", "flows", "modes", "properties", "annex", "subcomponents", "calls",
                             "connections", "prototypes", "end", "requires", "internal", "processor", "inverse"})
    if (atKeyword(k)) {
      // `requires modes` opens a section; `processor features` and `internal features` too.
      if (k == "requires") return isKeyword(peek(1), "modes");
      if (k == "internal" || k == "processor") return isKeyword(peek(1), "features");
      return true;
    }
  return false;
}

void ParserState::skipEntries() {
  while (!atSectionKeyword() && !at(TokenKind::End)) skipPast(TokenKind::Semicolon);
}

void ParserState::classifierSections(ast::ClassifierDecl& c) {
  while (!atKeyword("end")) {
    if (at(TokenKind::End)) unexpected("'end " + c.name() + ";'");
    const Token& section = current();
    auto none = [&] {
      if (atKeyword("none") && peek(1).kind == TokenKind::Semicolon) {
        advance();
        advance();
        return true;
      }
      return false;
    };
    if (acceptKeyword("features")) {
      if (!none())
        while (!atSectionKeyword() && !at(TokenKind::End)) c.features.push_back(feature());
    } else if (acceptKeyword("subcomponents")) {
      if (!c.isImplementation) fail(section, "'subcomponents' belong in a component implementation");
      if (!none())
        while (!atSectionKeyword() && !at(TokenKind::End)) c.subcomponents.push_back(subcomponent());
    } else if (acceptKeyword("connections")) {
      if (!c.isImplementation) fail(section, "'connections' belong in a component implementation");
      if (!none())
        while (!atSectionKeyword() && !at(TokenKind::End)) c.connections.push_back(connection());
    } else if (acceptKeyword("properties")) {
      auto props = propertiesSection();
      for (auto& p : props) c.properties.push_back(std::move(p));
    } else if (atKeyword("annex")) {
      advance();
      ast::AnnexDecl annex{identifier("annex name"), {}};
      if (at(TokenKind::AnnexText)) annex.text = std::string(advance().text);
      else expectKeyword("none");
      if (acceptKeyword("in")) {  // in modes (...)
        expectKeyword("modes");
        expect(TokenKind::LeftParen);
        skipPast(TokenKind::RightParen);
      }
      expect(TokenKind::Semicolon);
      c.annexes.push_back(std::move(annex));
    } else if (acceptKeyword("modes") || (atKeyword("requires") && (advance(), acceptKeyword("modes")))) {
      c.modes = loc(section);
      if (!none()) skipEntries();
    } else if (acceptKeyword("flows")) {
      c.flows = loc(section);
      // Flows are not instantiated; their names are kept so that `applies to` may name them.
      if (!none())
        while (!atSectionKeyword() && !at(TokenKind::End)) {
          if (at(TokenKind::Identifier) && peek(1).kind == TokenKind::Colon) c.flowNames.push_back(identifier());
          skipPast(TokenKind::Semicolon);
        }
    } else if (acceptKeyword("prototypes")) {
      c.prototypes = loc(section);
      if (!none())
        while (!atSectionKeyword() && !at(TokenKind::End)) c.prototypeDecls.push_back(prototype());
    } else if (acceptKeyword("calls")) {
      c.calls = loc(section);
      // `name: { call: subprogram X; ... } [{properties}] [in modes (...)];` — the name is what
      // Compute_Entrypoint_Call_Sequence references; the calls themselves are skipped.
      if (!none())
        while (!atSectionKeyword() && !at(TokenKind::End)) {
          if (at(TokenKind::Identifier) && peek(1).kind == TokenKind::Colon) {
            c.callSequences.push_back(identifier());
            advance();
          }
          if (accept(TokenKind::LeftBrace)) {
            while (!at(TokenKind::RightBrace) && !at(TokenKind::End)) {
              if (at(TokenKind::Identifier) && peek(1).kind == TokenKind::Colon) c.callNames.push_back(identifier());
              skipPast(TokenKind::Semicolon);
            }
            expect(TokenKind::RightBrace, "'}' after the calls");
          }
          skipPast(TokenKind::Semicolon);
        }
    } else if ((atKeyword("internal") || atKeyword("processor")) && isKeyword(peek(1), "features")) {
      std::string section = atKeyword("internal") ? "internal" : "processor";
      advance();
      advance();
      if (!none())
        while (!atSectionKeyword() && !at(TokenKind::End)) {
          if (at(TokenKind::Identifier) && peek(1).kind == TokenKind::Colon) {
            ast::Name name = identifier();
            advance();  // ':'
            std::string kind = section;
            if (at(TokenKind::Identifier)) kind += " " + toLower(current().text);
            if (kind == "internal event" && isKeyword(peek(1), "data")) kind += " data";
            c.localFeatures.push_back({std::move(name), std::move(kind)});
          }
          skipPast(TokenKind::Semicolon);
        }
    } else if (atKeyword("inverse") && c.isFeatureGroupType) {
      advance();
      expectKeyword("of");
      c.inverseOf = classifierRef();
      accept(TokenKind::Semicolon);  // the grammar has none; some models write one
    } else {
      unexpected("a section ('features', 'subcomponents', 'connections', 'properties', ...) or 'end'");
    }
  }
}

ast::FeatureDecl ParserState::feature() {
  ast::FeatureDecl f;
  f.name = identifier("feature name");
  expect(TokenKind::Colon, "':' after the feature name");
  if (acceptKeyword("refined")) {
    expectKeyword("to");
    f.refined = true;
  }
  if (acceptKeyword("in")) f.direction = acceptKeyword("out") ? Direction::InOut : Direction::In;
  else if (acceptKeyword("out")) f.direction = Direction::Out;
  if (f.direction != Direction::None) {
    if (acceptKeyword("data")) {
      expectKeyword("port");
      f.category = FeatureCategory::DataPort;
    } else if (acceptKeyword("event")) {
      f.category = acceptKeyword("data") ? FeatureCategory::EventDataPort : FeatureCategory::EventPort;
      expectKeyword("port");
    } else if (acceptKeyword("parameter")) {
      f.category = FeatureCategory::Parameter;
    } else if (acceptKeyword("feature")) {
      f.category = FeatureCategory::AbstractFeature;
    } else {
      unexpected("'data port', 'event port', 'event data port', 'parameter' or 'feature'");
    }
  } else if (atKeyword("requires") || atKeyword("provides")) {
    // As OSATE's instance: requires access is in, provides access is out.
    f.direction = atKeyword("requires") ? Direction::In : Direction::Out;
    advance();
    if (acceptKeyword("data")) f.category = FeatureCategory::DataAccess;
    else if (acceptKeyword("bus")) f.category = FeatureCategory::BusAccess;
    else if (acceptKeyword("virtual")) {
      expectKeyword("bus");
      f.category = FeatureCategory::BusAccess;
    } else if (acceptKeyword("subprogram")) {
      f.category = acceptKeyword("group") ? FeatureCategory::SubprogramGroupAccess : FeatureCategory::SubprogramAccess;
    } else {
      unexpected("'data', 'bus' or 'subprogram' access");
    }
    expectKeyword("access");
  } else if (acceptKeyword("feature")) {
    if (acceptKeyword("group")) {
      f.category = FeatureCategory::FeatureGroup;
      if (acceptKeyword("inverse")) {
        expectKeyword("of");
        f.inverse = true;
      }
    } else {
      f.category = FeatureCategory::AbstractFeature;
    }
  } else if (acceptKeyword("port")) {
    unexpected("a direction ('in', 'out' or 'in out') before 'port'");
  } else {
    unexpected("a direction ('in', 'out', 'in out'), 'requires', 'provides' or 'feature group'");
  }
  if (at(TokenKind::Identifier) && !atKeyword("in")) f.classifier = classifierRef();
  while (at(TokenKind::LeftBracket)) f.dimensions.push_back(arrayDimension());
  f.properties = curlyProperties();
  expect(TokenKind::Semicolon, "';' after the feature");
  return f;
}

ast::SubcomponentDecl ParserState::subcomponent() {
  ast::SubcomponentDecl s;
  s.name = identifier("subcomponent name");
  expect(TokenKind::Colon, "':' after the subcomponent name");
  if (acceptKeyword("refined")) {
    expectKeyword("to");
    s.refined = true;
  }
  std::string word = at(TokenKind::Identifier) ? toLower(current().text) : "";
  static const std::pair<std::string_view, ComponentCategory> single[] = {
      {"system", ComponentCategory::System},       {"process", ComponentCategory::Process},
      {"processor", ComponentCategory::Processor}, {"memory", ComponentCategory::Memory},
      {"bus", ComponentCategory::Bus},             {"device", ComponentCategory::Device},
      {"data", ComponentCategory::Data},           {"abstract", ComponentCategory::Abstract}};
  bool found = false;
  for (auto [k, cat] : single)
    if (word == k) {
      advance();
      s.category = cat;
      found = true;
    }
  if (!found) {
    if (acceptKeyword("thread"))
      s.category = acceptKeyword("group") ? ComponentCategory::ThreadGroup : ComponentCategory::Thread;
    else if (acceptKeyword("subprogram"))
      s.category = acceptKeyword("group") ? ComponentCategory::SubprogramGroup : ComponentCategory::Subprogram;
    else if (acceptKeyword("virtual")) {
      if (acceptKeyword("processor")) s.category = ComponentCategory::VirtualProcessor;
      else {
        expectKeyword("bus");
        s.category = ComponentCategory::VirtualBus;
      }
    } else {
      unexpected("a component category ('system', 'process', 'thread', 'processor', 'data', ...)");
    }
  }
  if (at(TokenKind::Identifier) && !atKeyword("in")) s.classifier = classifierRef();
  if (at(TokenKind::LeftParen)) s.bindings = prototypeBindings();
  while (at(TokenKind::LeftBracket)) s.dimensions.push_back(arrayDimension());
  s.properties = curlyProperties();
  if (acceptKeyword("in")) {
    expectKeyword("modes");
    s.inModes = true;
    expect(TokenKind::LeftParen);
    skipPast(TokenKind::RightParen);
  }
  expect(TokenKind::Semicolon, "';' after the subcomponent");
  return s;
}

ast::ArrayDimension ParserState::arrayDimension() {
  ast::ArrayDimension d;
  d.loc = here();
  expect(TokenKind::LeftBracket);
  if (at(TokenKind::Identifier)) {
    d.constant = qualifiedName("array size");
  } else if (at(TokenKind::Integer)) {
    const Token& t = advance();
    std::int64_t value = 0;
    for (char c : t.text) {
      if (c < '0' || c > '9' || __builtin_mul_overflow(value, 10, &value) || __builtin_add_overflow(value, c - '0', &value))
        fail(t, "array size '" + std::string(t.text) + "' is not a whole number in range");
    }
    d.size = value;
  }
  expect(TokenKind::RightBracket, "']' after the array size");
  return d;
}

std::vector<ast::Name> ParserState::connectionEnd() {
  std::vector<ast::Name> parts{identifier("connection end")};
  auto noIndex = [&] {
    // `a[1].p`: AADL selects array elements in connection ends; bulkhead pairs them by Connection_Pattern only.
    if (at(TokenKind::LeftBracket))
      fail(current(), "indexed connection ends ('" + parts.back().text +
                          "[...]') are not supported: connect the whole array and choose the pairs with "
                          "Communication_Properties::Connection_Pattern");
  };
  noIndex();
  while (accept(TokenKind::Dot)) {
    parts.push_back(identifier("connection end"));
    noIndex();
  }
  return parts;
}

ast::ConnectionDecl ParserState::connection() {
  ast::ConnectionDecl c;
  // OSATE's grammar makes the name optional (`port a.p -> b.q;`); an unnamed
  // connection is named by its ends below, as OSATE names its instances.
  bool named = at(TokenKind::Identifier) && peek(1).kind == TokenKind::Colon;
  if (named) {
    c.name = identifier("connection name");
    expect(TokenKind::Colon, "':' after the connection name");
  } else {
    c.name.loc = here();
  }
  if (named && acceptKeyword("refined")) {
    expectKeyword("to");
    c.refined = true;
  }
  if (acceptKeyword("port")) c.category = ConnectionCategory::Port;
  else if (acceptKeyword("parameter")) c.category = ConnectionCategory::Parameter;
  else if (atKeyword("feature")) {
    advance();
    c.category = acceptKeyword("group") ? ConnectionCategory::FeatureGroup : ConnectionCategory::Feature;
  } else if (acceptKeyword("data")) {
    expectKeyword("access");
    c.category = ConnectionCategory::DataAccess;
  } else if (acceptKeyword("bus")) {
    expectKeyword("access");
    c.category = ConnectionCategory::BusAccess;
  } else if (acceptKeyword("virtual")) {
    expectKeyword("bus");
    expectKeyword("access");
    c.category = ConnectionCategory::BusAccess;
  } else if (acceptKeyword("subprogram")) {
    c.category = acceptKeyword("group") ? ConnectionCategory::SubprogramGroupAccess : ConnectionCategory::SubprogramAccess;
    expectKeyword("access");
  } else {
    unexpected("a connection kind ('port', 'data access', 'feature group', 'feature', 'parameter')");
  }
  // `refined to port {...}` may leave out the ends: they stay those of the refined connection.
  if (!(c.refined && (at(TokenKind::LeftBrace) || at(TokenKind::Semicolon) || atKeyword("in")))) {
    c.source = connectionEnd();
    if (accept(TokenKind::BiConnect)) c.bidirectional = true;
    else expect(TokenKind::Connect, "'->' or '<->'");
    c.destination = connectionEnd();
  }
  if (!named) {
    auto dotted = [](const std::vector<ast::Name>& parts) {
      std::string out;
      for (const ast::Name& n : parts) out += (out.empty() ? "" : ".") + n.text;
      return out;
    };
    c.name.text = dotted(c.source) + (c.bidirectional ? " <-> " : " -> ") + dotted(c.destination);
  }
  c.properties = curlyProperties();
  if (acceptKeyword("in")) {
    expectKeyword("modes");
    c.inModes = true;
    expect(TokenKind::LeftParen);
    skipPast(TokenKind::RightParen);
  }
  expect(TokenKind::Semicolon, "';' after the connection");
  return c;
}

}  // namespace detail

ast::AadlFile parseFile(const SourceFile& file, Diagnostics& diagnostics) {
  std::size_t before = diagnostics.items.size();
  std::vector<Token> tokens = tokenize(file, diagnostics);
  ast::AadlFile partial;
  partial.file = &file;
  if (diagnostics.items.size() > before) return partial;  // lexical errors: parsing would only add noise
  detail::ParserState state(file, std::move(tokens), diagnostics);
  try {
    return state.parseFile();
  } catch (const detail::SyntaxError&) {
    return partial;
  }
}

}  // namespace bulkhead::model
