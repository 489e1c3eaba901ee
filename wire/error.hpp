#pragma once
// Errors of the bit codec: values with a message that names where in the
// value or the payload the problem is ("value.pos[2].x", "bit 17").
#include <cstdint>
#include <string>

namespace bulkhead::wire {

enum class ErrorCode : std::uint8_t {
  BadType,         // a DataType the codec cannot size (no String maximum, unknown width, ...)
  ValueMismatch,   // an encoded value does not have the type's shape or range
  AboveMaximum,    // a bit count above the connection maximum
  BufferMismatch,  // bytes that do not match the bit count
  Truncated,       // the payload ends inside a value
  TrailingBits,    // the payload goes on after the value
};

struct Error {
  ErrorCode code;
  std::string message;
};

}  // namespace bulkhead::wire
