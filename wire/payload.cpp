#include "wire/payload.hpp"

#include <fmt/format.h>

namespace bulkhead::wire {

std::expected<void, Error> checkPayload(PayloadView payload, std::uint64_t maxBits) {
  if (payload.numBits > maxBits)
    return std::unexpected(Error{ErrorCode::AboveMaximum,
        fmt::format("payload of {} bits above the connection maximum of {} bits", payload.numBits, maxBits)});
  if (payload.bytes.size() != bytesForBits(payload.numBits))
    return std::unexpected(Error{ErrorCode::BufferMismatch,
        fmt::format("payload of {} bits carried in {} bytes (expected {})", payload.numBits, payload.bytes.size(),
                    bytesForBits(payload.numBits))});
  return {};
}

}  // namespace bulkhead::wire
