#pragma once
// The environment a partition program is started with: the variables'
// names, their formats, one writer (the supervisor; the VM host carries the
// same entries over the guest's kernel command line) and one parser (the
// partition, from getenv).
//
//   BULKHEAD_PARTITION          the partition's name in the Plan
//   BULKHEAD_PLAN_FINGERPRINT   the Plan's fingerprint, 16 hexadecimal digits ("0x" accepted)
//   BULKHEAD_CHANNEL_TRANSPORT  "fd" (native) or "uio" (VM guest): contract/handover.hpp
//   BULKHEAD_RESTART            optional: the health monitor's Nth restart of the partition
//   BULKHEAD_TIME_SCALE         optional: `run --time-scale F`, a positive number, shortest form
//   BULKHEAD_DEVICES            VM guests only, for the guest's init: how many /dev/uio<i> to wait for
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulkhead::contract {

inline constexpr const char* kPartitionVariable = "BULKHEAD_PARTITION";
inline constexpr const char* kPlanFingerprintVariable = "BULKHEAD_PLAN_FINGERPRINT";
inline constexpr const char* kChannelTransportVariable = "BULKHEAD_CHANNEL_TRANSPORT";
inline constexpr const char* kRestartVariable = "BULKHEAD_RESTART";
inline constexpr const char* kTimeScaleVariable = "BULKHEAD_TIME_SCALE";
inline constexpr const char* kDevicesVariable = "BULKHEAD_DEVICES";

inline constexpr const char* kNativeTransport = "fd";
inline constexpr const char* kGuestTransport = "uio";

struct PartitionEnvironment {
  std::string partition;
  std::uint64_t planFingerprint = 0;
  std::string transport;
  // 0: the partition's first start; N: the Nth restart (its in ports start
  // empty, as HAMR's initialise finds them).
  std::uint32_t restart = 0;
  // The schedule runs F times as fast, so sporadic minimum inter-arrival
  // times shrink by F too; periodic threads follow the pacer.
  double timeScale = 1.0;
};

// 16 lower-case hexadecimal digits: "000000001234abcd".
inline std::string fingerprintText(std::uint64_t fingerprint) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(fingerprint));
  return text;
}

// The shortest form that reads back exactly: "0.05".
inline std::string timeScaleText(double scale) {
  char text[32];
  char* end = std::to_chars(text, text + sizeof text, scale).ptr;
  return std::string(text, end);
}

// NAME, VALUE in this order; the optional ones only when they are not the
// default.
inline std::vector<std::pair<std::string, std::string>> environmentEntries(const PartitionEnvironment& e) {
  std::vector<std::pair<std::string, std::string>> out{{kPartitionVariable, e.partition},
                                                       {kPlanFingerprintVariable, fingerprintText(e.planFingerprint)},
                                                       {kChannelTransportVariable, e.transport}};
  if (e.restart > 0) out.emplace_back(kRestartVariable, std::to_string(e.restart));
  if (e.timeScale != 1.0) out.emplace_back(kTimeScaleVariable, timeScaleText(e.timeScale));
  return out;
}

// The same as NAME=VALUE.
inline std::vector<std::string> environmentVariables(const PartitionEnvironment& e) {
  std::vector<std::string> out;
  for (const auto& [name, value] : environmentEntries(e)) out.push_back(name + "=" + value);
  return out;
}

inline std::expected<std::uint64_t, std::string> parseFingerprint(std::string_view text) {
  std::string_view digits = text.starts_with("0x") ? text.substr(2) : text;
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
  if (error != std::errc{} || end != digits.data() + digits.size())
    return std::unexpected(std::string(kPlanFingerprintVariable) + " '" + std::string(text) +
                           "' is not a hexadecimal number");
  return value;
}

inline std::expected<double, std::string> parseTimeScale(std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || !(value > 0) || !std::isfinite(value))
    return std::unexpected(std::string(kTimeScaleVariable) + " '" + std::string(text) + "' is not a positive number");
  return value;
}

inline std::expected<std::uint32_t, std::string> parseRestart(std::string_view text) {
  std::uint32_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size())
    return std::unexpected(std::string(kRestartVariable) + " '" + std::string(text) + "' is not a restart count");
  return value;
}

// A variable's value; none, or empty, when it is not set.
using VariableLookup = std::function<std::optional<std::string>(const char* name)>;

// The environment, checked in the order of the table above; an error names
// the variable and what it should hold.
inline std::expected<PartitionEnvironment, std::string> parseEnvironment(const VariableLookup& lookup) {
  auto required = [&](const char* name) -> std::expected<std::string, std::string> {
    auto value = lookup(name);
    if (!value || value->empty())
      return std::unexpected(std::string(name) + " is not set: partition programs are started by `bulkhead run`");
    return *value;
  };
  PartitionEnvironment e;
  auto partition = required(kPartitionVariable);
  if (!partition) return std::unexpected(partition.error());
  e.partition = *partition;
  auto fingerprintValue = required(kPlanFingerprintVariable);
  if (!fingerprintValue) return std::unexpected(fingerprintValue.error());
  auto fingerprint = parseFingerprint(*fingerprintValue);
  if (!fingerprint) return std::unexpected(fingerprint.error());
  e.planFingerprint = *fingerprint;
  auto transport = required(kChannelTransportVariable);
  if (!transport) return std::unexpected(transport.error());
  e.transport = *transport;
  if (auto scale = lookup(kTimeScaleVariable); scale && !scale->empty()) {
    auto parsed = parseTimeScale(*scale);
    if (!parsed) return std::unexpected(parsed.error());
    e.timeScale = *parsed;
  }
  if (auto restart = lookup(kRestartVariable); restart && !restart->empty()) {
    auto parsed = parseRestart(*restart);
    if (!parsed) return std::unexpected(parsed.error());
    e.restart = *parsed;
  }
  return e;
}

}  // namespace bulkhead::contract
