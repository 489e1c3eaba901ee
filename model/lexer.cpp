#include "model/lexer.hpp"

#include <cctype>
#include <optional>
#include <string>

namespace bulkhead::model {

std::string_view describe(TokenKind kind) {
  switch (kind) {
    case TokenKind::Identifier: return "identifier";
    case TokenKind::Integer: return "integer";
    case TokenKind::Real: return "real number";
    case TokenKind::String: return "string";
    case TokenKind::AnnexText: return "annex text '{** ... **}'";
    case TokenKind::DoubleColon: return "'::'";
    case TokenKind::Colon: return "':'";
    case TokenKind::Semicolon: return "';'";
    case TokenKind::Comma: return "','";
    case TokenKind::Dot: return "'.'";
    case TokenKind::DotDot: return "'..'";
    case TokenKind::LeftParen: return "'('";
    case TokenKind::RightParen: return "')'";
    case TokenKind::LeftBracket: return "'['";
    case TokenKind::RightBracket: return "']'";
    case TokenKind::LeftBrace: return "'{'";
    case TokenKind::RightBrace: return "'}'";
    case TokenKind::Arrow: return "'=>'";
    case TokenKind::PlusArrow: return "'+=>'";
    case TokenKind::Connect: return "'->'";
    case TokenKind::BiConnect: return "'<->'";
    case TokenKind::Plus: return "'+'";
    case TokenKind::Minus: return "'-'";
    case TokenKind::Star: return "'*'";
    case TokenKind::Hash: return "'#'";
    case TokenKind::LeftTransition: return "'-['";
    case TokenKind::RightTransition: return "']->'";
    case TokenKind::End: return "end of file";
  }
  return "token";
}

namespace {

class Lexer {
 public:
  Lexer(const SourceFile& file, Diagnostics& diagnostics)
      : file_(file), text_(file.text()), diagnostics_(diagnostics) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    tokens.reserve(text_.size() / 4 + 1);
    while (true) {
      skipSpaceAndComments();
      if (pos_ >= text_.size()) break;
      if (auto token = next()) tokens.push_back(*token);
    }
    tokens.push_back(make(TokenKind::End, pos_, pos_));
    return tokens;
  }

 private:
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  void advance() {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }

  void skipSpaceAndComments() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
        advance();
      } else if (c == '-' && peek(1) == '-') {
        while (pos_ < text_.size() && text_[pos_] != '\n') advance();
      } else {
        break;
      }
    }
  }

  Token make(TokenKind kind, std::size_t begin, std::size_t end) {
    Token t;
    t.kind = kind;
    t.text = std::string_view(text_).substr(begin, end - begin);
    t.offset = static_cast<std::uint32_t>(begin);
    t.line = startLine_;
    t.column = startColumn_;
    return t;
  }

  void error(std::uint32_t line, std::uint32_t column, std::string message) {
    diagnostics_.items.push_back(file_.diagnostic(Severity::Error, line, column, std::move(message)));
  }

  std::optional<Token> next() {
    std::size_t begin = pos_;
    startLine_ = line_;
    startColumn_ = column_;
    char c = text_[pos_];
    auto u = static_cast<unsigned char>(c);
    if (std::isalpha(u)) {
      while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '_')) advance();
      return make(TokenKind::Identifier, begin, pos_);
    }
    if (std::isdigit(u)) return number(begin);
    if (c == '"') return string(begin);
    auto single = [&](TokenKind kind, std::size_t length) {
      for (std::size_t i = 0; i < length; ++i) advance();
      return make(kind, begin, pos_);
    };
    switch (c) {
      case ':': return peek(1) == ':' ? single(TokenKind::DoubleColon, 2) : single(TokenKind::Colon, 1);
      case ';': return single(TokenKind::Semicolon, 1);
      case ',': return single(TokenKind::Comma, 1);
      case '.': return peek(1) == '.' ? single(TokenKind::DotDot, 2) : single(TokenKind::Dot, 1);
      case '(': return single(TokenKind::LeftParen, 1);
      case ')': return single(TokenKind::RightParen, 1);
      case '[': return single(TokenKind::LeftBracket, 1);
      case ']':
        return peek(1) == '-' && peek(2) == '>' ? single(TokenKind::RightTransition, 3)
                                                : single(TokenKind::RightBracket, 1);
      case '}': return single(TokenKind::RightBrace, 1);
      case '*': return single(TokenKind::Star, 1);
      case '#': return single(TokenKind::Hash, 1);
      case '{':
        if (peek(1) == '*' && peek(2) == '*') return annex(begin);
        return single(TokenKind::LeftBrace, 1);
      case '=':
        if (peek(1) == '>') return single(TokenKind::Arrow, 2);
        break;
      case '+':
        if (peek(1) == '=' && peek(2) == '>') return single(TokenKind::PlusArrow, 3);
        return single(TokenKind::Plus, 1);
      case '-':
        if (peek(1) == '>') return single(TokenKind::Connect, 2);
        if (peek(1) == '[') return single(TokenKind::LeftTransition, 2);
        return single(TokenKind::Minus, 1);
      case '<':
        if (peek(1) == '-' && peek(2) == '>') return single(TokenKind::BiConnect, 3);
        break;
      default: break;
    }
    std::string shown = u >= 0x21 && u < 0x7f ? std::string("'") + c + "'" : "byte 0x" + hex(u);
    error(startLine_, startColumn_, "unexpected character " + shown);
    // Skip a run of bad bytes so binary input gives a handful of errors, not thousands.
    advance();
    while (pos_ < text_.size() && !isTokenStart(static_cast<unsigned char>(peek()))) advance();
    return std::nullopt;
  }

  static bool isTokenStart(unsigned char c) {
    return std::isalnum(c) || std::isspace(c) || std::string_view(":;,.()[]{}*#=+-<\"").find(static_cast<char>(c)) !=
                                                      std::string_view::npos;
  }

  static std::string hex(unsigned char c) {
    const char* digits = "0123456789ABCDEF";
    return {digits[c >> 4], digits[c & 15]};
  }

  Token number(std::size_t begin) {
    bool real = false;
    auto digits = [&] {
      while (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '_') {
        // Stop before a unit identifier that follows the digits directly ("10ms").
        if (std::isalpha(static_cast<unsigned char>(peek())) && !(peek() == 'e' || peek() == 'E')) break;
        if ((peek() == 'e' || peek() == 'E')) {
          // An exponent only when digits (or a sign and digits) follow.
          char after = peek(1);
          bool sign = after == '+' || after == '-';
          if (!std::isdigit(static_cast<unsigned char>(sign ? peek(2) : after))) break;
          advance();
          if (sign) advance();
          continue;
        }
        advance();
      }
    };
    digits();
    if (peek() == '#') {  // based integer 16#FF#
      advance();
      while (std::isxdigit(static_cast<unsigned char>(peek())) || peek() == '_') advance();
      if (peek() == '#') {
        advance();
        // A based literal's exponent counts in its base: 2#1#e32 is 2**32.
        char after = peek(1);
        if ((peek() == 'e' || peek() == 'E') &&
            (std::isdigit(static_cast<unsigned char>(after)) ||
             (after == '+' && std::isdigit(static_cast<unsigned char>(peek(2)))))) {
          advance();
          if (peek() == '+') advance();
          while (std::isdigit(static_cast<unsigned char>(peek()))) advance();
        }
      }
      return make(TokenKind::Integer, begin, pos_);
    }
    if (peek() == '.' && std::isdigit(static_cast<unsigned char>(peek(1)))) {
      real = true;
      advance();
      digits();
    }
    return make(real ? TokenKind::Real : TokenKind::Integer, begin, pos_);
  }

  std::optional<Token> string(std::size_t begin) {
    advance();
    // As OSATE's grammar has it: a string may span lines, and '\\' escapes the next character.
    while (pos_ < text_.size() && peek() != '"') {
      if (peek() == '\\' && pos_ + 1 < text_.size()) advance();
      advance();
    }
    if (pos_ >= text_.size()) {
      error(startLine_, startColumn_, "unterminated string");
      return make(TokenKind::String, begin, pos_);
    }
    advance();
    return make(TokenKind::String, begin, pos_);
  }

  std::optional<Token> annex(std::size_t begin) {
    std::size_t close = text_.find("**}", pos_ + 3);
    if (close == std::string::npos) {
      error(startLine_, startColumn_, "unterminated annex text: missing '**}'");
      while (pos_ < text_.size()) advance();
      return std::nullopt;
    }
    while (pos_ < close + 3) advance();
    return make(TokenKind::AnnexText, begin, pos_);
  }

  const SourceFile& file_;
  const std::string& text_;
  Diagnostics& diagnostics_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
  std::uint32_t startLine_ = 1;
  std::uint32_t startColumn_ = 1;
};

}  // namespace

std::vector<Token> tokenize(const SourceFile& file, Diagnostics& diagnostics) {
  return Lexer(file, diagnostics).run();
}

}  // namespace bulkhead::model
