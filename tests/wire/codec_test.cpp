// The bit codec: exact bit patterns, round trips, rejection of bad input.
#include "wire/codec.hpp"

#include <gtest/gtest.h>

#include "wire/max_bits.hpp"
#include "wire_types.hpp"

namespace bulkhead::wire {
namespace {

using namespace test;

std::vector<std::byte> bytes(std::initializer_list<unsigned> values) {
  std::vector<std::byte> out;
  for (unsigned v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

Payload encoded(const DataType& type, const Value& value) {
  auto p = encode(type, value);
  EXPECT_TRUE(p) << p.error().message;
  return p ? *p : Payload{};
}

std::string decodeError(const DataType& type, PayloadView payload, std::uint64_t maxBits) {
  auto v = decode(type, payload, maxBits);
  return v ? "decoded " + toString(*v) : v.error().message;
}

// ---- exact bit patterns -----------------------------------------------------

TEST(WireCodec, Integer8MinusOneIsOneByteFF) {
  EXPECT_EQ(encoded(integer(8), std::int64_t{-1}), (Payload{8, bytes({0xFF})}));
  EXPECT_EQ(encoded(integer(8), std::int64_t{6}), (Payload{8, bytes({0x06})}));
}

TEST(WireCodec, Integer16IsTwosComplementMostSignificantByteFirst) {
  EXPECT_EQ(encoded(integer(16), std::int64_t{-2}), (Payload{16, bytes({0xFF, 0xFE})}));
  EXPECT_EQ(encoded(integer(16), std::int64_t{0x1234}), (Payload{16, bytes({0x12, 0x34})}));
}

TEST(WireCodec, Integer64Extremes) {
  EXPECT_EQ(encoded(integer(64), std::numeric_limits<std::int64_t>::min()),
            (Payload{64, bytes({0x80, 0, 0, 0, 0, 0, 0, 0})}));
  EXPECT_EQ(encoded(unsignedInt(64), std::numeric_limits<std::uint64_t>::max()),
            (Payload{64, bytes({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF})}));
}

TEST(WireCodec, BooleanIsOneBit) {
  EXPECT_EQ(encoded(boolean(), true), (Payload{1, bytes({0x80})}));
  EXPECT_EQ(encoded(boolean(), false), (Payload{1, bytes({0x00})}));
}

TEST(WireCodec, FloatsAreIeee754) {
  EXPECT_EQ(encoded(float_(32), 1.0), (Payload{32, bytes({0x3F, 0x80, 0x00, 0x00})}));
  EXPECT_EQ(encoded(float_(64), -2.0), (Payload{64, bytes({0xC0, 0, 0, 0, 0, 0, 0, 0})}));
}

TEST(WireCodec, RecordFieldsArePackedInOrder) {
  // flag=1, x=00000101, g=0 -> 1000 0010 10.. ....
  auto t = record("Pkg::Flags.i", {{"flag", boolean()}, {"x", integer(8)}, {"g", boolean()}});
  EXPECT_EQ(encoded(t, Value::List{true, std::int64_t{5}, false}), (Payload{10, bytes({0x82, 0x80})}));
}

TEST(WireCodec, StringIsLengthThenCharacters) {
  // maximum 5 -> 3 length bits: 010, 'h' 01101000, 'i' 01101001
  EXPECT_EQ(maxBits(string(5)).value(), 3u + 40u);
  EXPECT_EQ(encoded(string(5), "hi"), (Payload{19, bytes({0x4D, 0x0D, 0x20})}));
}

TEST(WireCodec, ArrayHasDimensionElements) {
  auto t = array("Pkg::Triple", integer(8), 3);
  EXPECT_EQ(encoded(t, Value::List{std::int64_t{1}, std::int64_t{-1}, std::int64_t{2}}),
            (Payload{24, bytes({0x01, 0xFF, 0x02})}));
}

// ---- round trips --------------------------------------------------------------

TEST(WireCodec, NestedRecordRoundTrips) {
  auto point = record("Pkg::Point.i", {{"x", float_(32)}, {"y", float_(64)}});
  auto t = record("Pkg::Message.i", {{"id", unsignedInt(16)},
                                     {"name", string(12)},
                                     {"where", point},
                                     {"history", array("Pkg::History", integer(32), 4)},
                                     {"ok", boolean()},
                                     {"c", character()}});
  Value v =
      Value::List{std::uint64_t{513},
                  "bulkhead",
                  Value::List{0.5f, -1e300},
                  Value::List{std::int64_t{-7}, std::int64_t{0}, std::int64_t{2147483647}, std::int64_t{-2147483648LL}},
                  true,
                  'Z'};
  Payload p = encoded(t, v);
  EXPECT_EQ(p.numBits, 16u + (4 + 8 * 8) + 96 + 128 + 1 + 8);
  auto back = decode(t, p);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, v);
}

TEST(WireCodec, EveryIntegerWidthRoundTripsItsRange) {
  for (std::uint32_t w : {8u, 16u, 32u, 64u}) {
    const std::int64_t lo = w == 64 ? std::numeric_limits<std::int64_t>::min() : -(std::int64_t{1} << (w - 1));
    const std::int64_t hi = w == 64 ? std::numeric_limits<std::int64_t>::max() : (std::int64_t{1} << (w - 1)) - 1;
    for (std::int64_t v : {lo, lo + 1, std::int64_t{-1}, std::int64_t{0}, std::int64_t{1}, hi - 1, hi}) {
      auto back = decode(integer(w), encoded(integer(w), v));
      ASSERT_TRUE(back);
      EXPECT_EQ(std::get<std::int64_t>(back->data), v) << "width " << w;
    }
  }
}

TEST(WireCodec, EmptyStringRoundTrips) {
  Payload p = encoded(string(3), "");
  EXPECT_EQ(p, (Payload{2, bytes({0x00})}));
  EXPECT_EQ(*decode(string(3), p), Value(""));
}

// ---- rejection ----------------------------------------------------------------

TEST(WireCodec, DecodeRejectsBitCountAboveMaximum) {
  EXPECT_EQ(decodeError(integer(8), PayloadView{16, bytes({1, 2})}, 8),
            "payload of 16 bits above the connection maximum of 8 bits");
}

TEST(WireCodec, DecodeRejectsBytesNotMatchingBitCount) {
  auto two = bytes({1, 2});
  EXPECT_EQ(decodeError(integer(8), PayloadView{8, two}, 8), "payload of 8 bits carried in 2 bytes (expected 1)");
  EXPECT_EQ(decodeError(integer(16), PayloadView{16, std::span(two).first(1)}, 16),
            "payload of 16 bits carried in 1 bytes (expected 2)");
}

TEST(WireCodec, DecodeRejectsPayloadEndingInsideValue) {
  auto t = record("Pkg::Pair.i", {{"a", integer(8)}, {"b", integer(16)}});
  EXPECT_EQ(decodeError(t, PayloadView{16, bytes({1, 2})}, 24),
            "payload ends at bit 16 inside value.b (Base_Types::Integer_16 needs 16 bits from bit 8)");
}

TEST(WireCodec, DecodeRejectsTrailingBits) {
  EXPECT_EQ(decodeError(integer(8), PayloadView{16, bytes({1, 2})}, 16),
            "payload has 8 bits after the value (bits 8..15)");
}

TEST(WireCodec, DecodeRejectsStringLengthAboveMaximum) {
  // length field 111 = 7 > 5
  EXPECT_EQ(decodeError(string(5), PayloadView{3, bytes({0xE0})}, 43),
            "value at bit 0: String length 7 above its maximum 5");
}

TEST(WireCodec, EncodeRejectsOutOfRangeAndWrongKinds) {
  auto e = encode(integer(8), std::int64_t{300});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, "value: 300 is out of range for Base_Types::Integer_8 (-128..127)");
  e = encode(unsignedInt(8), std::int64_t{-1});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, "value: -1 is out of range for Base_Types::Unsigned_8 (0..255)");
  e = encode(integer(8), "x");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, "value: expected Base_Types::Integer_8, got a String");
  e = encode(string(2), "abc");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, "value: String of 3 characters above the maximum of 2");
}

TEST(WireCodec, EncodeRejectsWrongShapes) {
  auto t = record("Pkg::Pair.i", {{"a", integer(8)}, {"b", array("Pkg::Two", boolean(), 2)}});
  auto e = encode(t, Value::List{std::int64_t{1}});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, "value: record Pkg::Pair.i has 2 fields, got 1 values");
  e = encode(t, Value::List{std::int64_t{1}, Value::List{true}});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, "value.b: array of Dimension 2, got 1 elements");
  e = encode(t, Value::List{std::int64_t{1}, Value::List{true, std::int64_t{3}}});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, "value.b[1]: expected Base_Types::Boolean, got a signed integer");
}

// ---- sizes --------------------------------------------------------------------

TEST(WireMaxBits, SizesFromTheType) {
  EXPECT_EQ(*maxBits(integer(8)), 8u);
  EXPECT_EQ(*maxBits(boolean()), 1u);
  EXPECT_EQ(*maxBits(float_(64)), 64u);
  EXPECT_EQ(*maxBits(array("A", integer(16), 10)), 160u);
  EXPECT_EQ(*maxBits(record("R", {{"a", boolean()}, {"s", string(255)}})), 1u + 8u + 2040u);
}

TEST(WireMaxBits, BadTypesAreErrors) {
  auto s = maxBits(string(0));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, "data type Base_Types::String: String without a maximum length (HAMR::Max_String_Size)");
  auto f = maxBits(float_(16));
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().message, "data type Base_Types::Float_16: float width 16 (must be 32 or 64)");
  auto i = maxBits(integer(0));
  ASSERT_FALSE(i);
  EXPECT_EQ(i.error().message, "data type Base_Types::Integer_0: bit width 0 (must be 1..64)");
  DataType noElement;
  noElement.kind = DataType::Kind::Array;
  noElement.name = "Pkg::Broken";
  noElement.maxLength = 3;
  auto a = maxBits(noElement);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().message, "data type Pkg::Broken: array without an element type");
}

// Sizing and encoding name a type without a classifier the same way.
TEST(WireMaxBits, UnnamedTypesAreNamedByKindAndWidthLikeTheCodecDoes) {
  auto i = maxBits(scalar(DataType::Kind::Integer, 70, ""));
  ASSERT_FALSE(i);
  EXPECT_EQ(i.error().message, "data type Integer_70: bit width 70 (must be 1..64)");
  auto e = encode(scalar(DataType::Kind::Integer, 8, ""), "x");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, "value: expected Integer_8, got a String");
}

TEST(WireMaxBits, ConnectionMaximumPrefersBitCodecMaxSizeThenDataSize) {
  const DataType i8 = integer(8);
  EXPECT_EQ(*connectionMaxBits(64, 32, &i8), 64u);
  EXPECT_EQ(*connectionMaxBits(std::nullopt, 32, &i8), 32u);
  EXPECT_EQ(*connectionMaxBits(std::nullopt, std::nullopt, &i8), 8u);
  auto none = connectionMaxBits(std::nullopt, std::nullopt, nullptr);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message,
            "connection size unknown: no HAMR::Bit_Codec_Max_Size, no Data_Size and no data type");
}

}  // namespace
}  // namespace bulkhead::wire
