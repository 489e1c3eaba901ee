// The scalar hot path agrees with the generic codec bit for bit.
#include "wire/scalar.hpp"

#include <gtest/gtest.h>

#include "wire/codec.hpp"
#include "wire_types.hpp"

namespace bulkhead::wire {
namespace {

using namespace test;

template <class T>
Payload packed(T v) {
  auto b = packScalar(v);
  return Payload{scalarBits<T>, std::vector<std::byte>(b.begin(), b.end())};
}

TEST(WireScalar, MatchesGenericCodec) {
  EXPECT_EQ(packed<std::int8_t>(-1), *encode(integer(8), std::int64_t{-1}));
  EXPECT_EQ(packed<std::int8_t>(6), *encode(integer(8), std::int64_t{6}));
  EXPECT_EQ(packed<std::int16_t>(-300), *encode(integer(16), std::int64_t{-300}));
  EXPECT_EQ(packed<std::int32_t>(0x01020304), *encode(integer(32), std::int64_t{0x01020304}));
  EXPECT_EQ(packed<std::int64_t>(-5), *encode(integer(64), std::int64_t{-5}));
  EXPECT_EQ(packed<std::uint8_t>(200), *encode(unsignedInt(8), std::uint64_t{200}));
  EXPECT_EQ(packed<std::uint64_t>(~0ull), *encode(unsignedInt(64), ~std::uint64_t{0}));
  EXPECT_EQ(packed<float>(1.5f), *encode(float_(32), 1.5));
  EXPECT_EQ(packed<double>(-0.25), *encode(float_(64), -0.25));
  EXPECT_EQ(packed<bool>(true), *encode(boolean(), true));
  EXPECT_EQ(packed<bool>(false), *encode(boolean(), false));
  EXPECT_EQ(packed<char>('A'), *encode(character(), 'A'));
}

TEST(WireScalar, UnpackRoundTrips) {
  auto b = packScalar<std::int16_t>(-12345);
  EXPECT_EQ(*unpackScalar<std::int16_t>(16, b), -12345);
  auto f = packScalar<double>(3.25);
  EXPECT_EQ(*unpackScalar<double>(64, f), 3.25);
  auto t = packScalar<bool>(true);
  EXPECT_TRUE(*unpackScalar<bool>(1, t));
  auto c = packScalar<std::int8_t>(-128);
  EXPECT_EQ(*unpackScalar<std::int8_t>(8, c), -128);
}

TEST(WireScalar, UnpackRejectsWrongSizes) {
  auto b = packScalar<std::int16_t>(1);
  auto e = unpackScalar<std::int32_t>(16, b);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, "scalar payload of 16 bits in 2 bytes (expected 32 bits in 4 bytes)");
}

}  // namespace
}  // namespace bulkhead::wire
