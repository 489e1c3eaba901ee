#include "cli/numeric_option.hpp"

#include <charconv>
#include <cmath>
#include <fmt/format.h>

namespace bulkhead::cli {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// A value quoted back to the user, cut so a hostile argument cannot flood the terminal.
std::string quoted(std::string_view text) {
  constexpr std::size_t kShown = 32;
  std::string shown(text.substr(0, kShown));
  for (char& c : shown)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return "'" + shown + (text.size() > kShown ? "...'" : "'");
}

std::string rangeText(double min, double max) { return fmt::format("{}..{}", min, max); }

}  // namespace

std::expected<std::uint64_t, std::string> parseCount(std::string_view text, std::uint64_t min, std::uint64_t max) {
  const std::string wanted = fmt::format("is not a whole number in {}..{}", min, max);
  if (text.empty() || !isDigit(text.front())) return std::unexpected(quoted(text) + " " + wanted);
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max)
    return std::unexpected(quoted(text) + " " + wanted);
  return value;
}

std::expected<double, std::string> parseFactor(std::string_view text, double min, double max) {
  const std::string wanted = "is not a number in " + rangeText(min, max);
  // from_chars would take "inf", "nan" and hex floats; a factor is plain decimal.
  if (text.empty() || !(isDigit(text.front()) || text.front() == '.')) return std::unexpected(quoted(text) + " " + wanted);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value) || value < min || value > max)
    return std::unexpected(quoted(text) + " " + wanted);
  return value;
}

CLI::Validator countIn(std::uint64_t min, std::uint64_t max) {
  return CLI::Validator(
      [min, max](std::string& text) {
        auto value = parseCount(text, min, max);
        return value ? std::string() : value.error();
      },
      fmt::format("INT in {}..{}", min, max));
}

CLI::Validator factorIn(double min, double max) {
  return CLI::Validator(
      [min, max](std::string& text) {
        auto value = parseFactor(text, min, max);
        return value ? std::string() : value.error();
      },
      "FLOAT in " + rangeText(min, max));
}

}  // namespace bulkhead::cli
