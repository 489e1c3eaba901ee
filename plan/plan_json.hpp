#pragma once
// The Plan as JSON, both ways, and its fingerprint.
//
// The JSON mirrors plan.hpp field by field (lowerCamel keys, enumerations
// as their C++ names: "EventData", "VirtualMachine"). Objects are written
// with sorted keys, so the text is canonical: equal Plans give equal text,
// which is what the fingerprint hashes.
#include "plan/plan.hpp"

#include <cstdint>
#include <expected>
#include <nlohmann/json.hpp>
#include <string>

namespace bulkhead::plan {

nlohmann::json toJson(const Plan& plan);
nlohmann::json toJson(const wire::DataType& type);

// Reads a Plan back; an error names the JSON path and what was wrong:
// "/partitions/0/domain: expected an integer".
std::expected<Plan, std::string> planFromJson(const nlohmann::json& json);
std::expected<wire::DataType, std::string> dataTypeFromJson(const nlohmann::json& json);

// The canonical JSON text of a Plan (compact, sorted keys).
std::string canonicalJson(const Plan& plan);

// FNV-1a 64 of the canonical JSON. The runtime compares it with the one
// baked into a partition program to refuse a program built for another Plan.
std::uint64_t fingerprint(const Plan& plan);

// 16 lower-case hex digits, as passed in BULKHEAD_PLAN_FINGERPRINT.
std::string fingerprintHex(std::uint64_t fingerprint);

}  // namespace bulkhead::plan
