// Fuzz-style loops: random buffers never crash the decoder (ASan watches),
// and random values round-trip exactly.
#include <gtest/gtest.h>

#include <random>

#include "wire/codec.hpp"
#include "wire/max_bits.hpp"
#include "wire_types.hpp"

namespace bulkhead::wire {
namespace {

using namespace test;

DataType messageType() {
  return record("Pkg::Message.i", {{"id", unsignedInt(16)},
                                   {"name", string(9)},
                                   {"where", record("Pkg::Point.i", {{"x", float_(32)}, {"y", float_(64)}})},
                                   {"samples", array("Pkg::Samples", integer(8), 3)},
                                   {"ok", boolean()},
                                   {"tail", string(2)}});
}

Value randomValue(const DataType& t, std::mt19937_64& rng) {
  using K = DataType::Kind;
  switch (t.kind) {
    case K::Boolean:
      return Value(static_cast<bool>(rng() & 1));
    case K::Character:
      return Value(static_cast<char>(rng()));
    case K::Integer: {
      const std::uint64_t raw = rng();
      const int shift = 64 - static_cast<int>(t.bitWidth);
      return Value(static_cast<std::int64_t>(raw) >> shift);  // arithmetic: in range
    }
    case K::Unsigned:
      return Value(t.bitWidth == 64 ? rng() : rng() >> (64 - t.bitWidth));
    case K::Float:
      // Finite values exactly representable in the width (NaN != NaN).
      if (t.bitWidth == 32) return Value(static_cast<float>(static_cast<std::int32_t>(rng())) / 64.0f);
      return Value(static_cast<double>(static_cast<std::int64_t>(rng() >> 12)) / 1024.0);
    case K::String: {
      std::string s(rng() % (t.maxLength + 1), ' ');
      for (char& c : s) c = static_cast<char>(rng());
      return Value(std::move(s));
    }
    case K::Record: {
      Value::List l;
      for (const auto& f : t.fields) l.push_back(randomValue(*f.type, rng));
      return Value(std::move(l));
    }
    case K::Array: {
      Value::List l;
      for (std::uint64_t i = 0; i < t.maxLength; ++i) l.push_back(randomValue(*t.element, rng));
      return Value(std::move(l));
    }
  }
  return Value();
}

TEST(WireFuzz, RandomValuesRoundTrip) {
  std::mt19937_64 rng(7);
  const DataType t = messageType();
  const std::uint64_t max = *maxBits(t);
  for (int i = 0; i < 20000; ++i) {
    Value v = randomValue(t, rng);
    auto p = encode(t, v);
    ASSERT_TRUE(p) << p.error().message;
    ASSERT_LE(p->numBits, max);
    auto back = decode(t, *p, max);
    ASSERT_TRUE(back) << back.error().message;
    ASSERT_EQ(*back, v) << toString(v);
  }
}

TEST(WireFuzz, RandomBuffersAreDecodedOrRejectedNeverCrash) {
  std::mt19937_64 rng(11);
  const DataType t = messageType();
  const std::uint64_t max = *maxBits(t);
  int decoded = 0, rejected = 0;
  for (int i = 0; i < 100000; ++i) {
    const std::uint64_t numBits = rng() % (max + 24);
    std::size_t size = static_cast<std::size_t>(bytesForBits(numBits));
    if (rng() % 8 == 0) size = rng() % (size + 3);  // sometimes the wrong byte count
    // Exactly sized heap buffer: ASan flags any read past it.
    std::vector<std::byte> buffer(size);
    for (auto& b : buffer) b = static_cast<std::byte>(rng());
    auto v = decode(t, PayloadView{numBits, buffer}, max);
    if (!v) {
      ++rejected;
      continue;
    }
    ++decoded;
    // Whatever decodes re-encodes to the same bits.
    auto p = encode(t, *v);
    ASSERT_TRUE(p) << p.error().message;
    ASSERT_EQ(p->numBits, numBits);
    for (std::uint64_t bit = 0; bit < numBits; ++bit) {
      const auto byte = static_cast<std::size_t>(bit / 8);
      const unsigned mask = 0x80u >> (bit % 8);
      ASSERT_EQ(std::to_integer<unsigned>(p->bytes[byte]) & mask, std::to_integer<unsigned>(buffer[byte]) & mask);
    }
  }
  EXPECT_GT(decoded, 0);
  EXPECT_GT(rejected, 0);
}

}  // namespace
}  // namespace bulkhead::wire
