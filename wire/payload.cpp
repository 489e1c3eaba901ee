#include "wire/payload.hpp"

#include "base/text.hpp"

namespace bulkhead::wire {

std::expected<void, Error> checkPayload(PayloadView payload, std::uint64_t maxBits) {
  if (payload.numBits > maxBits)
    return std::unexpected(Error{
        ErrorCode::AboveMaximum,
        base::text::concat("payload of ", payload.numBits, " bits above the connection maximum of ", maxBits, " bits")});
  if (payload.bytes.size() != bytesForBits(payload.numBits))
    return std::unexpected(Error{ErrorCode::BufferMismatch,
                                 base::text::concat("payload of ", payload.numBits, " bits carried in ", payload.bytes.size(),
                                              " bytes (expected ", bytesForBits(payload.numBits), ")")});
  return {};
}

}  // namespace bulkhead::wire
