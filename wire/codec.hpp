#pragma once
// The bit codec of design section 4 for any wire::DataType: bit-packed,
// most significant bit first, two's complement integers, IEEE 754 floats.
#include <expected>

#include "wire/data_type.hpp"
#include "wire/error.hpp"
#include "wire/payload.hpp"
#include "wire/value.hpp"

namespace bulkhead::wire {

// Encodes value as type. Errors if the value does not have the type's shape
// (kind, range, String length, record field count, array Dimension).
std::expected<Payload, Error> encode(const DataType& type, const Value& value);

// Decodes a payload of type. Rejects a bit count above maxBits, bytes that
// do not match the bit count, a payload that ends inside the value or goes
// on after it, and a String length above its maximum. Never reads outside
// payload.bytes.
std::expected<Value, Error> decode(const DataType& type, PayloadView payload, std::uint64_t maxBits);

// As above with the type's own maximum.
std::expected<Value, Error> decode(const DataType& type, PayloadView payload);

}  // namespace bulkhead::wire
