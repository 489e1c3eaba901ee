#pragma once
// Numeric command-line options with a documented range, checked while the
// command line is parsed: before any model is read or partition started.
// Values are parsed strictly (no sign on counts, no trailing text, no
// inf/nan), so `--frames -1` or `--time-scale 1e9` is a one-line usage error
// instead of a huge loop or a hang later.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace bulkhead::cli {

// Frames of a run or a simulation: 1..2^32.
inline constexpr std::uint64_t kMinFrames = 1;
inline constexpr std::uint64_t kMaxFrames = std::uint64_t{1} << 32;
// Factor applied to every schedule time: 0.001..100.
inline constexpr double kMinTimeScale = 0.001;
inline constexpr double kMaxTimeScale = 100.0;

// A whole decimal number in [min, max].
std::expected<std::uint64_t, std::string> parseCount(std::string_view text, std::uint64_t min, std::uint64_t max);
// A finite decimal number in [min, max].
std::expected<double, std::string> parseFactor(std::string_view text, double min, double max);

// Validators for CLI11 options built on the two parsers above.
CLI::Validator countIn(std::uint64_t min, std::uint64_t max);
CLI::Validator factorIn(double min, double max);

}  // namespace bulkhead::cli
