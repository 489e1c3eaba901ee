#include "supervisor/printable.hpp"

#include <cstdint>
#include <cstdio>

namespace bulkhead::supervisor {
namespace {

// Length of the well-formed UTF-8 sequence at `at` (2..4), 0 if there is none.
std::size_t utf8Length(std::string_view s, std::size_t at, char32_t& code) {
  const auto b0 = static_cast<unsigned char>(s[at]);
  std::size_t length;
  char32_t min;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2, code = b0 & 0x1Fu, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3, code = b0 & 0x0Fu, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4, code = b0 & 0x07u, min = 0x10000;
  } else {
    return 0;
  }
  if (at + length > s.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(s[at + k]);
    if ((b & 0xC0u) != 0x80u) return 0;
    code = (code << 6) | (b & 0x3Fu);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;  // overlong, surrogate
  return length;
}

// Code points that change how a terminal shows the text around them.
bool isInvisibleControl(char32_t c) {
  return (c >= 0x80 && c <= 0x9F) ||        // C1 controls (CSI is U+009B)
         c == 0x2028 || c == 0x2029 ||      // line and paragraph separators
         (c >= 0x202A && c <= 0x202E) ||    // bidirectional embeddings and overrides
         (c >= 0x2066 && c <= 0x2069);      // bidirectional isolates
}

bool isPlain(unsigned char c) { return (c >= 0x20 && c < 0x7F) || c == '\t'; }

// Calls `plain(from, to)` for runs kept as they are and `escape(text)` for the rest.
template <typename Plain, typename Escape>
void walk(std::string_view s, Plain plain, Escape escape) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (isPlain(c)) {
      std::size_t j = i + 1;
      while (j < s.size() && isPlain(static_cast<unsigned char>(s[j]))) ++j;
      plain(i, j);
      i = j;
      continue;
    }
    char buffer[16];
    if (c >= 0x80) {
      char32_t code = 0;
      if (std::size_t length = utf8Length(s, i, code); length > 0) {
        if (isInvisibleControl(code)) {
          std::snprintf(buffer, sizeof buffer, "\\u{%04X}", static_cast<unsigned>(code));
          escape(std::string_view(buffer));
        } else {
          plain(i, i + length);
        }
        i += length;
        continue;
      }
    }
    std::snprintf(buffer, sizeof buffer, "\\x%02X", static_cast<unsigned>(c));
    escape(std::string_view(buffer));
    ++i;
  }
}

}  // namespace

bool isPrintable(std::string_view text) {
  bool printable = true;
  walk(text, [](std::size_t, std::size_t) {}, [&](std::string_view) { printable = false; });
  return printable;
}

std::string makePrintable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  walk(
      text, [&](std::size_t from, std::size_t to) { out.append(text.substr(from, to - from)); },
      [&](std::string_view escaped) { out.append(escaped); });
  return out;
}

}  // namespace bulkhead::supervisor
