#include "plan/microkit_schedule.hpp"

#include <charconv>
#include <optional>
#include <vector>

namespace bulkhead::plan {

namespace {

struct Attribute {
  std::string name;
  std::string value;
  SourceLocation location;       // the attribute's name
  SourceLocation valueLocation;  // the first character inside the quotes
};

struct Element {
  std::string name;
  SourceLocation location;  // the '<'
  std::vector<Attribute> attributes;
  std::vector<Element> children;

  const Attribute* attribute(std::string_view wanted) const {
    for (const Attribute& a : attributes)
      if (a.name == wanted) return &a;
    return nullptr;
  }
};

// A reader of the XML subset HAMR writes. Every loop advances, every error
// is returned: hostile input ends in a message, never a crash or a hang.
class XmlReader {
 public:
  XmlReader(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {}

  std::expected<Element, Diagnostic> document() {
    if (auto e = skipMisc(true)) return std::unexpected(*e);
    if (atEnd()) return std::unexpected(error(here(), "no XML element in this domain schedule file"));
    if (peek() != '<') return std::unexpected(error(here(), "expected an XML element, found " + found()));
    auto root = element(0);
    if (!root) return root;
    if (auto e = skipMisc(false)) return std::unexpected(*e);
    if (!atEnd()) return std::unexpected(error(here(), "unexpected " + found() + " after the root element <" + root->name + ">"));
    return root;
  }

 private:
  static constexpr int kMaxDepth = 32;

  bool atEnd() const { return pos_ >= text_.size(); }
  char peek(size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
  bool startsWith(std::string_view s) const { return text_.substr(pos_, s.size()) == s; }
  void advance(size_t n = 1) {
    for (size_t i = 0; i < n && pos_ < text_.size(); ++i, ++pos_) {
      if (text_[pos_] == '\n') { ++line_; column_ = 1; }
      else ++column_;
    }
  }
  SourceLocation here() const { return {file_, line_, column_}; }
  Diagnostic error(const SourceLocation& at, std::string message) const { return makeError(at, std::move(message), text_); }
  std::string found() const {
    if (atEnd()) return "the end of the file";
    char c = peek();
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) return "a non-printable character";
    return "'" + std::string(1, c) + "'";
  }
  static bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
  static bool isNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'; }
  static bool isNameChar(char c) { return isNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

  void skipSpace() {
    while (!atEnd() && isSpace(peek())) advance();
  }

  // Whitespace, comments and (before the root) the XML declaration.
  std::optional<Diagnostic> skipMisc(bool prolog) {
    for (;;) {
      skipSpace();
      if (startsWith("<!--")) {
        if (auto e = comment()) return e;
      } else if (prolog && startsWith("<?")) {
        SourceLocation at = here();
        size_t end = text_.find("?>", pos_ + 2);
        if (end == std::string_view::npos) return error(at, "unterminated <? declaration");
        advance(end + 2 - pos_);
      } else if (startsWith("<!")) {
        return error(here(), "a <!DOCTYPE> or <![CDATA[ section is not part of a domain schedule");
      } else {
        return std::nullopt;
      }
    }
  }

  std::optional<Diagnostic> comment() {
    SourceLocation at = here();
    size_t end = text_.find("-->", pos_ + 4);
    if (end == std::string_view::npos) return error(at, "unterminated <!-- comment");
    advance(end + 3 - pos_);
    return std::nullopt;
  }

  std::expected<std::string, Diagnostic> name(const std::string& what) {
    if (!isNameStart(peek())) return std::unexpected(error(here(), "expected " + what + ", found " + found()));
    size_t begin = pos_;
    while (!atEnd() && isNameChar(peek())) advance();
    return std::string(text_.substr(begin, pos_ - begin));
  }

  std::expected<Element, Diagnostic> element(int depth) {
    if (depth >= kMaxDepth) return std::unexpected(error(here(), "XML elements nested deeper than " + std::to_string(kMaxDepth)));
    Element e;
    e.location = here();
    advance();  // '<'
    auto tag = name("an element name after '<'");
    if (!tag) return std::unexpected(tag.error());
    e.name = *tag;
    for (;;) {
      bool spaced = !atEnd() && isSpace(peek());
      skipSpace();
      if (startsWith("/>")) {
        advance(2);
        return e;
      }
      if (peek() == '>') {
        advance();
        break;
      }
      if (!spaced || !isNameStart(peek()))
        return std::unexpected(error(here(), "expected an attribute, '>' or '/>' in <" + e.name + ">, found " + found()));
      Attribute a;
      a.location = here();
      auto attributeName = name("an attribute name");
      if (!attributeName) return std::unexpected(attributeName.error());
      a.name = *attributeName;
      if (e.attribute(a.name))
        return std::unexpected(error(a.location, "attribute '" + a.name + "' is given twice in <" + e.name + ">"));
      skipSpace();
      if (peek() != '=') return std::unexpected(error(here(), "expected '=' after attribute '" + a.name + "', found " + found()));
      advance();
      skipSpace();
      char quote = peek();
      if (quote != '"' && quote != '\'')
        return std::unexpected(error(here(), "expected a quoted value for attribute '" + a.name + "', found " + found()));
      SourceLocation open = here();
      advance();
      a.valueLocation = here();
      size_t begin = pos_;
      while (!atEnd() && peek() != quote && peek() != '<') advance();
      if (peek() != quote)
        return std::unexpected(error(open, "unterminated value of attribute '" + a.name + "'"));
      a.value = std::string(text_.substr(begin, pos_ - begin));
      advance();
      e.attributes.push_back(std::move(a));
    }
    // Content: whitespace, comments and child elements, then </name>.
    for (;;) {
      skipSpace();
      if (atEnd()) return std::unexpected(error(e.location, "<" + e.name + "> is never closed"));
      if (startsWith("<!--")) {
        if (auto c = comment()) return std::unexpected(*c);
        continue;
      }
      if (startsWith("</")) {
        SourceLocation closing = here();
        advance(2);
        auto closed = name("an element name after '</'");
        if (!closed) return std::unexpected(closed.error());
        if (*closed != e.name)
          return std::unexpected(error(closing, "</" + *closed + "> closes <" + e.name + ">"));
        skipSpace();
        if (peek() != '>') return std::unexpected(error(here(), "expected '>' to end </" + e.name + ">, found " + found()));
        advance();
        return e;
      }
      if (startsWith("<!")) return std::unexpected(error(here(), "a <!DOCTYPE> or <![CDATA[ section is not part of a domain schedule"));
      if (peek() == '<') {
        auto child = element(depth + 1);
        if (!child) return child;
        e.children.push_back(std::move(*child));
        continue;
      }
      return std::unexpected(error(here(), "unexpected text in <" + e.name + ">, found " + found()));
    }
  }

  std::string_view text_;
  std::string file_;
  size_t pos_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
};

// "42" as a non-negative decimal integer; nullopt otherwise (also on overflow).
std::optional<std::int64_t> decimal(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

std::expected<ScheduleSource, Diagnostic> parseMicrokitSchedule(std::string_view text, const std::string& fileName) {
  auto root = XmlReader(text, fileName).document();
  if (!root) return std::unexpected(root.error());
  auto fail = [&](const SourceLocation& at, std::string message) {
    return std::unexpected(makeError(at, std::move(message), text));
  };
  // A whole Microkit system description holds the schedule as a child.
  const Element* schedule = &*root;
  if (root->name == "system") {
    schedule = nullptr;
    for (const Element& child : root->children)
      if (child.name == "domain_schedule") {
        if (schedule) return fail(child.location, "the system has more than one <domain_schedule>");
        schedule = &child;
      }
    if (!schedule) return fail(root->location, "the system has no <domain_schedule>");
  } else if (root->name != "domain_schedule") {
    return fail(root->location, "expected <domain_schedule> as the root element, found <" + root->name + ">");
  }

  ScheduleSource source;
  source.file = fileName;
  source.arrayLocation = schedule->location;
  source.unit = LengthUnit::Milliseconds;
  if (!schedule->attributes.empty())
    return fail(schedule->attributes.front().location,
                "unknown attribute '" + schedule->attributes.front().name + "' in <domain_schedule>");
  for (const Element& domain : schedule->children) {
    if (domain.name != "domain")
      return fail(domain.location, "unexpected <" + domain.name + "> in <domain_schedule> (expected <domain>)");
    if (!domain.children.empty())
      return fail(domain.children.front().location, "a <domain> holds no elements");
    ScheduleSourceSlot slot;
    slot.location = domain.location;
    for (const Attribute& a : domain.attributes)
      if (a.name != "name" && a.name != "length")
        return fail(a.location, "unknown attribute '" + a.name + "' in <domain> (expected name and length)");
    const Attribute* name = domain.attribute("name");
    const Attribute* length = domain.attribute("length");
    if (!name) return fail(domain.location, "<domain> has no name attribute");
    if (!length) return fail(domain.location, "<domain> has no length attribute");
    // HAMR names domain N "domain_N".
    constexpr std::string_view prefix = "domain_";
    auto number = name->value.starts_with(prefix) ? decimal(std::string_view(name->value).substr(prefix.size())) : std::nullopt;
    if (!number || *number > 1'000'000)
      return fail(name->valueLocation, "domain name '" + name->value + "' is not of the form domain_N");
    auto ms = decimal(length->value);
    if (!ms) return fail(length->valueLocation, "length '" + length->value + "' is not a whole number of milliseconds");
    slot.domain = *number;
    slot.domainLocation = name->valueLocation;
    slot.length = *ms;
    slot.lengthLocation = length->valueLocation;
    source.slots.push_back(slot);
  }
  if (source.slots.empty()) return fail(schedule->location, "the domain schedule has no slots");
  return source;
}

}  // namespace bulkhead::plan
