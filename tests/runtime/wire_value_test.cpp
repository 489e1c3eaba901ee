// C++ values to and from wire::Value for the generated API's generic ports.
#include "runtime/wire_value.hpp"

#include <gtest/gtest.h>

namespace bulkhead::runtime {
namespace {

TEST(WireValue, ScalarsKeepTheirWireAlternative) {
  EXPECT_TRUE(std::holds_alternative<float>(toWire(1.5f).data));  // Float_32
  EXPECT_TRUE(std::holds_alternative<double>(toWire(1.5).data));  // Float_64
  EXPECT_TRUE(std::holds_alternative<std::int64_t>(toWire(std::int16_t{-3}).data));
  EXPECT_TRUE(std::holds_alternative<std::uint64_t>(toWire(std::uint8_t{3}).data));
  EXPECT_TRUE(std::holds_alternative<char>(toWire('x').data));
  EXPECT_TRUE(std::holds_alternative<bool>(toWire(true).data));
}

TEST(WireValue, ArraysRoundTrip) {
  const std::array<std::int16_t, 3> in{1, -2, 1000};
  std::array<std::int16_t, 3> out{};
  ASSERT_TRUE(fromWire(toWire(in), out));
  EXPECT_EQ(out, in);
}

TEST(WireValue, AValueOfAnotherShapeIsRefused) {
  std::int8_t small = 0;
  EXPECT_FALSE(fromWire(wire::Value(std::int64_t{300}), small));  // out of range for the C++ type
  float f = 0;
  EXPECT_FALSE(fromWire(wire::Value(1.0), f));  // a Float_64 is not a Float_32
  std::array<std::int16_t, 3> three{};
  EXPECT_FALSE(fromWire(toWire(std::array<std::int16_t, 2>{1, 2}), three));  // wrong Dimension
  std::string text;
  EXPECT_FALSE(fromWire(wire::Value(true), text));
}

}  // namespace
}  // namespace bulkhead::runtime
