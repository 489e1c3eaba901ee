#include "plan/domain_schedule_source.hpp"

#include "plan/microkit_schedule.hpp"

#include <fstream>
#include <limits>
#include <optional>

namespace bulkhead::plan {

namespace {

// Just enough of C's lexical grammar to find and read one initializer:
// comments and preprocessor lines vanish, everything else is a token.
struct Token {
  enum class Kind { Identifier, Number, Punct, String, End };
  Kind kind = Kind::End;
  std::string text;
  int line = 1;
  int column = 1;
};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  // Fails only on an unterminated comment or literal.
  std::expected<std::vector<Token>, std::pair<Token, std::string>> tokenize() {
    std::vector<Token> tokens;
    bool lineStart = true;  // only whitespace so far on this line
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\n') { advance(); lineStart = true; continue; }
      if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') { advance(); continue; }
      Token start{Token::Kind::End, "", line_, column_};
      if (c == '/' && peek(1) == '*') {
        advance(2);
        while (pos_ < text_.size() && !(text_[pos_] == '*' && peek(1) == '/')) advance();
        if (pos_ >= text_.size()) return std::unexpected(std::pair{start, std::string("unterminated /* comment")});
        advance(2);
        continue;
      }
      if (c == '/' && peek(1) == '/') { skipLine(); continue; }
      if (c == '#' && lineStart) { skipLine(); continue; }
      lineStart = false;
      if (isIdentifierStart(c)) {
        size_t begin = pos_;
        while (pos_ < text_.size() && isIdentifierPart(text_[pos_])) advance();
        start.kind = Token::Kind::Identifier;
        start.text = std::string(text_.substr(begin, pos_ - begin));
      } else if (c >= '0' && c <= '9') {
        size_t begin = pos_;
        while (pos_ < text_.size() && (isIdentifierPart(text_[pos_]) || text_[pos_] == '.')) advance();
        start.kind = Token::Kind::Number;
        start.text = std::string(text_.substr(begin, pos_ - begin));
      } else if (c == '"' || c == '\'') {
        size_t begin = pos_;
        advance();
        while (pos_ < text_.size() && text_[pos_] != c && text_[pos_] != '\n') {
          if (text_[pos_] == '\\') advance();
          advance();
        }
        if (pos_ >= text_.size() || text_[pos_] != c)
          return std::unexpected(std::pair{start, std::string("unterminated literal")});
        advance();
        start.kind = Token::Kind::String;
        start.text = std::string(text_.substr(begin, pos_ - begin));
      } else {
        advance();
        start.kind = Token::Kind::Punct;
        start.text = std::string(1, c);
      }
      tokens.push_back(std::move(start));
    }
    tokens.push_back(Token{Token::Kind::End, "", line_, column_});
    return tokens;
  }

 private:
  static bool isIdentifierStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
  static bool isIdentifierPart(char c) { return isIdentifierStart(c) || (c >= '0' && c <= '9'); }
  char peek(size_t ahead) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
  void advance(size_t n = 1) {
    for (size_t i = 0; i < n && pos_ < text_.size(); ++i, ++pos_) {
      if (text_[pos_] == '\n') { ++line_; column_ = 1; }
      else ++column_;
    }
  }
  // To the end of the line, honouring backslash continuations (macros).
  void skipLine() {
    while (pos_ < text_.size() && text_[pos_] != '\n') {
      if (text_[pos_] == '\\' && peek(1) == '\n') advance();
      advance();
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

// A C integer literal: decimal, 0x hex, 0 octal, optional u/l suffixes.
std::optional<std::int64_t> integerValue(const std::string& literal) {
  size_t end = literal.size();
  while (end > 0 && (literal[end - 1] == 'u' || literal[end - 1] == 'U' || literal[end - 1] == 'l' ||
                     literal[end - 1] == 'L'))
    --end;
  std::string digits = literal.substr(0, end);
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    base = 16;
    digits = digits.substr(2);
  } else if (digits.size() > 1 && digits[0] == '0') {
    base = 8;
    digits = digits.substr(1);
  }
  if (digits.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : digits) {
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
    if (d >= base) return std::nullopt;
    if (value > (static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) - static_cast<std::uint64_t>(d)) /
                    static_cast<std::uint64_t>(base))
      return std::nullopt;
    value = value * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(d);
  }
  return static_cast<std::int64_t>(value);
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::string file, std::string_view text)
      : tokens_(std::move(tokens)), file_(std::move(file)), text_(text) {}

  std::expected<ScheduleSource, Diagnostic> parse() {
    ScheduleSource source;
    source.file = file_;
    // Find `ksDomSchedule [` (a declaration of the array, not a use such as
    // `sizeof(ksDomSchedule)`).
    size_t i = 0;
    for (; tokens_[i].kind != Token::Kind::End; ++i)
      if (tokens_[i].kind == Token::Kind::Identifier && tokens_[i].text == "ksDomSchedule" &&
          tokens_[i + 1].text == "[")
        break;
    if (tokens_[i].kind == Token::Kind::End)
      return std::unexpected(makeError({file_, 1, 1}, "no ksDomSchedule[] array in this domain schedule file", text_));
    source.arrayLocation = at(tokens_[i]);
    pos_ = i + 2;

    std::optional<std::int64_t> declaredSize;
    if (current().kind == Token::Kind::Number) {
      declaredSize = integerValue(current().text);
      if (!declaredSize) return std::unexpected(error(current(), "'" + current().text + "' is not an integer literal"));
      ++pos_;
    }
    if (auto e = expect("]", "to close 'ksDomSchedule['")) return std::unexpected(*e);
    if (auto e = expect("=", "after 'ksDomSchedule[]' (the schedule must be initialised here)")) return std::unexpected(*e);
    if (auto e = expect("{", "to open the list of schedule slots")) return std::unexpected(*e);

    while (current().text != "}") {
      auto slot = parseSlot();
      if (!slot) return std::unexpected(slot.error());
      source.slots.push_back(*slot);
      if (current().text == ",") { ++pos_; continue; }
      if (current().text != "}") return std::unexpected(error(current(), "expected ',' or '}' after a schedule slot"));
    }
    Token closing = current();
    ++pos_;
    if (auto e = expect(";", "after the list of schedule slots")) return std::unexpected(*e);

    if (source.slots.empty()) return std::unexpected(error(closing, "the domain schedule has no slots"));
    if (declaredSize && *declaredSize != static_cast<std::int64_t>(source.slots.size()))
      return std::unexpected(makeError(source.arrayLocation,
                                       "ksDomSchedule is declared with " + std::to_string(*declaredSize) +
                                           " slots but initialised with " + std::to_string(source.slots.size()),
                                       text_));
    return source;
  }

 private:
  std::expected<ScheduleSourceSlot, Diagnostic> parseSlot() {
    ScheduleSourceSlot slot;
    Token open = current();
    if (open.text != "{") return std::unexpected(error(open, "expected '{' to open a schedule slot"));
    slot.location = at(open);
    ++pos_;
    if (current().text == ".") {
      bool haveDomain = false, haveLength = false;
      while (current().text == ".") {
        ++pos_;
        Token field = current();
        if (field.kind != Token::Kind::Identifier)
          return std::unexpected(error(field, "expected a field name after '.'"));
        bool isDomain = field.text == "domain";
        if (!isDomain && field.text != "length")
          return std::unexpected(
              error(field, "unknown field '." + field.text + "' in a schedule slot (expected .domain or .length)"));
        bool& seen = isDomain ? haveDomain : haveLength;
        if (seen) return std::unexpected(error(field, "schedule slot sets '." + field.text + "' twice"));
        seen = true;
        ++pos_;
        if (auto e = expect("=", "after '." + field.text + "'")) return std::unexpected(*e);
        auto value = parseInteger(isDomain ? slot.domainLocation : slot.lengthLocation);
        if (!value) return std::unexpected(value.error());
        (isDomain ? slot.domain : slot.length) = *value;
        if (current().text == ",") ++pos_;
      }
      if (current().text != "}")
        return std::unexpected(error(current(), "expected '.domain', '.length' or '}' in a schedule slot"));
      if (!haveDomain) return std::unexpected(error(open, "schedule slot has no '.domain'"));
      if (!haveLength) return std::unexpected(error(open, "schedule slot has no '.length'"));
    } else {
      auto domain = parseInteger(slot.domainLocation);
      if (!domain) return std::unexpected(domain.error());
      if (current().text != ",")
        return std::unexpected(error(current(), "expected ',' between a slot's domain and length: { domain, length }"));
      ++pos_;
      auto length = parseInteger(slot.lengthLocation);
      if (!length) return std::unexpected(length.error());
      if (current().text == ",") ++pos_;
      if (current().text != "}")
        return std::unexpected(error(current(), "a positional schedule slot has exactly two values: { domain, length }"));
      slot.domain = *domain;
      slot.length = *length;
    }
    ++pos_;  // the closing brace
    return slot;
  }

  // An integer literal with an optional sign; a negative length is legal
  // syntax and left for the checks to reject with their own message.
  std::expected<std::int64_t, Diagnostic> parseInteger(SourceLocation& location) {
    Token first = current();
    location = at(first);
    bool negative = false;
    if (first.text == "-" || first.text == "+") {
      negative = first.text == "-";
      ++pos_;
    }
    Token number = current();
    if (number.kind != Token::Kind::Number)
      return std::unexpected(error(number, number.kind == Token::Kind::End
                                               ? std::string("expected an integer literal, found the end of the file")
                                               : "expected an integer literal, found '" + number.text + "'"));
    auto value = integerValue(number.text);
    if (!value) return std::unexpected(error(number, "'" + number.text + "' is not an integer literal"));
    ++pos_;
    return negative ? -*value : *value;
  }

  std::optional<Diagnostic> expect(const std::string& punct, const std::string& why) {
    if (current().text == punct) {
      ++pos_;
      return std::nullopt;
    }
    std::string found = current().kind == Token::Kind::End ? "the end of the file" : "'" + current().text + "'";
    return error(current(), "expected '" + punct + "' " + why + ", found " + found);
  }

  const Token& current() const { return tokens_[std::min(pos_, tokens_.size() - 1)]; }
  SourceLocation at(const Token& token) const {
    return {file_, static_cast<std::uint32_t>(token.line), static_cast<std::uint32_t>(token.column)};
  }
  Diagnostic error(const Token& token, std::string message) const {
    return makeError(at(token), std::move(message), text_);
  }

  std::vector<Token> tokens_;
  std::string file_;
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

std::expected<ScheduleSource, Diagnostic> parseScheduleSource(std::string_view text, const std::string& fileName) {
  auto tokens = Lexer(text).tokenize();
  if (!tokens) {
    const auto& [token, message] = tokens.error();
    return std::unexpected(makeError(
        {fileName, static_cast<std::uint32_t>(token.line), static_cast<std::uint32_t>(token.column)}, message, text));
  }
  return Parser(std::move(*tokens), fileName, text).parse();
}

std::expected<ScheduleSource, Diagnostic> readScheduleSource(const std::filesystem::path& file,
                                                             const SourceLocation& reference) {
  std::ifstream in(file, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(file, ec))
    return std::unexpected(makeError(reference, "cannot read the domain schedule file '" + file.string() + "'"));
  // A schedule is a few hundred bytes; a huge file is a mistake (or /dev/zero).
  constexpr std::streamsize kLimit = 4 << 20;
  std::string text(static_cast<size_t>(kLimit) + 1, '\0');
  in.read(text.data(), kLimit + 1);
  text.resize(static_cast<size_t>(in.gcount()));
  if (static_cast<std::streamsize>(text.size()) > kLimit)
    return std::unexpected(makeError(reference, "the domain schedule file '" + file.string() + "' is larger than 4 MiB"));
  // HAMR Microkit's XML form, by its name or by its first character.
  size_t first = text.find_first_not_of(" \t\r\n");
  if (file.extension() == ".xml" || (first != std::string::npos && text[first] == '<'))
    return parseMicrokitSchedule(text, file.string());
  return parseScheduleSource(text, file.string());
}

}  // namespace bulkhead::plan
