#pragma once
// Errors inside a partition are values: nothing the runtime does throws
// across the partition boundary (design section 9).
#include <expected>
#include <string>

namespace bulkhead::runtime {

struct RuntimeError {
  std::string message;  // complete sentence, names the partition/thread/port it concerns
};

using Status = std::expected<void, RuntimeError>;

inline std::unexpected<RuntimeError> fail(std::string message) {
  return std::unexpected(RuntimeError{std::move(message)});
}

}  // namespace bulkhead::runtime
