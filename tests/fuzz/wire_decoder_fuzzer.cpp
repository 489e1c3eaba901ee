// Fuzzes the bit codec's decoder as a receiver meets it: a data type (drawn
// from the input's first bytes: scalars, strings, records and arrays, nested)
// and a payload from an untrusted sender (bit count and bytes). decode must
// return a value or an error; a value must re-encode to the same payload
// bits and decode back to itself.
#include "wire/codec.hpp"
#include "wire/max_bits.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>

namespace {

using bulkhead::wire::DataType;

// Reads the input from the front; past the end it yields zeros.
struct Reader {
  const std::uint8_t* data;
  std::size_t size;
  std::uint8_t byte() {
    if (size == 0) return 0;
    --size;
    return *data++;
  }
};

std::shared_ptr<const DataType> drawType(Reader& in, int depth) {
  auto type = std::make_shared<DataType>();
  const std::uint8_t choice = in.byte();
  switch (depth >= 3 ? choice % 6 : choice % 8) {
    case 0: type->kind = DataType::Kind::Boolean; type->bitWidth = 1; break;
    case 1: type->kind = DataType::Kind::Integer; type->bitWidth = 8u << (in.byte() % 4); break;
    case 2: type->kind = DataType::Kind::Unsigned; type->bitWidth = 8u << (in.byte() % 4); break;
    case 3: type->kind = DataType::Kind::Float; type->bitWidth = in.byte() % 2 ? 64 : 32; break;
    case 4: type->kind = DataType::Kind::Character; type->bitWidth = 8; break;
    case 5: type->kind = DataType::Kind::String; type->maxLength = in.byte() % 40; break;
    case 6: {
      type->kind = DataType::Kind::Record;
      const int fields = in.byte() % 4;
      for (int f = 0; f < fields; ++f) type->fields.push_back({"f" + std::to_string(f), drawType(in, depth + 1)});
      break;
    }
    default:
      type->kind = DataType::Kind::Array;
      type->maxLength = in.byte() % 9;
      type->element = drawType(in, depth + 1);
      break;
  }
  return type;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Reader in{data, size};
  std::shared_ptr<const DataType> type = drawType(in, 0);
  std::uint64_t numBits = 0;
  for (int i = 0; i < 8; ++i) numBits = numBits << 8 | in.byte();
  // Keep the claimed size near the real one half of the time, so decoding
  // gets past the size check often enough to be exercised.
  if (numBits & 1) numBits = (numBits >> 1) % (in.size * 8 + 9);
  std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(in.data), in.size);

  auto max = bulkhead::wire::maxBits(*type);
  if (!max) return 0;
  auto value = bulkhead::wire::decode(*type, {numBits, bytes}, *max);
  if (!value) return 0;
  // What decoded must survive a round trip unchanged.
  auto encoded = bulkhead::wire::encode(*type, *value);
  if (!encoded) __builtin_trap();
  auto again = bulkhead::wire::decode(*type, *encoded, *max);
  if (!again || bulkhead::wire::toString(*again) != bulkhead::wire::toString(*value)) __builtin_trap();
  return 0;
}
