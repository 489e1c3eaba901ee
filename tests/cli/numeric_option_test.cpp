#include "cli/numeric_option.hpp"

#include <gtest/gtest.h>

namespace {

using bulkhead::cli::parseCount;
using bulkhead::cli::parseFactor;

TEST(NumericOption, CountsAtTheirBounds) {
  EXPECT_EQ(parseCount("1", 1, 4294967296).value(), 1u);
  EXPECT_EQ(parseCount("4294967296", 1, 4294967296).value(), 4294967296u);
  EXPECT_EQ(parseCount("4294967297", 1, 4294967296).error(), "'4294967297' is not a whole number in 1..4294967296");
  EXPECT_EQ(parseCount("0", 1, 4294967296).error(), "'0' is not a whole number in 1..4294967296");
}

TEST(NumericOption, CountsRejectEverythingButDigits) {
  for (const char* text : {"", "-1", "+1", " 1", "1 ", "1.0", "1e3", "0x10", "18446744073709551616"})
    EXPECT_FALSE(parseCount(text, 1, 4294967296).has_value()) << text;
}

TEST(NumericOption, FactorsAtTheirBounds) {
  EXPECT_DOUBLE_EQ(parseFactor("0.001", 0.001, 100).value(), 0.001);
  EXPECT_DOUBLE_EQ(parseFactor("100", 0.001, 100).value(), 100.0);
  EXPECT_DOUBLE_EQ(parseFactor(".05", 0.001, 100).value(), 0.05);
  EXPECT_DOUBLE_EQ(parseFactor("5e-2", 0.001, 100).value(), 0.05);
  EXPECT_EQ(parseFactor("100.5", 0.001, 100).error(), "'100.5' is not a number in 0.001..100");
}

TEST(NumericOption, FactorsRejectNonFiniteSignedAndHex) {
  for (const char* text : {"", "0", "-1", "-0.5", "inf", "nan", "infinity", "1e9", "1e400", "0x1p-3", "0.05x", "1e-9"})
    EXPECT_FALSE(parseFactor(text, 0.001, 100).has_value()) << text;
}

TEST(NumericOption, AQuotedValueIsCutAndPrintable) {
  std::string hostile(100, '9');
  hostile[3] = '\x1b';
  auto result = parseCount(hostile, 1, 10);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().find('\x1b'), std::string::npos);
  EXPECT_EQ(result.error(), "'999?" + std::string(28, '9') + "...' is not a whole number in 1..10");
}

}  // namespace
