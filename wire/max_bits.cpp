#include "wire/max_bits.hpp"

#include <bit>

#include "base/text.hpp"
#include "wire/type_name.hpp"

namespace bulkhead::wire {
namespace {

Error badType(const DataType& type, std::string_view what) {
  return Error{ErrorCode::BadType, base::text::concat("data type ", typeName(type), ": ", what)};
}

// Types nest; a cycle or absurd depth in a hand-built DataType must not
// overflow the stack.
constexpr int kMaxDepth = 64;
constexpr std::uint64_t kMaxTypeBits = std::uint64_t{1} << 40;

std::expected<std::uint64_t, Error> bitsOf(const DataType& type, int depth) {
  if (depth > kMaxDepth) return std::unexpected(badType(type, base::text::concat("nested deeper than ", kMaxDepth)));
  switch (type.kind) {
    case DataType::Kind::Boolean:
      return 1;
    case DataType::Kind::Character:
      return 8;
    case DataType::Kind::Integer:
    case DataType::Kind::Unsigned:
      if (type.bitWidth < 1 || type.bitWidth > 64)
        return std::unexpected(badType(type, base::text::concat("bit width ", type.bitWidth, " (must be 1..64)")));
      return type.bitWidth;
    case DataType::Kind::Float:
      if (type.bitWidth != 32 && type.bitWidth != 64)
        return std::unexpected(badType(type, base::text::concat("float width ", type.bitWidth, " (must be 32 or 64)")));
      return type.bitWidth;
    case DataType::Kind::String:
      if (type.maxLength == 0)
        return std::unexpected(badType(type, "String without a maximum length (HAMR::Max_String_Size)"));
      if (type.maxLength > kMaxTypeBits / 8)
        return std::unexpected(badType(type, base::text::concat("String maximum ", type.maxLength, " is too large")));
      return stringLengthBits(type.maxLength) + 8 * type.maxLength;
    case DataType::Kind::Record: {
      std::uint64_t sum = 0;
      for (const RecordField& field : type.fields) {
        if (!field.type) return std::unexpected(badType(type, base::text::concat("field ", field.name, " has no type")));
        auto bits = bitsOf(*field.type, depth + 1);
        if (!bits) return bits;
        sum += *bits;
        if (sum > kMaxTypeBits) return std::unexpected(badType(type, "larger than 2^40 bits"));
      }
      return sum;
    }
    case DataType::Kind::Array: {
      if (!type.element) return std::unexpected(badType(type, "array without an element type"));
      if (type.maxLength == 0) return std::unexpected(badType(type, "array without a Dimension"));
      auto bits = bitsOf(*type.element, depth + 1);
      if (!bits) return bits;
      if (*bits != 0 && type.maxLength > kMaxTypeBits / *bits)
        return std::unexpected(badType(type, "larger than 2^40 bits"));
      return *bits * type.maxLength;
    }
  }
  return std::unexpected(badType(type, "unknown kind"));
}

}  // namespace

std::uint32_t stringLengthBits(std::uint64_t maxLength) {
  return static_cast<std::uint32_t>(std::bit_width(maxLength));
}

std::expected<std::uint64_t, Error> maxBits(const DataType& type) { return bitsOf(type, 0); }

std::expected<std::uint64_t, Error> connectionMaxBits(std::optional<std::uint64_t> bitCodecMaxSize,
                                                      std::optional<std::uint64_t> dataSize, const DataType* type) {
  if (bitCodecMaxSize) return *bitCodecMaxSize;
  if (dataSize) return *dataSize;
  if (type) return maxBits(*type);
  return std::unexpected(
      Error{ErrorCode::BadType, "connection size unknown: no HAMR::Bit_Codec_Max_Size, no Data_Size and no data type"});
}

}  // namespace bulkhead::wire
