#pragma once
// Sizes in bits (design section 4).
#include <cstdint>
#include <expected>
#include <optional>

#include "wire/data_type.hpp"
#include "wire/error.hpp"

namespace bulkhead::wire {

// The largest encoding of a value of this type: scalars their width
// (Boolean 1), String a length field of bit_width(maximum) bits plus 8 bits
// per character, Record the sum of its fields, Array Dimension elements.
std::expected<std::uint64_t, Error> maxBits(const DataType& type);

// The maximum size of a connection: HAMR::Bit_Codec_Max_Size if given,
// else the data type's Data_Size, else the size implied by the type. All in
// bits (the model normalises sizes to bits). Errors if none is available.
std::expected<std::uint64_t, Error> connectionMaxBits(std::optional<std::uint64_t> bitCodecMaxSize,
                                                      std::optional<std::uint64_t> dataSize, const DataType* type);

// Bits of the String length field for a maximum of maxLength characters.
std::uint32_t stringLengthBits(std::uint64_t maxLength);

}  // namespace bulkhead::wire
