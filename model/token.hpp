#pragma once
// Tokens of AADL v2 text. Keywords are identifiers here; the parser compares
// them case-insensitively, which is what the language asks for.
#include <cstdint>
#include <string_view>

namespace bulkhead::model {

enum class TokenKind {
  Identifier, Integer, Real, String, AnnexText,
  DoubleColon, Colon, Semicolon, Comma, Dot, DotDot, LeftParen, RightParen,
  LeftBracket, RightBracket, LeftBrace, RightBrace, Arrow /* => */, PlusArrow /* +=> */,
  Connect /* -> */, BiConnect /* <-> */, Plus, Minus, Star, Hash, LeftTransition /* -[ */,
  RightTransition /* ]-> */, End
};

struct Token {
  TokenKind kind = TokenKind::End;
  std::string_view text;      // view into the source text
  std::uint32_t offset = 0;   // byte offset in the source
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

std::string_view describe(TokenKind kind);

}  // namespace bulkhead::model
