// Prototypes (`prototypes` sections) and prototype bindings (`(p => data T)`
// after a classifier's name or extends, and on subcomponents).
#include "model/parser_state.hpp"
#include "model/text_util.hpp"

#include <algorithm>

namespace bulkhead::model::detail {

// The category words before an actual's or a prototype's classifier:
// `data`, `thread group`, `feature group`, `in feature`, `out event data port`, ...
namespace {
bool isCategoryWord(std::string_view w) {
  static constexpr std::string_view words[] = {
      "system", "process", "thread", "group", "processor", "virtual", "memory", "bus", "device", "data",
      "subprogram", "abstract", "feature", "in", "out", "event", "port", "parameter", "requires", "provides",
      "access"};
  for (std::string_view k : words)
    if (equalsIgnoreCase(w, k)) return true;
  return false;
}
}  // namespace

std::vector<ast::PrototypeBindingDecl> ParserState::prototypeBindings() {
  std::vector<ast::PrototypeBindingDecl> out;
  enterNesting();
  expect(TokenKind::LeftParen);
  do {
    ast::PrototypeBindingDecl b;
    b.formal = identifier("prototype name");
    expect(TokenKind::Arrow, "'=>' after the prototype name");
    b.actual = prototypeActual();
    out.push_back(std::move(b));
  } while (accept(TokenKind::Comma));
  expect(TokenKind::RightParen, "')' after the prototype bindings");
  leaveNesting();
  return out;
}

ast::ClassifierRef ParserState::prototypeActual() {
  ast::ClassifierRef first;
  if (at(TokenKind::LeftParen)) {  // a list of actuals, for an array: the first classifier stands for all
    enterNesting();
    advance();
    do {
      ast::ClassifierRef r = prototypeActual();
      if (!first.present()) first = r;
    } while (accept(TokenKind::Comma));
    expect(TokenKind::RightParen, "')' after the list of prototype actuals");
    leaveNesting();
    return first;
  }
  while (at(TokenKind::Identifier) && isCategoryWord(current().text) &&
         !(peek(1).kind == TokenKind::DoubleColon || peek(1).kind == TokenKind::Dot))
    advance();
  if (at(TokenKind::Identifier)) first = classifierRef();
  if (at(TokenKind::LeftParen)) prototypeBindings();  // the actual's own bindings: kept on its classifier's side
  return first;
}

ast::PrototypeDecl ParserState::prototype() {
  ast::PrototypeDecl p;
  p.name = identifier("prototype name");
  expect(TokenKind::Colon, "':' after the prototype name");
  if (acceptKeyword("refined")) {
    expectKeyword("to");
    p.refined = true;
  }
  std::vector<std::string> words;
  while (at(TokenKind::Identifier) && isCategoryWord(current().text) &&
         !(peek(1).kind == TokenKind::DoubleColon || peek(1).kind == TokenKind::Dot))
    words.push_back(toLower(advance().text));
  if (words.empty()) unexpected("a component category, 'feature group' or 'feature' in the prototype");
  p.featureGroup = words.size() >= 2 && words[0] == "feature" && words[1] == "group";
  p.feature = !p.featureGroup && std::find(words.begin(), words.end(), "feature") != words.end();
  if (!p.featureGroup && !p.feature) {
    static const std::pair<std::string_view, ComponentCategory> categories[] = {
        {"system", ComponentCategory::System},       {"process", ComponentCategory::Process},
        {"processor", ComponentCategory::Processor}, {"memory", ComponentCategory::Memory},
        {"bus", ComponentCategory::Bus},             {"device", ComponentCategory::Device},
        {"data", ComponentCategory::Data},           {"abstract", ComponentCategory::Abstract}};
    for (auto [k, cat] : categories)
      if (words[0] == k) p.category = cat;
    bool group = words.size() > 1 && words[1] == "group";
    if (words[0] == "thread") p.category = group ? ComponentCategory::ThreadGroup : ComponentCategory::Thread;
    if (words[0] == "subprogram") p.category = group ? ComponentCategory::SubprogramGroup : ComponentCategory::Subprogram;
    if (words[0] == "virtual" && words.size() > 1)
      p.category = words[1] == "bus" ? ComponentCategory::VirtualBus : ComponentCategory::VirtualProcessor;
  }
  if (at(TokenKind::Identifier)) p.constraint = classifierRef();
  while (at(TokenKind::LeftBracket)) skipGroup();  // `p: data[];` an array prototype
  curlyProperties();
  expect(TokenKind::Semicolon, "';' after the prototype");
  return p;
}

}  // namespace bulkhead::model::detail
