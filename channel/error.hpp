#pragma once
// Errors of the channel layer: values, never exceptions, never crashes.
// The message names where the problem is (a field and its byte offset in
// the region, or the system call that failed).
#include <cerrno>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/errno_text.hpp"

namespace bulkhead::channel {

enum class ErrorCode : std::uint8_t {
  BadGeometry,       // a geometry no region can have (queue size 0, payload too large)
  RegionTooSmall,    // the memory span is smaller than the geometry needs
  Misaligned,        // the region does not start on a 64-byte boundary
  BadMagic,          // header magic is not "BLKHDCHN"
  BadVersion,        // header layout version unknown
  WrongKind,         // header kind differs from the port's category
  BadHeader,         // another header field is inconsistent
  WildCounter,       // numSent / sequence / count is impossible (backwards, beyond any real count)
  BitsAboveMaximum,  // a slot's bit count exceeds the channel's maximum
  PayloadMismatch,   // a sender's bytes do not match its bit count
  BufferTooSmall,    // the receiver's buffer cannot hold a payload of the channel's maximum
  System,            // a system call failed (errno text in the message)
};

struct Error {
  ErrorCode code;
  std::string message;
};

// A failed system call: "what: <errno text>".
inline Error systemError(std::string_view what, int error = errno) {
  return Error{ErrorCode::System, base::errnoText(what, error)};
}

}  // namespace bulkhead::channel
